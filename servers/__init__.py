"""One MCP server per service over a world; ``servers.http`` serves them together over HTTP."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from mcp.server import MCPServer

from state import schema
from state.errors import InvalidArgument
from state.world import World

SERVICES: tuple[str, ...] = tuple(name for name in schema.SERVICES if name != schema.WORLD)
"""The services with an MCP server, as :data:`state.schema.SERVICES` names them."""


def create_server(service: str, world: World) -> MCPServer[Any]:
    """The MCP server of ``service`` over ``world``."""
    if service not in SERVICES:
        raise InvalidArgument(f"service {service!r} does not exist; services: {', '.join(SERVICES)}")
    module = import_module(f"servers.{service}")
    return module.create_server(world)


def tool_names(service: str) -> list[str]:
    """The names of ``service``'s tools, without making a server."""
    if service not in SERVICES:
        raise InvalidArgument(f"service {service!r} does not exist; services: {', '.join(SERVICES)}")
    return list(import_module(f"servers.{service}").tool.names)


__all__ = ["SERVICES", "create_server", "tool_names"]
