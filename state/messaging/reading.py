"""Reading chat: workspaces and conversations with unread counts, pages of messages, search.

Reads do not change the world, so they are plain functions of a transaction, not registered operations;
:func:`advance_read_position` is the one bookkeeping write that reading a conversation makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from state.clock import from_db, to_db
from state.db import Row, Tx, fts_query
from state.errors import InvalidArgument
from state.messaging._lookup import clean_handle, conversation_or_error, message_or_error, workspace_or_error
from state.messaging.conversations import move_read_position
from state.messaging.tables import (
    ChatAttachment,
    ChatConversation,
    ChatMessage,
    ChatReadState,
    ChatWorkspace,
)

SNIPPET = 100

# Messages from others after the read position (the user's own never count as unread).
_UNREAD = (
    "SELECT count(*) FROM chat_message x WHERE x.conversation_id = c.id AND x.deleted = 0 "
    "AND x.sent_at > coalesce(r.last_read_at, '') AND lower(x.sender_handle) != lower(w.user_handle)"
)
_SUMMARY_SQL = f"""
SELECT c.id AS conversation_id,
  (SELECT count(*) FROM chat_member m WHERE m.conversation_id = c.id) AS member_count,
  ({_UNREAD}) AS unread_count,
  (SELECT max(x.sent_at) FROM chat_message x WHERE x.conversation_id = c.id) AS last_at,
  (SELECT x.id FROM chat_message x WHERE x.conversation_id = c.id AND x.deleted = 0
   ORDER BY x.sent_at DESC, x.rowid DESC LIMIT 1) AS last_id
FROM chat_conversation c JOIN chat_workspace w ON w.id = c.workspace_id
LEFT JOIN chat_read_state r ON r.id = c.id
"""


@dataclass(frozen=True)
class WorkspaceSummary:
    workspace: ChatWorkspace
    conversation_count: int
    unread_count: int


@dataclass(frozen=True)
class ConversationSummary:
    """A conversation as a list shows it: how many people, how much unread, the latest message."""

    conversation: ChatConversation
    workspace: ChatWorkspace
    member_count: int
    unread_count: int
    last_message: ChatMessage | None


@dataclass(frozen=True)
class ReactionSummary:
    emoji: str
    names: list[str]
    by_user: bool


@dataclass(frozen=True)
class MessageView:
    """A message with what a chat app shows around it."""

    message: ChatMessage
    from_user: bool
    unread: bool
    reply_count: int
    latest_reply_at: str | None
    reactions: list[ReactionSummary]
    attachments: list[ChatAttachment]


def workspace_summaries(tx: Tx) -> list[WorkspaceSummary]:
    """Every workspace the user is in, with its number of conversations and unread messages."""
    rows = tx.all(
        f"SELECT w.id, count(s.conversation_id) AS n, coalesce(sum(s.unread_count), 0) AS unread "
        f"FROM chat_workspace w LEFT JOIN ({_SUMMARY_SQL}) s "
        "ON s.conversation_id IN (SELECT id FROM chat_conversation WHERE workspace_id = w.id) "
        "GROUP BY w.id ORDER BY w.rowid"
    )
    return [WorkspaceSummary(workspace_or_error(tx, r["id"]), int(r["n"]), int(r["unread"])) for r in rows]


def conversation_summaries(
    tx: Tx,
    *,
    workspace: str | None = None,
    kind: str | None = None,
    unread_only: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> list[ConversationSummary]:
    """Conversations, most recent activity first (a conversation without messages by its creation)."""
    where: list[str] = []
    params: list[object] = []
    if workspace is not None:
        where.append("c.workspace_id = ?")
        params.append(workspace_or_error(tx, workspace).id)
    if kind is not None:
        where.append("c.kind = ?")
        params.append(kind)
    sql = (
        f"SELECT * FROM ({_SUMMARY_SQL} WHERE {' AND '.join(where) or '1'}) s "
        f"JOIN chat_conversation c ON c.id = s.conversation_id "
        f"WHERE {'s.unread_count > 0' if unread_only else '1'} "
        "ORDER BY coalesce(s.last_at, c.created_at) DESC, c.rowid DESC LIMIT ? OFFSET ?"
    )
    return _summaries(tx, tx.all(sql, *params, limit, offset))


def conversation_summary(tx: Tx, conversation: ChatConversation) -> ConversationSummary:
    row = tx.one(f"{_SUMMARY_SQL} WHERE c.id = ?", conversation.id)
    return (
        _summaries(tx, [row])[0]
        if row
        else ConversationSummary(conversation, workspace_or_error(tx, conversation.workspace_id), 0, 0, None)
    )


def _summaries(tx: Tx, rows: list[Row]) -> list[ConversationSummary]:
    """Summary rows as summaries, with three queries whatever their number."""
    ids = [r["conversation_id"] for r in rows]
    conversations = {c.id: c for c in tx.select(ChatConversation, _among("id", ids), *ids)}
    workspaces = {w.id: w for w in tx.select(ChatWorkspace)}
    last_ids = [r["last_id"] for r in rows if r["last_id"]]
    last = {m.id: m for m in tx.select(ChatMessage, _among("id", last_ids), *last_ids)}
    return [
        ConversationSummary(
            conversation=conversations[r["conversation_id"]],
            workspace=workspaces[conversations[r["conversation_id"]].workspace_id],
            member_count=int(r["member_count"]),
            unread_count=int(r["unread_count"]),
            last_message=last.get(r["last_id"] or ""),
        )
        for r in rows
    ]


def _among(column: str, values: list[str]) -> str:
    return f"{column} IN ({', '.join('?' * len(values))})" if values else "0"


def snippet(text: str, size: int = SNIPPET) -> str:
    """The start of a text on one line, cut at a word with "…" when longer than ``size``."""
    flat = " ".join(text.split())
    if len(flat) <= size:
        return flat
    return flat[:size].rsplit(" ", 1)[0] + "…"


def read_position(tx: Tx, conversation_id: str) -> str:
    state = tx.get(ChatReadState, conversation_id)
    return state.last_read_at if state else ""


def conversation_messages(
    tx: Tx,
    conversation: ChatConversation,
    *,
    thread_id: str | None = None,
    oldest_first: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> list[ChatMessage]:
    """The conversation's main timeline (messages not in a thread), or the replies in one thread."""
    direction = "ASC" if oldest_first else "DESC"
    return tx.select(
        ChatMessage,
        "conversation_id = ? AND thread_parent_id = ?",
        conversation.id,
        thread_id or "",
        order=f"sent_at {direction}, rowid {direction} LIMIT {int(limit)} OFFSET {int(offset)}",
    )


