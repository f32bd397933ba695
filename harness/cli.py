"""The ``clawsim`` command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import anyio
import typer
from rich.console import Console
from rich.table import Table

from state.errors import WorldError

T = TypeVar("T")

app = typer.Typer(
    name="clawsim",
    help="A simulated digital life (mail, calendar, files, chat, contacts, a shell) for testing agents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
world_app = typer.Typer(help="Build, inspect and compare worlds.", no_args_is_help=True)
app.add_typer(world_app, name="world")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def _guarded(action: Callable[[], T]) -> T:
    try:
        return action()
    except WorldError as exc:
        _fail(str(exc))


@app.command()
def personas() -> None:
    """List the shipped personas."""
    from fixtures.persona import list_personas

    table = Table("persona", "timezone", "weeks", "description", box=None, header_style="bold")
    for persona in list_personas():
        table.add_row(persona.id, persona.timezone, str(persona.weeks), persona.description)
    out.print(table)


@world_app.command("build")
def world_build(
    persona: Annotated[str, typer.Argument(help="A persona name (see `clawsim personas`).")],
    at: Annotated[str | None, typer.Option("--at", help="Cut-off time, ISO 8601 with offset.")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write a standalone world file.")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of the generator (default: the persona's).")] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Build anew; do not read or write the cache.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Build (or reuse from the cache) the template world of PERSONA."""
    from fixtures.templates import load_template

    template = _guarded(
        lambda: anyio.run(lambda: load_template(persona, seed=seed, at=at, use_cache=not no_cache))
    )
    world = template.episode()
    try:
        counts = world.counts()
        if output is not None:
            _guarded(lambda: world.save(output))
    finally:
        world.close()
    report: dict[str, Any] = {
        "persona": template.persona,
        "seed": template.seed,
        "at": template.at.isoformat(),
        "cached": template.cached,
        "build_s": round(template.build_seconds, 3),
        "bytes": len(template.data),
        "rows": counts,
        "output": str(output) if output else None,
    }
    if as_json:
        out.print_json(json.dumps(report))
        return
    table = Table("table", "rows", box=None, header_style="bold")
    for name, count in counts.items():
        table.add_row(name, str(count))
    out.print(table)
    source = "reused from the cache" if template.cached else f"built in {template.build_seconds:.2f} s"
    out.print(f"{template.persona} at {report['at']}: {len(template.data):,} bytes, {source}")
    if output is not None:
        out.print(f"wrote {output}")


@world_app.command("show")
def world_show(
    path: Annotated[Path, typer.Argument(help="A world file.")],
    table: Annotated[str | None, typer.Option("--table", help="Show the rows of this table.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.", min=1)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Summarise a world file, or show the rows of one of its tables."""
    from harness.inspect import show_rows, show_summary

    _guarded(
        lambda: show_rows(out, path, table, limit, as_json) if table else show_summary(out, path, as_json)
    )


@world_app.command("diff")
def world_diff(
    before: Annotated[Path, typer.Argument(help="The world file before.")],
    after: Annotated[Path, typer.Argument(help="The world file after.")],
    volatile: Annotated[bool, typer.Option(help="Also show what only reading changed.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show what changed between two world files, row by row."""
    from harness.inspect import diff_files

    diff = _guarded(lambda: diff_files(before, after))
    if as_json:
        out.print_json(diff.model_dump_json())
    else:
        sys.stdout.write(diff.render(volatile=volatile))


@app.command()
def serve(
    service: Annotated[
        str | None,
        typer.Argument(
            help="Serve one service over stdio: mail, calendar, files, messaging, contacts, shell."
        ),
    ] = None,
    world: Annotated[
        Path | None, typer.Option("--world", help="A world file (see `clawsim world build -o`).")
    ] = None,
    http: Annotated[
        bool, typer.Option("--http", help="Serve every service over HTTP at /SERVICE/mcp.")
    ] = False,
    persona: Annotated[
        str | None,
        typer.Option("--persona", help="With --http: serve a fresh in-memory episode of this persona."),
    ] = None,
    at: Annotated[
        str | None, typer.Option("--at", help="With --persona: the cut-off time, ISO 8601.")
    ] = None,
    host: Annotated[str, typer.Option(help="With --http: the address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="With --http: the port.", min=1, max=65535)] = 8765,
) -> None:
    """Serve a world's services as MCP servers: one over stdio, or all over HTTP."""
    from harness.serving import serve_http, serve_stdio

    if http:
        if (world is None) == (persona is None):
            _fail("--http needs exactly one of --world PATH or --persona NAME", 2)
        _guarded(lambda: serve_http(world=world, persona=persona, at=at, host=host, port=port, log=err))
        return
    if service is None or world is None:
        _fail(
            "stdio serves one service of a world file: `clawsim serve mail --world maya.db` "
            "(make one with `clawsim world build maya -o maya.db`), or use --http",
            2,
        )
    _guarded(lambda: serve_stdio(service, world))


def _register_harness() -> None:
    from harness.cli_clients import clients_app
    from harness.cli_config import config
    from harness.cli_export import export_app
    from harness.cli_generate import generate
    from harness.cli_tasks import run, tasks_app
    from harness.replay.cli import replay_model

    app.command("run")(run)
    app.command("replay-model")(replay_model)
    app.command("config")(config)
    app.command("generate")(generate)
    app.add_typer(tasks_app, name="tasks")
    app.add_typer(clients_app, name="clients")
    app.add_typer(export_app, name="export")


_register_harness()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
