"""The files service: the files of each of the user's devices (laptop, phone) as an MCP server."""

from __future__ import annotations

from mcp.server import MCPServer

from servers._base import ServiceState, service_server
from servers.files import browsing, editing, trash
from servers.files._common import tool
from state.world import World

INSTRUCTIONS = (
    "The user's files on each of their devices (a laptop and a phone, each with its own tree). Every "
    "tool takes device ('laptop' by default, or 'phone'); paths are absolute or start at the home "
    "directory '~'. Deleting moves to the device's trash, from where restore_file puts things back. "
    "Photos, PDFs and archives have no text: read_file and get_file_info give their details instead."
)

_MODULES = (browsing, editing, trash)


def create_server(world: World) -> MCPServer[ServiceState]:
    """The files MCP server over ``world``."""
    return service_server("files", world, INSTRUCTIONS, tool)


__all__ = ["create_server", "tool"]
