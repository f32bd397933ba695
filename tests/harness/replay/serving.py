"""The replay model served in-process on a free port, for tests that talk to it through the SDKs."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import uvicorn

from harness.replay import ReplayModel, create_app


@asynccontextmanager
async def running_replay(model: ReplayModel, log: Path | None = None) -> AsyncIterator[str]:
    """The base URL (without ``/v1``) of ``model`` served by uvicorn until the block ends."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(model, log), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
    )
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(server.serve)
        with anyio.fail_after(20):
            while not server.started:  # noqa: ASYNC110 - uvicorn exposes a flag, not an event
                await anyio.sleep(0.01)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
