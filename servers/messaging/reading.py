"""Tools that look at chat: workspaces, conversations, messages, search, shared files."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from servers._args import Cursor, Limit
from servers._base import Ctx, Page, page_bounds, page_of, reading, writing
from servers.messaging._args import ConversationRef, WorkspaceRef, tool
from servers.messaging._models import (
    AttachmentContent,
    ChatWorkspaces,
    ConversationDetails,
    ConversationInfo,
    ConversationPage,
    FoundMessage,
    WorkspaceInfo,
    conversation_details,
    conversation_info,
    found_messages,
    message_info,
)
from state.clock import parse_time
from state.messaging import reading as chat
from state.messaging._lookup import conversation_or_error
from state.messaging.attachments import attachment_or_error


@tool(read_only=True)
async def list_chat_workspaces(ctx: Ctx) -> ChatWorkspaces:
    """The chat workspaces and messaging apps the user is in (a work Slack, WhatsApp, ...), with the
    user's handle in each and how many unread messages wait there. Workspace ids are used by the other
    chat tools."""
    async with reading(ctx) as tx:
        found = chat.workspace_summaries(tx)
    return ChatWorkspaces(
        workspaces=[
            WorkspaceInfo(
                id=s.workspace.id,
                name=s.workspace.name,
                platform=s.workspace.platform,
                kind=s.workspace.kind,  # type: ignore[arg-type]  (the operations allow only these kinds)
                your_handle=s.workspace.user_handle,
                conversation_count=s.conversation_count,
                unread_count=s.unread_count,
            )
            for s in found
        ]
    )


@tool(read_only=True)
async def list_conversations(
    ctx: Ctx,
    workspace: Annotated[
        WorkspaceRef, Field(description="Only this workspace (id, name or platform); null: all.")
    ] = None,
    kind: Annotated[
        Literal["dm", "group", "channel"] | None, Field(description="Only this kind; null: all.")
    ] = None,
    unread_only: Annotated[bool, Field(description="Only conversations with unread messages.")] = False,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Page[ConversationInfo]:
    """The user's chat conversations (dms, group chats, channels), most recent activity first, each with
    its member count, unread count and the latest message. Conversation ids look like 'conv_3'."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        found = chat.conversation_summaries(
            tx, workspace=workspace, kind=kind, unread_only=unread_only, limit=size + 1, offset=offset
        )
        items, next_cursor = page_of([conversation_info(tx, s) for s in found], size, offset)
    return Page[ConversationInfo](items=items, next_cursor=next_cursor)


@tool(read_only=True)
async def get_chat_conversation(
    ctx: Ctx, conversation_id: ConversationRef, workspace: WorkspaceRef = None
) -> ConversationDetails:
    """One conversation with everyone in it (handles and names), its topic and unread count."""
    async with reading(ctx) as tx:
        return conversation_details(tx, conversation_or_error(tx, conversation_id, workspace))


@tool(idempotent=True)
async def read_conversation(
    ctx: Ctx,
    conversation_id: ConversationRef,
    workspace: Annotated[
        WorkspaceRef, Field(description="Where to look for a conversation given by name.")
    ] = None,
    thread_id: Annotated[
        str | None,
        Field(
            description="A message id (e.g. 'chat_42'): read the replies in that message's thread instead."
        ),
    ] = None,
    oldest_first: Annotated[
        bool, Field(description="Page from the first message on instead of the latest.")
    ] = False,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> ConversationPage:
    """Read a conversation's messages, newest first (oldest_first=true: from the beginning); each page
    lists its messages in that order. Without thread_id this is the main timeline: replies in threads are
    left out and counted on the message that started the thread (reply_count); pass that message's id as
    thread_id to read them. Messages new since the user last read are marked unread; reading moves the
    user's read position forward to the newest message shown (never past an unread message it did not
    show)."""
    size, offset = page_bounds(limit, cursor)
    async with writing(ctx) as tx:
        conversation = conversation_or_error(tx, conversation_id, workspace)
        root = chat.thread_root(tx, conversation, thread_id) if thread_id else None
        found = chat.conversation_messages(
            tx,
            conversation,
            thread_id=root.id if root else None,
            oldest_first=oldest_first,
            limit=size + 1,
            offset=offset,
        )
        shown, next_cursor = page_of(found, size, offset)
        views = chat.message_views(tx, ([root] if root else []) + shown)
        chat.advance_read_position(
            tx, conversation, ([root] if root else []) + shown, root.id if root else None
        )
        return ConversationPage(
            conversation=conversation_info(tx, chat.conversation_summary(tx, conversation)),
            thread_root=message_info(tx, views.pop(0)) if root else None,
            order="oldest_first" if oldest_first else "newest_first",
            items=[message_info(tx, v) for v in views],
            next_cursor=next_cursor,
        )


@tool(read_only=True)
async def search_chat_messages(
    ctx: Ctx,
    query: Annotated[
        str,
        Field(
            description="Words that must all appear in the text or sender's name (prefixes match); empty: any."
        ),
    ] = "",
    workspace: Annotated[
        WorkspaceRef, Field(description="Only this workspace (id, name or platform).")
    ] = None,
    conversation_id: Annotated[str | None, Field(description="Only this conversation (id or name).")] = None,
    sender: Annotated[
        str | None, Field(description="Only from this person: a handle or part of a name.")
    ] = None,
    after: Annotated[
        str | None,
        Field(description="Only messages sent at or after this time, e.g. '2026-03-01T00:00:00+01:00'."),
    ] = None,
    before: Annotated[str | None, Field(description="Only messages sent before this time.")] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Page[FoundMessage]:
    """Search chat messages in every workspace, newest first. "deposit flat" finds messages containing
    both words (and words starting with them). Times without an offset are in the user's timezone.
    Searching does not mark anything read."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        found = chat.search_messages(
            tx,
            query,
            workspace=workspace,
            conversation=conversation_id,
            sender=sender,
            after=parse_time(after, field="after", tz=tx.tz) if after else None,
            before=parse_time(before, field="before", tz=tx.tz) if before else None,
            limit=size + 1,
            offset=offset,
        )
        items, next_cursor = page_of(found_messages(tx, found), size, offset)
    return Page[FoundMessage](items=items, next_cursor=next_cursor)


@tool(read_only=True)
async def read_chat_attachment(
    ctx: Ctx,
    attachment_id: Annotated[str, Field(description="An attachment id from a message, e.g. 'chatfile_3'.")],
) -> AttachmentContent:
    """The content of a file shared in a chat message (to keep it, use save_chat_attachment)."""
    async with reading(ctx) as tx:
        a = attachment_or_error(tx, attachment_id)
    return AttachmentContent(
        id=a.id,
        message_id=a.message_id,
        filename=a.filename,
        mime_type=a.mime_type,
        size=a.size,
        content=a.content,
    )
