"""Tools that change chat: sending, editing, deleting, reactions, groups, members, read positions, files.

Everything is done as the user: messages are sent from the user's handle in the workspace.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from servers._base import Ctx, Deleted, writing
from servers.messaging._args import ConversationRef, Handles, MessageId, WorkspaceRef, tool
from servers.messaging._models import (
    ChatMessageInfo,
    ConversationDetails,
    ConversationInfo,
    SavedChatFile,
    conversation_details,
    conversation_info,
    message_info,
)
from state import messaging
from state.clock import from_db
from state.db import Tx
from state.messaging import ChatMessage, ChatWorkspace, Member
from state.messaging import reading as chat
from state.messaging._lookup import conversation_or_error, message_or_error


def _shown(tx: Tx, message: ChatMessage) -> ChatMessageInfo:
    return message_info(tx, chat.message_views(tx, [message_or_error(tx, message.id)])[0])


async def _send(
    tx: Tx,
    text: str,
    conversation_id: str | None,
    to_handle: str | None,
    workspace: str | None,
    thread_id: str | None,
    files: list[str],
) -> ChatMessage:
    if to_handle is not None and (conversation_id is not None or thread_id is not None):
        raise ToolError("give to_handle alone (a direct message), or conversation_id / thread_id; not both")
    if to_handle is not None:
        if workspace is None:
            known = ", ".join(w.id for w in tx.select(ChatWorkspace)) or "none"
            raise ToolError(f"to_handle {to_handle!r} needs a workspace too; workspaces: {known}")
        return await messaging.send_direct_message(tx, workspace, to_handle, text, attach_files=files)
    if conversation_id is None and thread_id is None:
        raise ToolError("say where to send: conversation_id, thread_id (a reply) or to_handle with workspace")
    target = conversation_id or message_or_error(tx, thread_id or "").conversation_id
    return await messaging.send_chat_message(
        tx, target, text, thread_parent_id=thread_id or "", attach_files=files, workspace=workspace
    )


@tool()
async def send_chat_message(
    ctx: Ctx,
    text: Annotated[str, Field(description="The message; may be empty when files are attached.")],
    conversation_id: Annotated[
        str | None, Field(description="Where to post: a conversation id such as 'conv_3' or its name.")
    ] = None,
    to_handle: Annotated[
        str | None,
        Field(
            description="Instead of conversation_id: a person's handle for a direct message (needs workspace)."
        ),
    ] = None,
    workspace: WorkspaceRef = None,
    thread_id: Annotated[
        str | None, Field(description="Reply in the thread of this message id (e.g. 'chat_42').")
    ] = None,
    attach_files: Annotated[
        list[str] | None,
        Field(
            description="Files to share, as 'device:/absolute/path', e.g. ['laptop:/home/maya/Documents/plan.pdf']."
        ),
    ] = None,
) -> ChatMessageInfo:
    """Send a chat message as the user: to a conversation, as a reply in a thread (thread_id alone is
    enough), or directly to a person by handle in a workspace (a dm is opened if there is none). Files
    from the user's devices are shared as they are now. Returns the message sent."""
    async with writing(ctx) as tx:
        message = await _send(tx, text, conversation_id, to_handle, workspace, thread_id, attach_files or [])
        return _shown(tx, message)


@tool(idempotent=True)
async def edit_chat_message(
    ctx: Ctx, message_id: MessageId, text: Annotated[str, Field(description="The new text.")]
) -> ChatMessageInfo:
    """Replace the text of a message the user sent; it shows as edited. Returns the message as it is now."""
    async with writing(ctx) as tx:
        return _shown(tx, await messaging.edit_chat_message(tx, message_id, text))


@tool(destructive=True)
async def delete_chat_message(ctx: Ctx, message_id: MessageId) -> Deleted:
    """Delete a message the user sent, for everyone: its text, files and reactions go; replies in its
    thread stay."""
    async with writing(ctx) as tx:
        await messaging.delete_chat_message(tx, message_id)
    return Deleted(id=message_id, deleted=True)


