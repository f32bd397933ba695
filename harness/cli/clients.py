"""``clawsim clients``: the external clients clawsim drives, installed on demand into a cache."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from harness.cli._output import err, fail, out
from harness.client_installs import INSTALLS, InstallError, cache_dir, install

clients_app = typer.Typer(
    help="Install and list the external agent clients (Claude Code, Codex, OpenClaw, OpenAI Agents SDK).",
    no_args_is_help=True,
)


@clients_app.command("list")
def list_clients() -> None:
    """Each client, the version clawsim pins, and whether it is installed."""
    table = Table("client", "package", "version", "installed", box=None, header_style="bold")
    for client in INSTALLS.values():
        table.add_row(client.name, client.package, client.version, "yes" if client.installed else "no")
    out.print(table)
    out.print(f"cache: {cache_dir()} (set CLAWSIM_CLIENTS_DIR to move it)", highlight=False)


@clients_app.command("install")
def install_clients(
    names: Annotated[
        list[str] | None, typer.Argument(help=f"Clients to install (default all): {', '.join(INSTALLS)}.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Install again even if installed.")] = False,
) -> None:
    """Install the pinned version of each client (npm clients with Node 24) into the cache."""
    chosen = names or list(INSTALLS)
    unknown = [name for name in chosen if name not in INSTALLS]
    if unknown:
        fail(f"unknown client {', '.join(map(repr, unknown))}; clients: {', '.join(INSTALLS)}", 2)
    for name in chosen:
        client = INSTALLS[name]
        if client.installed and not force:
            err.print(f"{name} {client.version}: already installed in {client.folder}", highlight=False)
            continue
        err.print(f"{name} {client.version}: installing {client.spec} ...", highlight=False)
        try:
            install(name, force=force)
        except InstallError as exc:
            fail(f"{name}: {exc}")
        err.print(f"{name} {client.version}: installed in {client.folder}", highlight=False)
