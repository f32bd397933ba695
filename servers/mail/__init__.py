"""The mail service: the user's mail accounts (folders, mails, threads, drafts, attachments) as one
MCP server."""

from __future__ import annotations

from mcp.server import MCPServer

from servers._base import ServiceState, service_server
from servers.mail import composing, organizing, reading
from servers.mail._common import tool
from state.world import World

INSTRUCTIONS = (
    "The user's mail: one or more accounts (addresses), each with folders (Inbox, Sent, Drafts, Archive, "
    "Trash, Spam and the user's own). Start with list_emails (the Inbox) or search_emails; read_email shows a "
    "whole mail and read_email_thread a conversation. Ids look like 'msg_42' (mail), 'thr_7' (thread), "
    "'att_3' (attachment). Times are ISO 8601 with the user's UTC offset, e.g. 2026-03-02T09:30:00+01:00. "
    "Attachments come from and are saved to the user's devices (the files service): a device such as "
    "'laptop' and a path."
)

__all__ = ["composing", "create_server", "organizing", "reading", "tool"]


def create_server(world: World) -> MCPServer[ServiceState]:
    """The mail MCP server over ``world``."""
    return service_server("mail", world, INSTRUCTIONS, tool)