@tool()
async def react_to_chat_message(
    ctx: Ctx,
    message_id: MessageId,
    emoji: Annotated[str, Field(description="An emoji such as '👍' or a name such as ':tada:'.")],
) -> ChatMessageInfo:
    """Add the user's emoji reaction to a message. Returns the message with its reactions."""
    async with writing(ctx) as tx:
        reaction = await messaging.react_to_chat_message(tx, message_id, emoji)
        return _shown(tx, message_or_error(tx, reaction.message_id))


@tool()
async def create_group_chat(
    ctx: Ctx,
    name: Annotated[str, Field(description="The group's name (or the channel's, without '#').")],
    workspace: Annotated[str, Field(description="The workspace id from list_chat_workspaces, or its name.")],
    members: Handles,
    topic: str = "",
    kind: Annotated[
        Literal["group", "channel"],
        Field(description="'group' for a group chat, 'channel' for a named channel."),
    ] = "group",
) -> ConversationDetails:
    """Start a group chat (or a channel) with people, the user included. Names shown for members come
    from the user's contacts. Returns the new conversation with its members."""
    async with writing(ctx) as tx:
        created = await messaging.create_conversation(
            tx, workspace, kind, name, [Member(handle=h) for h in members], topic=topic
        )
        return conversation_details(tx, created)


@tool()
async def add_chat_members(
    ctx: Ctx, conversation_id: ConversationRef, members: Handles, workspace: WorkspaceRef = None
) -> ConversationDetails:
    """Add people to a group chat or channel (a dm stays between two people: start a group instead).
    Returns the conversation with everyone in it."""
    async with writing(ctx) as tx:
        changed = await messaging.add_chat_members(
            tx, conversation_id, [Member(handle=h) for h in members], workspace
        )
        return conversation_details(tx, changed)


@tool(idempotent=True)
async def mark_conversation_read(
    ctx: Ctx, conversation_id: ConversationRef, workspace: WorkspaceRef = None
) -> ConversationInfo:
    """Mark every message of a conversation (threads included) as read."""
    async with writing(ctx) as tx:
        conversation = conversation_or_error(tx, conversation_id, workspace)
        await messaging.mark_conversation_read(tx, conversation.id)
        return conversation_info(tx, chat.conversation_summary(tx, conversation))


@tool(idempotent=True)
async def mark_chat_message_unread(ctx: Ctx, message_id: MessageId) -> ConversationInfo:
    """Mark a message and everything after it in its conversation as unread again."""
    async with writing(ctx) as tx:
        message = message_or_error(tx, message_id)
        conversation = conversation_or_error(tx, message.conversation_id)
        before = (from_db(message.sent_at) - timedelta(seconds=1)).isoformat()
        await messaging.mark_conversation_read(tx, conversation.id, at=before)
        return conversation_info(tx, chat.conversation_summary(tx, conversation))


@tool()
async def save_chat_attachment(
    ctx: Ctx,
    attachment_id: Annotated[str, Field(description="An attachment id from a message, e.g. 'chatfile_3'.")],
    path: Annotated[
        str,
        Field(
            description="Where to save: a file path, or a directory (ending in '/') to keep the file's name."
        ),
    ],
    device: Annotated[str, Field(description="The device to save on: 'laptop' or 'phone'.")] = "laptop",
    overwrite: Annotated[bool, Field(description="Replace a file that is there already.")] = False,
) -> SavedChatFile:
    """Save a file shared in chat onto one of the user's devices, e.g. path '~/Downloads/'. Returns
    where it was saved."""
    async with writing(ctx) as tx:
        node = await messaging.save_chat_attachment(tx, attachment_id, path, device, overwrite)
    return SavedChatFile(device=node.device, path=node.path, size=node.size)
