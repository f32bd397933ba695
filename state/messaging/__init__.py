"""Messaging: workspaces (a work chat, a personal messenger), conversations, messages and reactions.

Tables live in :mod:`state.messaging.tables`; the operations in :mod:`~state.messaging.conversations`
(workspaces, conversations, members, read positions), :mod:`~state.messaging.messages` and
:mod:`~state.messaging.attachments`; reads (unread counts, pages, search) in :mod:`~state.messaging.reading`.
"""

from state.messaging.attachments import save_chat_attachment
from state.messaging.conversations import (
    Member,
    add_chat_members,
    add_workspace,
    create_conversation,
    mark_conversation_read,
)
from state.messaging.messages import (
    delete_chat_message,
    edit_chat_message,
    react_to_chat_message,
    send_chat_message,
    send_direct_message,
)
from state.messaging.tables import (
    FULL_TEXT,
    ChatAttachment,
    ChatConversation,
    ChatMember,
    ChatMessage,
    ChatReaction,
    ChatReadState,
    ChatWorkspace,
)

TABLES = (
    ChatWorkspace,
    ChatConversation,
    ChatMember,
    ChatMessage,
    ChatAttachment,
    ChatReaction,
    ChatReadState,
)
OPERATIONS = (
    add_workspace,
    create_conversation,
    add_chat_members,
    mark_conversation_read,
    send_chat_message,
    send_direct_message,
    edit_chat_message,
    delete_chat_message,
    react_to_chat_message,
    save_chat_attachment,
)
FULL_TEXT_INDEXES = (FULL_TEXT,)

__all__ = [
    "FULL_TEXT_INDEXES",
    "OPERATIONS",
    "TABLES",
    "ChatAttachment",
    "ChatConversation",
    "ChatMember",
    "ChatMessage",
    "ChatReaction",
    "ChatReadState",
    "ChatWorkspace",
    "Member",
    "add_chat_members",
    "add_workspace",
    "create_conversation",
    "delete_chat_message",
    "edit_chat_message",
    "mark_conversation_read",
    "react_to_chat_message",
    "save_chat_attachment",
    "send_chat_message",
    "send_direct_message",
]
