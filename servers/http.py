"""The HTTP app: every service of one world at ``/<service>/mcp``, plus ``/health``.

Each service is its own MCP server (clients configure them as separate servers); they share the world,
so a mail sent through ``/mail/mcp`` is seen at once by ``/calendar/mcp``. Loopback by default, with the
SDK's DNS-rebinding protection on for whatever host it is bound to.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from contextlib import AsyncExitStack, asynccontextmanager

from mcp.server.transport_security import TransportSecuritySettings
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Mount, Route

from servers import SERVICES, create_server
from state.clock import local_iso, zone
from state.world import World

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def security_for(host: str) -> TransportSecuritySettings | None:
    """Loopback gets the SDK's own protection; any other host allows only its own name."""
    if host in LOOPBACK:
        return None
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=[f"{host}:*", host],
        allowed_origins=[f"http://{host}:*"],
    )


def create_app(world: World, *, services: Sequence[str] = SERVICES, host: str = "127.0.0.1") -> Starlette:
    """A Starlette app serving ``services`` of ``world``."""
    servers = {name: create_server(name, world) for name in services}
    routes: list[BaseRoute] = [Route("/health", _health(world, list(servers)), methods=["GET"])]
    for name, server in servers.items():
        routes.append(
            Mount(
                f"/{name}", app=server.streamable_http_app(host=host, transport_security=security_for(host))
            )
        )

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncGenerator[None]:
        async with AsyncExitStack() as stack:
            for server in servers.values():
                await stack.enter_async_context(server.session_manager.run())
            yield

    return Starlette(routes=routes, lifespan=lifespan)


def _health(world: World, services: list[str]):
    async def health(_: Request) -> JSONResponse:
        info = world.info()
        return JSONResponse(
            {
                "status": "ok",
                "persona": info.persona,
                "now": local_iso(info.now, zone(info.timezone)),
                "services": {name: f"/{name}/mcp" for name in services},
            }
        )

    return health
