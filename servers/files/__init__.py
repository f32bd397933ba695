"""The files service: the files of each of the user's devices (laptop, phone) as an MCP server."""

from __future__ import annotations

from mcp.server import MCPServer

from servers._base import ServiceState, service_server
from servers.files import reading, writing
from servers.files._args import tool
from state.world import World

INSTRUCTIONS = (
    "The user's files on each of their devices (a laptop and a phone, each with its own tree). Every "
    "tool takes device ('laptop' by default, or 'phone'); paths are absolute or start at the home "
    "directory '~'. Deleting moves to the device's trash, from where restore_file puts things back. "
    "read_file shows a PDF's text, a spreadsheet's cells and a Word file's paragraphs; photos and "
    "archives have no text: read_file and get_file_info give their details instead."
)

tool.set_order(
    [
        "list_file_devices",
        "list_directory",
        "read_file",
        "search_files",
        "get_file_info",
        "write_file",
        "make_directory",
        "move_file",
        "copy_file",
        "sync_file_to_device",
        "delete_file",
        "restore_file",
        "list_trash",
        "empty_trash",
    ]
)

__all__ = ["INSTRUCTIONS", "create_server", "reading", "tool", "writing"]


def create_server(world: World) -> MCPServer[ServiceState]:
    """The files MCP server over ``world``."""
    return service_server("files", world, INSTRUCTIONS, tool)
