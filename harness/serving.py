"""Running the MCP servers: one service over stdio, or the HTTP hub."""

from __future__ import annotations

from pathlib import Path

import anyio
import uvicorn
from rich.console import Console

from servers import SERVICES, create_server
from servers.hub import create_app
from state.world import World


def serve_stdio(service: str, path: Path) -> None:
    """Serve ``service`` of the world file at ``path`` over stdio until the client hangs up.

    Several such processes (one per service) may share one file: writes are transactions on a WAL
    journal, each read sees the latest committed state.
    """
    world = World.open(path)
    try:
        server = create_server(service, world)
        anyio.run(server.run_stdio_async)
    finally:
        world.close()


def serve_http(
    *, world: Path | None, persona: str | None, at: str | None, host: str, port: int, log: Console
) -> None:
    """Serve every service of a world file, or of a new episode of a persona, over HTTP."""
    if world is not None:
        served = World.open(world)
        what = str(world)
    else:
        from fixtures.templates import load_template

        assert persona is not None
        template = anyio.run(lambda: load_template(persona, at=at))
        served = template.episode()
        what = f"a new episode of {persona} at {template.at.isoformat()} (in memory)"
    try:
        app = create_app(served, host=host)
        shown = f"[{host}]" if ":" in host else host
        log.print(f"serving {what}", highlight=False)
        for service in SERVICES:
            log.print(f"  {service:<10} http://{shown}:{port}/{service}/mcp", highlight=False)
        log.print(f"  health     http://{shown}:{port}/health", highlight=False)
        config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
        anyio.run(uvicorn.Server(config).serve)
    finally:
        served.close()
