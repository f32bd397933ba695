"""The mail service: the user's mail accounts (folders, mails, threads, drafts, attachments) as one
MCP server."""

from __future__ import annotations

from mcp.server import MCPServer

from servers._base import ServiceState, service_server
from servers.mail import reading, writing
from servers.mail._args import tool
from state.world import World

INSTRUCTIONS = (
    "The user's mail: one or more accounts (addresses), each with folders (Inbox, Sent, Drafts, Archive, "
    "Trash, Spam and the user's own). Start with list_emails (the Inbox) or search_emails; read_email shows a "
    "whole mail and read_email_thread a conversation. Ids look like 'msg_42' (mail), 'thr_7' (thread), "
    "'att_3' (attachment). Times are ISO 8601 with the user's UTC offset, e.g. 2026-03-02T09:30:00+01:00. "
    "Attachments come from and are saved to the user's devices (the files service): a device such as "
    "'laptop' and a path."
)

tool.set_order(
    [
        "send_email",
        "reply_to_email",
        "forward_email",
        "create_draft",
        "update_draft",
        "send_draft",
        "delete_draft",
        "create_mail_folder",
        "move_email",
        "mark_email",
        "set_email_labels",
        "delete_email",
        "save_email_attachment",
        "list_mail_accounts",
        "list_mail_folders",
        "list_emails",
        "search_emails",
        "read_email",
        "read_email_thread",
        "read_email_attachment",
    ]
)

__all__ = ["INSTRUCTIONS", "create_server", "reading", "tool", "writing"]


def create_server(world: World) -> MCPServer[ServiceState]:
    """The mail MCP server over ``world``."""
    return service_server("mail", world, INSTRUCTIONS, tool)
