"""Running the MCP servers: one service over stdio, or the HTTP hub; and any ASGI app on a free port."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Literal

import anyio
import uvicorn
from rich.console import Console
from starlette.types import ASGIApp

from servers import SERVICES, create_server
from servers.http import create_app
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
        from fixtures.worlds import load_template

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


@asynccontextmanager
async def serving_app(
    app: ASGIApp, host: str = "127.0.0.1", lifespan: Literal["auto", "on", "off"] = "auto"
) -> AsyncIterator[str]:
    """``app`` served by uvicorn on a free port of ``host`` until the block ends; yields its root URL.
    The socket is bound before uvicorn starts, so no other process can take the port in between."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, 0))
        port = int(sock.getsockname()[1])
        config = uvicorn.Config(app, log_level="warning", lifespan=lifespan, timeout_graceful_shutdown=1)
        server = uvicorn.Server(config)
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(lambda: server.serve(sockets=[sock]))
            with anyio.fail_after(20):
                while not server.started:  # noqa: ASYNC110 - uvicorn exposes a flag, not an event
                    await anyio.sleep(0.01)
            try:
                yield f"http://{f'[{host}]' if ':' in host else host}:{port}"
            finally:
                server.should_exit = True
