"""Messaging: workspaces (a work chat, a personal messenger), conversations, messages and reactions.

Tables live in :mod:`state.messaging.tables`; the operations in :mod:`~state.messaging.conversations`
(workspaces, conversations, members, read positions), :mod:`~state.messaging.messages` and
:mod:`~state.messaging.attachments`; reads (unread counts, pages, search) in :mod:`~state.messaging.reading`.
"""

from state.messaging.attachments import save_attachment
from state.messaging.conversations import Member, add_members, add_workspace, create_conversation, mark_read
from state.messaging.messages import delete_message, edit_message, post_message, react, send_direct_message
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
    add_members,
    mark_read,
    post_message,
    send_direct_message,
    edit_message,
    delete_message,
    react,
    save_attachment,
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
    "add_members",
    "add_workspace",
    "create_conversation",
    "delete_message",
    "edit_message",
    "mark_read",
    "post_message",
    "react",
    "save_attachment",
    "send_direct_message",
]
