"""The contacts service: the user's address book as an MCP server."""

from __future__ import annotations

from mcp.server import MCPServer

from servers._base import ServiceState, service_server
from servers.contacts import reading, writing
from servers.contacts._args import tool
from state.world import World

INSTRUCTIONS = (
    "The user's address book: people with their email addresses, phone numbers, chat handles, "
    "organisation, role, relationship to the user and notes. Contact ids look like 'contact_12'."
)

tool.set_order(["search_contacts", "get_contact", "create_contact", "update_contact", "delete_contact"])

__all__ = ["INSTRUCTIONS", "create_server", "reading", "tool", "writing"]


def create_server(world: World) -> MCPServer[ServiceState]:
    """The contacts MCP server over ``world``."""
    return service_server("contacts", world, INSTRUCTIONS, tool)
