"""The calendar service: the user's calendars, events, invitations and free time as an MCP server."""

from __future__ import annotations

from mcp.server import MCPServer

from servers._base import ServiceState, service_server
from servers.calendar import reading, writing
from servers.calendar._app import INSTRUCTIONS, tool
from state.world import World

__all__ = ["create_server", "reading", "tool", "writing"]


def create_server(world: World) -> MCPServer[ServiceState]:
    """The calendar MCP server over ``world``."""
    return service_server("calendar", world, INSTRUCTIONS, tool)
