"""The episode hub: one HTTP server that holds the MCP servers of many episodes at once.

External clients (Claude Code, Codex, OpenClaw, ...) reach an episode's services over HTTP at
``http://HOST:PORT/e/TOKEN/SERVICE/mcp``. Each episode gets its own unguessable token (32 random bytes,
URL-safe); a request whose token is not a live episode's gets 404 and learns nothing about the others,
and a token only ever routes to its own episode's servers, which hold only that episode's world.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from mcp.server import MCPServer
from starlette.responses import JSONResponse
from starlette.routing import Match, Mount
from starlette.types import Receive, Scope, Send

from harness.serving import serving_app
from servers.http import security_for

PREFIX = "/e/"
TOKEN_BYTES = 32


class EpisodeHub:
    """An ASGI app routing ``/e/TOKEN/SERVICE/...`` to the registered episode's servers."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.base_url = ""
        self._mounts: dict[tuple[str, str], Mount] = {}

    @property
    def episodes(self) -> int:
        return len({token for token, _ in self._mounts})

    @classmethod
    @asynccontextmanager
    async def serve(cls, host: str = "127.0.0.1") -> AsyncIterator[EpisodeHub]:
        """A hub listening on a free port of ``host`` until the block ends."""
        hub = cls(host)
        async with serving_app(hub, host, lifespan="off") as url:
            hub.base_url = url
            yield hub

    @asynccontextmanager
    async def episode(self, servers: Mapping[str, MCPServer[Any]]) -> AsyncIterator[dict[str, str]]:
        """Serve ``servers`` under a new token until the block ends; yields service -> MCP URL."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        async with AsyncExitStack() as stack:
            try:
                for service, server in servers.items():
                    security = security_for(self.host)
                    app = server.streamable_http_app(host=self.host, transport_security=security)
                    await stack.enter_async_context(server.session_manager.run())
                    self._mounts[(token, service)] = Mount(f"{PREFIX}{token}/{service}", app=app)
                yield {service: f"{self.base_url}{PREFIX}{token}/{service}/mcp" for service in servers}
            finally:
                for service in servers:
                    self._mounts.pop((token, service), None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        path: str = scope["path"]
        if path == "/health":
            await JSONResponse({"status": "ok", "episodes": self.episodes})(scope, receive, send)
            return
        mount = self._route(path)
        if mount is None:
            await _not_found(scope, receive, send)
            return
        match, child = mount.matches(scope)
        if match is not Match.FULL:
            await _not_found(scope, receive, send)
            return
        await mount.handle({**scope, **child}, receive, send)

    def _route(self, path: str) -> Mount | None:
        if not path.startswith(PREFIX):
            return None
        parts = path[len(PREFIX) :].split("/", 2)
        if len(parts) < 2:
            return None
        return self._mounts.get((parts[0], parts[1]))


async def _not_found(scope: Scope, receive: Receive, send: Send) -> None:
    body = {"error": "no episode here: the URL's token is not a live episode's, or the service is not served"}
    await JSONResponse(body, status_code=404)(scope, receive, send)
