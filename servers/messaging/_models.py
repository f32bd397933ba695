"""What the messaging tools return, and how it is built from the world's rows."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from servers._base import optional
from state.clock import local_iso
from state.db import Tx
from state.messaging import ChatAttachment, ChatConversation, ChatMessage
from state.messaging._lookup import conversation_or_error, members_of, workspace_or_error
from state.messaging.reading import (
    ConversationSummary,
    MessageView,
    conversation_summary,
    message_views,
    snippet,
)


class WorkspaceInfo(BaseModel):
    """A chat workspace or messaging app the user is in."""

    id: str
    name: str
    platform: str = Field(description="Slack, WhatsApp, WeChat, ...")
    kind: Literal["work", "personal"]
    your_handle: str = Field(description="The user's own handle there.")
    conversation_count: int
    unread_count: int = Field(
        description="Messages from others the user has not read yet, in all its conversations."
    )


class ChatWorkspaces(BaseModel):
    workspaces: list[WorkspaceInfo]


class ConversationInfo(BaseModel):
    """A dm, group chat or channel, as a list of conversations shows it."""

    id: str
    workspace_id: str
    kind: Literal["dm", "group", "channel"]
    name: str = Field(description="Channel or group name; for a dm, the other person's name.")
    topic: str = optional("")
    member_count: int
    unread_count: int = Field(description="Messages from others after the user's read position.")
    last_message_at: str | None = Field(description="ISO 8601 with the user's UTC offset; null: no messages.")
    last_message: str = optional("", "'Sender name: start of the text' of the latest message.")
    archived: bool = optional(False, "Nobody can post in an archived conversation.")


class MemberInfo(BaseModel):
    handle: str
    name: str
    is_you: bool


class ConversationDetails(ConversationInfo):
    """A conversation with everyone in it."""

    members: list[MemberInfo]


class ReactionInfo(BaseModel):
    emoji: str
    count: int
    by: list[str] = Field(description="Names of the people who reacted.")
    by_you: bool


class AttachmentInfo(BaseModel):
    """A file shared in a message; read it with read_chat_attachment."""

    id: str
    filename: str
    mime_type: str
    size: int = Field(description="Bytes.")


class ChatMessageInfo(BaseModel):
    """One chat message. Fields that are empty, false or zero (no edit, no thread, no reactions...) are
    left out."""

    id: str
    conversation_id: str
    sender_name: str
    sender_handle: str
    from_you: bool = optional(False)
    text: str = Field(description="Empty when the message was deleted.")
    sent_at: str = Field(description="ISO 8601 with the user's UTC offset.")
    edited_at: str | None = optional(None)
    deleted: bool = optional(False)
    unread: bool = optional(
        False, "From someone else and new since the user last read the conversation (before this call)."
    )
    thread_id: str | None = optional(
        None, "For a reply in a thread: the id of the message that started the thread."
    )
    reply_count: int = optional(0, "Replies in this message's thread.")
    latest_reply_at: str | None = optional(None)
    reactions: list[ReactionInfo] = optional([])
    attachments: list[AttachmentInfo] = optional([])


def conversation_info(tx: Tx, summary: ConversationSummary) -> ConversationInfo:
    c, last = summary.conversation, summary.last_message
    return ConversationInfo(
        id=c.id,
        workspace_id=c.workspace_id,
        kind=c.kind,  # type: ignore[arg-type]  (the operations allow only these kinds)
        name=c.name,
        topic=c.topic,
        member_count=summary.member_count,
        unread_count=summary.unread_count,
        last_message_at=local_iso(last.sent_at, tx.tz) if last else None,
        last_message=f"{last.sender_name}: {snippet(last.text) or '(files)'}" if last else "",
        archived=c.archived,
    )


def conversation_details(tx: Tx, conversation: ChatConversation) -> ConversationDetails:
    info = conversation_info(tx, conversation_summary(tx, conversation))
    you = workspace_or_error(tx, conversation.workspace_id).user_handle.casefold()
    members = [
        MemberInfo(handle=m.handle, name=m.name, is_you=m.handle.casefold() == you)
        for m in members_of(tx, conversation.id)
    ]
    return ConversationDetails(**info.model_dump(), members=members)


def attachment_info(attachment: ChatAttachment) -> AttachmentInfo:
    return AttachmentInfo(
        id=attachment.id, filename=attachment.filename, mime_type=attachment.mime_type, size=attachment.size
    )


def message_info(tx: Tx, view: MessageView) -> ChatMessageInfo:
    m = view.message
    return ChatMessageInfo(
        id=m.id,
        conversation_id=m.conversation_id,
        sender_name=m.sender_name,
        sender_handle=m.sender_handle,
        from_you=view.from_user,
        text=m.text,
        sent_at=local_iso(m.sent_at, tx.tz),
        edited_at=local_iso(m.edited_at, tx.tz) if m.edited_at else None,
        deleted=m.deleted,
        unread=view.unread,
        thread_id=m.thread_parent_id or None,
        reply_count=view.reply_count,
        latest_reply_at=local_iso(view.latest_reply_at, tx.tz) if view.latest_reply_at else None,
        reactions=[
            ReactionInfo(emoji=r.emoji, count=len(r.names), by=r.names, by_you=r.by_user)
            for r in view.reactions
        ],
        attachments=[attachment_info(a) for a in view.attachments],
    )


class FoundMessage(ChatMessageInfo):
    """A chat message found by a search, with where it was posted."""

    conversation_name: str
    conversation_kind: Literal["dm", "group", "channel"]
    workspace_id: str


class ConversationPage(BaseModel):
    """A page of a conversation's messages (or of one thread's replies)."""

    conversation: ConversationInfo = Field(
        description="The conversation, its unread count as it is after this read."
    )
    thread_root: ChatMessageInfo | None = Field(
        description="When reading a thread: the message that started it."
    )
    order: Literal["newest_first", "oldest_first"]
    items: list[ChatMessageInfo]
    next_cursor: str | None = Field(description="Pass as cursor for the next page; null: no more messages.")


class AttachmentContent(BaseModel):
    """A file shared in chat, with its content (a binary file's content is a short description)."""

    id: str
    message_id: str
    filename: str
    mime_type: str
    size: int
    content: str


def found_messages(tx: Tx, messages: list[ChatMessage]) -> list[FoundMessage]:
    """Messages a search found, each with where it was posted."""
    found: list[FoundMessage] = []
    for view in message_views(tx, messages):
        conversation = conversation_or_error(tx, view.message.conversation_id)
        found.append(
            FoundMessage(
                **message_info(tx, view).model_dump(),
                conversation_name=conversation.name,
                conversation_kind=conversation.kind,  # type: ignore[arg-type]
                workspace_id=conversation.workspace_id,
            )
        )
    return found


class SavedChatFile(BaseModel):
    """Where a shared file was saved."""

    device: str
    path: str
    size: int