def thread_root(tx: Tx, conversation: ChatConversation, message_id: str) -> ChatMessage:
    """The message that starts the thread ``message_id`` is in (itself, or the message it replies to)."""
    message = message_or_error(tx, message_id)
    if message.conversation_id != conversation.id:
        raise InvalidArgument(
            f"thread_id {message.id!r} is a message of conversation {message.conversation_id}, "
            f"not of {conversation.id} ({conversation.name!r})"
        )
    return message_or_error(tx, message.thread_parent_id) if message.thread_parent_id else message


def message_views(tx: Tx, messages: list[ChatMessage]) -> list[MessageView]:
    """``messages`` with reply counts, reactions (by member name) and attachments, in a few queries."""
    if not messages:
        return []
    ids = [m.id for m in messages]
    marks = ", ".join("?" * len(ids))
    replies = {
        r["parent"]: r
        for r in tx.all(
            "SELECT thread_parent_id AS parent, count(*) AS n, max(sent_at) AS latest FROM chat_message "
            f"WHERE thread_parent_id IN ({marks}) GROUP BY thread_parent_id",
            *ids,
        )
    }
    files = tx.select(ChatAttachment, f"message_id IN ({marks})", *ids, order="rowid")
    reactions = _reactions(tx, ids)
    own = _user_handles(tx, messages)
    positions = {c: read_position(tx, c) for c in {m.conversation_id for m in messages}}
    views: list[MessageView] = []
    for m in messages:
        mine = m.sender_handle.casefold() == own[m.conversation_id]
        thread = replies.get(m.id)
        views.append(
            MessageView(
                message=m,
                from_user=mine,
                unread=not mine and not m.deleted and m.sent_at > positions[m.conversation_id],
                reply_count=int(thread["n"]) if thread else 0,
                latest_reply_at=str(thread["latest"]) if thread else None,
                reactions=reactions.get(m.id, []),
                attachments=[f for f in files if f.message_id == m.id],
            )
        )
    return views


def _user_handles(tx: Tx, messages: list[ChatMessage]) -> dict[str, str]:
    """Conversation id -> the user's handle there (case-folded)."""
    conversations = {m.conversation_id for m in messages}
    return {
        c: workspace_or_error(tx, conversation_or_error(tx, c).workspace_id).user_handle.casefold()
        for c in conversations
    }


