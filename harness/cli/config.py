"""``clawsim config``: an MCP configuration for a person's own client."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from harness.cli._output import err, fail
from harness.client_config import CONFIG_FILES, ClientConfigError, config_hint, render_config


def config(
    client: Annotated[str, typer.Argument(help=f"One of: {', '.join(CONFIG_FILES)}.")],
    world: Annotated[
        Path | None, typer.Option("--world", help="A world file, served over stdio per service.")
    ] = None,
    persona: Annotated[
        str | None,
        typer.Option(
            "--persona",
            help="A persona: its world file is built once into the cache and served over stdio.",
        ),
    ] = None,
    http: Annotated[
        str | None,
        typer.Option(
            "--http", help="Base URL of a running `clawsim serve --http`, e.g. http://127.0.0.1:8765."
        ),
    ] = None,
    services: Annotated[
        str | None, typer.Option("--services", help="Comma-separated services; default all.")
    ] = None,
) -> None:
    """Print a ready-to-paste MCP configuration for CLIENT, one server per service (stdout only)."""
    chosen = [name.strip() for name in services.split(",") if name.strip()] if services else None
    try:
        if persona is not None and world is None and http is None:
            world, persona = _persona_world(persona), None
        text = render_config(client, world=world, persona=persona, http=http, services=chosen)
    except ClientConfigError as exc:
        fail(str(exc), 2)
    err.print(config_hint(client), highlight=False, markup=False)
    sys.stdout.write(text)


def _persona_world(persona: str) -> Path:
    """The world file of ``persona`` in the cache, built on first use (changes made through the servers
    stay in it; delete it to start again)."""
    import anyio

    from fixtures.worlds import cache_dir, load_template
    from state.errors import WorldError

    path = cache_dir() / "worlds" / f"{persona}.db"
    if path.is_file():
        err.print(f"# serving {path} (changes stay in it; delete it to start afresh)", highlight=False)
        return path
    try:
        template = anyio.run(lambda: load_template(persona))
    except WorldError as exc:
        raise ClientConfigError(str(exc)) from None
    world = template.episode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        world.save(path)
    finally:
        world.close()
    err.print(
        f"# built {path} for {persona} (changes stay in it; delete it to start afresh)", highlight=False
    )
    return path
