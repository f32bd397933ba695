"""The replay model served in-process on a free port, for tests and benchmarks that talk to it through
the SDKs or real clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from harness.replay.app import create_app
from harness.replay.model import ReplayModel
from harness.serving import serving_app


@asynccontextmanager
async def running_replay(model: ReplayModel, log: Path | None = None) -> AsyncIterator[str]:
    """The base URL (without ``/v1``) of ``model`` served by uvicorn until the block ends."""
    async with serving_app(create_app(model, log), lifespan="off") as url:
        yield url
