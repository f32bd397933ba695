"""The messaging service: the user's work chat (a Slack-like workspace) and personal messengers
(WhatsApp- or WeChat-like apps) as one MCP server."""

from __future__ import annotations

from mcp.server import MCPServer

from servers._base import ServiceState, service_server
from servers.messaging import reading, writing
from servers.messaging._args import tool
from state.world import World

INSTRUCTIONS = (
    "The user's chats: a work workspace (Slack-like: channels, threads) and personal messaging apps "
    "(WhatsApp-like: dms and groups). Start with list_chat_workspaces or list_conversations. Ids look like "
    "'lumen' (workspace), 'conv_3' (conversation), 'chat_42' (message), 'chatfile_3' (shared file). "
    "Times are ISO 8601 with the user's UTC offset. Everything is sent and done as the user."
)

tool.set_order(
    [
        "list_chat_workspaces",
        "list_conversations",
        "get_chat_conversation",
        "read_conversation",
        "search_chat_messages",
        "read_chat_attachment",
        "send_chat_message",
        "edit_chat_message",
        "delete_chat_message",
        "react_to_chat_message",
        "create_group_chat",
        "add_chat_members",
        "mark_conversation_read",
        "mark_chat_message_unread",
        "save_chat_attachment",
    ]
)

__all__ = ["INSTRUCTIONS", "create_server", "reading", "tool", "writing"]


def create_server(world: World) -> MCPServer[ServiceState]:
    """The messaging MCP server over ``world``."""
    return service_server("messaging", world, INSTRUCTIONS, tool)
