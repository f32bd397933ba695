"""Messages: posting (with files), direct messages, editing, deleting and reactions."""

from __future__ import annotations

from state.db import Tx, build
from state.errors import Conflict, InvalidArgument
from state.mail import AttachmentIn, attachment_from_file
from state.messaging._lookup import (
    clean_handle,
    conversation_or_error,
    member_or_error,
    message_or_error,
    same_handle,
    workspace_or_error,
)
from state.messaging.conversations import Member, create_conversation, direct_conversation, move_read_position
from state.messaging.tables import ChatAttachment, ChatConversation, ChatMessage, ChatReaction, ChatWorkspace
from state.ops import operation


def _workspace_of(tx: Tx, conversation: ChatConversation) -> ChatWorkspace:
    return workspace_or_error(tx, conversation.workspace_id)


def _thread_root(tx: Tx, conversation: ChatConversation, parent_id: str) -> str:
    """The message a reply hangs under: replies to a reply join the same thread."""
    if not parent_id:
        return ""
    parent = message_or_error(tx, parent_id)
    if parent.conversation_id != conversation.id:
        raise InvalidArgument(
            f"thread_parent_id {parent_id!r} is a message of conversation {parent.conversation_id}, "
            f"not of {conversation.id}"
        )
    return parent.thread_parent_id or parent.id


def _attach(tx: Tx, message_id: str, attachments: list[AttachmentIn], files: list[str]) -> None:
    """Store attachments given as text, then files "device:/abs/path" as their content is now."""
    given = [(a, "", None) for a in attachments] + [attachment_from_file(tx, spec) for spec in files]
    for attachment, source, data in given:
        tx.insert(
            build(ChatAttachment)(
                id=tx.new_id("chatfile"),
                message_id=message_id,
                filename=attachment.filename,
                mime_type=attachment.resolved_mime_type(),
                size=attachment.resolved_size() if data is None else len(data),
                content=attachment.content,
                data=data,
                source=source,
            )
        )


@operation("messaging")
async def send_chat_message(
    tx: Tx,
    conversation_id: str,
    text: str,
    sender: str | None = None,
    thread_parent_id: str = "",
    attachments: list[AttachmentIn] | None = None,
    attach_files: list[str] | None = None,
    workspace: str | None = None,
) -> ChatMessage:
    """Post a message in a conversation, from ``sender`` (a member's handle; default the user).

    ``thread_parent_id`` makes it a reply in that message's thread. ``attach_files`` shares files as
    "device:/abs/path" (e.g. "laptop:/home/maya/notes.txt"), copied as they are now. A message from the
    user marks the conversation read up to it.
    """
    conversation = conversation_or_error(tx, conversation_id, workspace)
    if conversation.archived:
        raise Conflict(
            f"conversation {conversation.id} ({conversation.name!r}) is archived; nobody can post in it"
        )
    ws = _workspace_of(tx, conversation)
    member = member_or_error(tx, conversation, clean_handle(sender, "sender") if sender else ws.user_handle)
    if not text.strip() and not attachments and not attach_files:
        raise InvalidArgument("a message needs text or an attachment; text is empty")
    message = build(ChatMessage)(
        id=tx.new_id("chat"),
        conversation_id=conversation.id,
        sender_handle=member.handle,
        sender_name=member.name,
        text=text,
        sent_at=tx.now_db,
        thread_parent_id=_thread_root(tx, conversation, thread_parent_id),
    )
    tx.insert(message)
    _attach(tx, message.id, attachments or [], attach_files or [])
    if same_handle(member.handle, ws.user_handle):
        move_read_position(tx, conversation.id, message.sent_at)
    return message


@operation("messaging")
async def send_direct_message(
    tx: Tx,
    workspace: str,
    handle: str,
    text: str,
    name: str = "",
    attachments: list[AttachmentIn] | None = None,
    attach_files: list[str] | None = None,
) -> ChatMessage:
    """A direct message from the user to ``handle``, opening a dm with them if there is none yet."""
    ws = workspace_or_error(tx, workspace)
    to = clean_handle(handle)
    if same_handle(to, ws.user_handle):
        raise InvalidArgument(
            f"handle {to!r} is the user's own handle in {ws.name!r}; a dm needs someone else"
        )
    conversation = direct_conversation(tx, ws.id, to)
    if conversation is None:
        conversation = await create_conversation(tx, ws.id, "dm", "", [Member(handle=to, name=name)])
    return await send_chat_message(
        tx, conversation.id, text, attachments=attachments, attach_files=attach_files
    )


def _own_message(tx: Tx, message_id: str, handle: str | None, verb: str) -> ChatMessage:
    """A live message that ``handle`` (default: the user) sent; nobody changes another's message."""
    message = message_or_error(tx, message_id)
    if message.deleted:
        raise Conflict(f"message {message.id} is deleted; it cannot be {verb}")
    ws = _workspace_of(tx, conversation_or_error(tx, message.conversation_id))
    who = clean_handle(handle) if handle else ws.user_handle
    if not same_handle(who, message.sender_handle):
        raise Conflict(
            f"message {message.id} was sent by {message.sender_handle} ({message.sender_name}); only its sender "
            f"can have it {verb}, not {who}"
        )
    return message


@operation("messaging")
async def edit_chat_message(tx: Tx, message_id: str, text: str, handle: str | None = None) -> ChatMessage:
    """Change the text of a message the user (or ``handle``) sent; it shows as edited."""
    message = _own_message(tx, message_id, handle, "edited")
    if not text.strip():
        raise InvalidArgument(
            "the new text is empty; delete the message with messaging.delete_chat_message instead"
        )
    tx.update(ChatMessage, message.id, text=text, edited_at=tx.now_db)
    return message_or_error(tx, message.id)


@operation("messaging")
async def delete_chat_message(tx: Tx, message_id: str, handle: str | None = None) -> ChatMessage:
    """Delete a message the user (or ``handle``) sent: its text, files and reactions go; replies stay."""
    message = _own_message(tx, message_id, handle, "deleted")
    tx.update(ChatMessage, message.id, text="", deleted=True)
    tx.run("DELETE FROM chat_attachment WHERE message_id = ?", message.id)
    tx.run("DELETE FROM chat_reaction WHERE message_id = ?", message.id)
    return message_or_error(tx, message.id)


@operation("messaging")
async def react_to_chat_message(
    tx: Tx, message_id: str, emoji: str, handle: str | None = None
) -> ChatReaction:
    """React to a message with an emoji, as the user (or ``handle``, a member of the conversation)."""
    message = message_or_error(tx, message_id)
    if message.deleted:
        raise Conflict(f"message {message.id} is deleted; it cannot get reactions")
    conversation = conversation_or_error(tx, message.conversation_id)
    ws = _workspace_of(tx, conversation)
    member = member_or_error(tx, conversation, clean_handle(handle) if handle else ws.user_handle)
    mark = emoji.strip()
    if not mark:
        raise InvalidArgument("emoji is empty; give an emoji such as '👍' or a name such as ':tada:'")
    reaction_id = f"{message.id}/{member.handle}/{mark}"
    if tx.get(ChatReaction, reaction_id) is not None:
        raise Conflict(f"{member.handle} has reacted {mark} to message {message.id} already")
    reaction = build(ChatReaction)(
        id=reaction_id, message_id=message.id, handle=member.handle, emoji=mark, reacted_at=tx.now_db
    )
    tx.insert(reaction)
    return reaction
