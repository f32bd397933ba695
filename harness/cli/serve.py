"""``clawsim serve``: a world's services as MCP servers, one over stdio or all over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harness.cli._output import err, fail, guarded


@guarded
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
            fail("--http needs exactly one of --world PATH or --persona NAME", 2)
        serve_http(world=world, persona=persona, at=at, host=host, port=port, log=err)
        return
    if service is None or world is None:
        fail(
            "stdio serves one service of a world file: `clawsim serve mail --world maya.db` "
            "(make one with `clawsim world build maya -o maya.db`), or use --http",
            2,
        )
    serve_stdio(service, world)