def _reactions(tx: Tx, message_ids: list[str]) -> dict[str, list[ReactionSummary]]:
    rows = tx.all(
        "SELECT r.message_id, r.emoji, r.handle, coalesce(mb.name, r.handle) AS name, "
        "lower(r.handle) = lower(w.user_handle) AS mine "
        "FROM chat_reaction r JOIN chat_message m ON m.id = r.message_id "
        "JOIN chat_conversation c ON c.id = m.conversation_id JOIN chat_workspace w ON w.id = c.workspace_id "
        "LEFT JOIN chat_member mb ON mb.conversation_id = c.id AND lower(mb.handle) = lower(r.handle) "
        f"WHERE r.message_id IN ({', '.join('?' * len(message_ids))}) ORDER BY r.reacted_at, r.rowid",
        *message_ids,
    )
    grouped: dict[str, dict[str, ReactionSummary]] = {}
    for r in rows:
        by_emoji = grouped.setdefault(r["message_id"], {})
        old = by_emoji.get(r["emoji"], ReactionSummary(r["emoji"], [], False))
        by_emoji[r["emoji"]] = ReactionSummary(
            old.emoji, [*old.names, r["name"]], old.by_user or bool(r["mine"])
        )
    return {message_id: list(by_emoji.values()) for message_id, by_emoji in grouped.items()}


def advance_read_position(
    tx: Tx, conversation: ChatConversation, messages: list[ChatMessage], thread_id: str | None = None
) -> None:
    """Having seen ``messages``, the user has read the conversation up to the newest of them.

    A read position only moves forward by reading. Reading the timeline counts the threads' replies as
    seen (their count and time are shown); reading one thread stops before the first unread message
    elsewhere, so nothing the user has not seen is marked read.
    """
    position = read_position(tx, conversation.id)
    newest = max((m.sent_at for m in messages), default="")
    if thread_id is not None:
        user = workspace_or_error(tx, conversation.workspace_id).user_handle
        elsewhere = tx.scalar(
            "SELECT min(sent_at) FROM chat_message WHERE conversation_id = ? AND sent_at > ? AND deleted = 0 "
            "AND id != ? AND thread_parent_id != ? AND lower(sender_handle) != lower(?)",
            conversation.id,
            position,
            thread_id,
            thread_id,
            user,
        )
        if elsewhere is not None and elsewhere <= newest:
            newest = add_seconds(elsewhere, -1)
    if newest > position:
        move_read_position(tx, conversation.id, newest)


def search_messages(
    tx: Tx,
    query: str = "",
    *,
    workspace: str | None = None,
    conversation: str | None = None,
    sender: str | None = None,
    after: datetime | None = None,
    before: datetime | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[ChatMessage]:
    """Messages (not deleted) matching every word of ``query`` in their text or sender's name and all
    the filters, newest first. ``sender`` is a handle or part of a name."""
    where = ["m.deleted = 0"]
    params: list[object] = []
    match = fts_query(query)
    if match:
        where.append("m.rowid IN (SELECT rowid FROM chat_fts WHERE chat_fts MATCH ?)")
        params.append(match)
    if conversation is not None:
        where.append("m.conversation_id = ?")
        params.append(conversation_or_error(tx, conversation, workspace).id)
    elif workspace is not None:
        where.append("m.conversation_id IN (SELECT id FROM chat_conversation WHERE workspace_id = ?)")
        params.append(workspace_or_error(tx, workspace).id)
    if sender is not None:
        handle = clean_handle(sender, "sender")
        where.append("(lower(m.sender_handle) = lower(?) OR m.sender_name LIKE ?)")
        params += [handle, f"%{handle}%"]
    if after is not None:
        where.append("m.sent_at >= ?")
        params.append(to_db(after))
    if before is not None:
        where.append("m.sent_at < ?")
        params.append(to_db(before))
    rows = tx.all(
        f"SELECT m.* FROM chat_message m WHERE {' AND '.join(where)} "
        "ORDER BY m.sent_at DESC, m.rowid DESC LIMIT ? OFFSET ?",
        *params,
        limit,
        offset,
    )
    return [tx.model(ChatMessage, r) for r in rows]


def add_seconds(stored: str, seconds: int) -> str:
    return to_db(from_db(stored) + timedelta(seconds=seconds))
