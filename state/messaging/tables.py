# pyright: reportIncompatibleVariableOverride=false
# (SQLModel types __tablename__ as a declared_attr; a table names itself with a plain string)
"""The messaging tables: workspaces (a work chat, a personal messenger), conversations, messages, reactions."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from state.db import FullTextIndex, volatile_table


class ChatWorkspace(SQLModel, table=True):
    """A chat app or workspace the user is in, and the handle they have there."""

    __tablename__: ClassVar[str] = "chat_workspace"
    id: str = Field(primary_key=True)
    name: str
    platform: str  # e.g. "Slack", "WhatsApp", "WeChat"
    kind: str  # work | personal
    user_handle: str


class ChatConversation(SQLModel, table=True):
    """A direct message, a group chat or a channel."""

    __tablename__: ClassVar[str] = "chat_conversation"
    id: str = Field(primary_key=True)
    workspace_id: str = Field(foreign_key="chat_workspace.id", index=True)
    kind: str  # dm | group | channel
    name: str
    topic: str = ""
    created_by: str
    created_at: str
    archived: bool = False


class ChatMember(SQLModel, table=True):
    """A member of a conversation."""

    __tablename__: ClassVar[str] = "chat_member"
    id: str = Field(primary_key=True)
    conversation_id: str = Field(foreign_key="chat_conversation.id", index=True)
    handle: str = Field(index=True)
    name: str
    joined_at: str


class ChatMessage(SQLModel, table=True):
    """A message; ``thread_parent_id`` makes it a reply in a thread."""

    __tablename__: ClassVar[str] = "chat_message"
    __table_args__ = (
        # A conversation's timeline (or one thread's replies) newest first, its latest message, its
        # unread range; and the replies of a page of messages.
        Index("chat_message_timeline", "conversation_id", "thread_parent_id", "sent_at"),
        Index("chat_message_recent", "conversation_id", "sent_at"),
        Index("chat_message_thread", "thread_parent_id"),
    )
    id: str = Field(primary_key=True)
    conversation_id: str = Field(foreign_key="chat_conversation.id")
    sender_handle: str
    sender_name: str
    text: str
    sent_at: str = Field(index=True)
    thread_parent_id: str = ""
    edited_at: str | None = None
    deleted: bool = False


class ChatAttachment(SQLModel, table=True):
    """A file shared in a message: its content as it was when it was sent."""

    __tablename__: ClassVar[str] = "chat_attachment"
    id: str = Field(primary_key=True)
    message_id: str = Field(foreign_key="chat_message.id", index=True)
    filename: str
    mime_type: str
    size: int
    content: str = ""
    data: bytes | None = None  # a binary file's bytes (content is then its text, e.g. a PDF's)
    source: str = ""


class ChatReaction(SQLModel, table=True):
    """An emoji reaction to a message."""

    __tablename__: ClassVar[str] = "chat_reaction"
    id: str = Field(primary_key=True)
    message_id: str = Field(foreign_key="chat_message.id", index=True)
    handle: str
    emoji: str
    reacted_at: str


class ChatReadState(SQLModel, table=True):
    """How far the user has read a conversation (volatile: reading moves it)."""

    __tablename__: ClassVar[str] = "chat_read_state"
    __table_args__ = volatile_table()
    id: str = Field(primary_key=True)  # the conversation id
    last_read_at: str


FULL_TEXT = FullTextIndex("chat_fts", "chat_message", ("text", "sender_name"))
"""The index ``search`` queries; kept in step with the table by triggers."""
