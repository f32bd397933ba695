"""What the messaging tools share: the registry, argument types, output models and their builders."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from servers._base import ToolRegistry
from state.clock import local_iso
from state.db import Tx
from state.messaging import ChatAttachment, ChatConversation
from state.messaging._lookup import members_of, workspace_or_error
from state.messaging.reading import ConversationSummary, MessageView, conversation_summary, snippet

tool = ToolRegistry()


def _empty(value: object) -> bool:
    return not value


def _optional(default: Any, description: str | None = None) -> Any:
    """A field left out of the output when it is empty, false or zero (most messages have no reactions,
    edits or threads: listing every such field would bury the text)."""
    return Field(default=default, description=description, exclude_if=_empty)


ConversationRef = Annotated[
    str,
    Field(
        description="A conversation id such as 'conv_3', or its name: a channel ('general' or '#general'), "
        "a group's name, or the person's name for a dm."
    ),
]
WorkspaceRef = Annotated[
    str | None,
    Field(description="A workspace id from list_chat_workspaces (e.g. 'lumen'), or its name or platform."),
]
MessageId = Annotated[str, Field(description="A chat message id, e.g. 'chat_42'.")]
Limit = Annotated[int, Field(description="How many per page (1-100).")]
Cursor = Annotated[str | None, Field(description="next_cursor of the previous page.")]


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
    topic: str = _optional("")
    member_count: int
    unread_count: int = Field(description="Messages from others after the user's read position.")
    last_message_at: str | None = Field(description="ISO 8601 with the user's UTC offset; null: no messages.")
    last_message: str = _optional("", "'Sender name: start of the text' of the latest message.")
    archived: bool = _optional(False, "Nobody can post in an archived conversation.")


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
    from_you: bool = _optional(False)
    text: str = Field(description="Empty when the message was deleted.")
    sent_at: str = Field(description="ISO 8601 with the user's UTC offset.")
    edited_at: str | None = _optional(None)
    deleted: bool = _optional(False)
    unread: bool = _optional(
        False, "From someone else and new since the user last read the conversation (before this call)."
    )
    thread_id: str | None = _optional(
        None, "For a reply in a thread: the id of the message that started the thread."
    )
    reply_count: int = _optional(0, "Replies in this message's thread.")
    latest_reply_at: str | None = _optional(None)
    reactions: list[ReactionInfo] = _optional([])
    attachments: list[AttachmentInfo] = _optional([])


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
