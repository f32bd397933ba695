"""Workspaces and conversations: making them, adding people, and how far the user has read."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from state.clock import parse_time, to_db
from state.db import Tx, build
from state.errors import Conflict, InvalidArgument
from state.messaging._lookup import (
    clean_handle,
    conversation_or_error,
    handle_name,
    members_of,
    same_handle,
    user_name,
    workspace_or_error,
)
from state.messaging.tables import ChatConversation, ChatMember, ChatReadState, ChatWorkspace
from state.ops import operation

WORKSPACE_KINDS = ("work", "personal")
CONVERSATION_KINDS = ("dm", "group", "channel")

_WORKSPACE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")


class Member(BaseModel):
    """Someone in a conversation: their handle in the workspace and the name shown for them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    handle: str
    name: str = ""


@operation("messaging")
async def add_workspace(
    tx: Tx, name: str, platform: str, kind: str, user_handle: str, id: str | None = None
) -> ChatWorkspace:
    """A chat workspace or app the user is in (kind work|personal), with the user's handle there.

    ``id`` gives it a stable id such as ``lumen-slack`` (default: the next ``ws_N``).
    """
    if id is not None and not _WORKSPACE_ID.fullmatch(id):
        raise InvalidArgument(
            f"workspace id {id!r} must be lower-case letters, digits and '-', e.g. 'lumen-slack'"
        )
    if id is not None and tx.get(ChatWorkspace, id) is not None:
        raise Conflict(f"workspace id {id!r} exists already")
    if kind not in WORKSPACE_KINDS:
        raise InvalidArgument(f"workspace kind {kind!r} is not one of {'|'.join(WORKSPACE_KINDS)}")
    if not name.strip() or not platform.strip():
        raise InvalidArgument(f"workspace name {name!r} and platform {platform!r} must not be empty")
    workspace = build(ChatWorkspace)(
        id=id or tx.new_id("ws"),
        name=name.strip(),
        platform=platform.strip(),
        kind=kind,
        user_handle=clean_handle(user_handle, "user_handle"),
    )
    tx.insert(workspace)
    return workspace


def _listed(tx: Tx, workspace: ChatWorkspace, given: list[Member]) -> list[Member]:
    """The people given, besides the user, each once, named from the contacts when no name is given."""
    found: dict[str, Member] = {}
    for member in given:
        handle = clean_handle(member.handle)
        if same_handle(handle, workspace.user_handle) or handle.casefold() in found:
            continue
        name = member.name.strip() or handle_name(tx, workspace.id, handle)
        found[handle.casefold()] = Member(handle=handle, name=name)
    return list(found.values())


def _add_member(tx: Tx, conversation_id: str, member: Member) -> None:
    tx.insert(
        build(ChatMember)(
            id=f"{conversation_id}/{member.handle}",
            conversation_id=conversation_id,
            handle=member.handle,
            name=member.name,
            joined_at=tx.now_db,
        )
    )


def direct_conversation(tx: Tx, workspace_id: str, handle: str) -> ChatConversation | None:
    """The user's dm with ``handle`` in a workspace, if there is one."""
    found = tx.select(
        ChatConversation,
        "workspace_id = ? AND kind = 'dm' AND id IN "
        "(SELECT conversation_id FROM chat_member WHERE lower(handle) = lower(?))",
        workspace_id,
        handle,
    )
    return found[0] if found else None


def _check_new(tx: Tx, workspace: ChatWorkspace, kind: str, name: str, others: list[Member]) -> None:
    if kind not in CONVERSATION_KINDS:
        raise InvalidArgument(f"conversation kind {kind!r} is not one of {'|'.join(CONVERSATION_KINDS)}")
    if kind == "dm":
        if len(others) != 1:
            handles = ", ".join(m.handle for m in others) or "nobody"
            raise InvalidArgument(
                f"a dm has exactly one member besides the user ({workspace.user_handle}); got {len(others)}: "
                f"{handles}. Use kind 'group' for more people"
            )
        existing = direct_conversation(tx, workspace.id, others[0].handle)
        if existing is not None:
            raise Conflict(f"the user already has a dm with {others[0].handle}: {existing.id}")
    elif not name.strip():
        raise InvalidArgument(f"a {kind} needs a name")
    if kind == "channel":
        clash = tx.select(
            ChatConversation,
            "workspace_id = ? AND kind = 'channel' AND lower(name) = lower(?)",
            workspace.id,
            name.strip(),
        )
        if clash:
            raise Conflict(
                f"workspace {workspace.name!r} has a channel {name.strip()!r} already: {clash[0].id}"
            )


@operation("messaging")
async def create_conversation(
    tx: Tx,
    workspace: str,
    kind: str,
    name: str,
    members: list[Member],
    topic: str = "",
    created_by: str | None = None,
) -> ChatConversation:
    """A dm, group chat or channel (kind dm|group|channel). The user is always a member; a dm has one
    other member (its name may be empty: it is then that person's name)."""
    ws = workspace_or_error(tx, workspace)
    others = _listed(tx, ws, members)
    _check_new(tx, ws, kind, name, others)
    me = Member(handle=ws.user_handle, name=user_name(tx))
    creator = clean_handle(created_by, "created_by") if created_by is not None else ws.user_handle
    everyone = [me, *others]
    if not any(same_handle(creator, m.handle) for m in everyone):
        listed = ", ".join(m.handle for m in everyone)
        raise InvalidArgument(f"created_by {creator!r} is not among the members: {listed}")
    conversation = build(ChatConversation)(
        id=tx.new_id("conv"),
        workspace_id=ws.id,
        kind=kind,
        name=name.strip() or others[0].name,
        topic=topic,
        created_by=next(m.handle for m in everyone if same_handle(creator, m.handle)),
        created_at=tx.now_db,
    )
    tx.insert(conversation)
    for member in everyone:
        _add_member(tx, conversation.id, member)
    tx.insert(build(ChatReadState)(id=conversation.id, last_read_at=tx.now_db))
    return conversation


@operation("messaging")
async def add_chat_members(
    tx: Tx, conversation_id: str, members: list[Member], workspace: str | None = None
) -> ChatConversation:
    """Add people to a group or channel; people already in it are left as they are."""
    conversation = conversation_or_error(tx, conversation_id, workspace)
    if conversation.kind == "dm":
        raise Conflict(
            f"conversation {conversation.id} is a dm, which has exactly two members; "
            "create a group with messaging.create_conversation instead"
        )
    ws = workspace_or_error(tx, conversation.workspace_id)
    present = {m.handle.casefold() for m in members_of(tx, conversation.id)}
    new = [m for m in _listed(tx, ws, members) if m.handle.casefold() not in present]
    if not new:
        raise Conflict(f"everyone given is a member of {conversation.id} ({conversation.name!r}) already")
    for member in new:
        _add_member(tx, conversation.id, member)
    return conversation


def move_read_position(tx: Tx, conversation_id: str, at: str) -> ChatReadState:
    state = build(ChatReadState)(id=conversation_id, last_read_at=at)
    if tx.get(ChatReadState, conversation_id) is None:
        tx.insert(state)
    else:
        tx.update(ChatReadState, conversation_id, last_read_at=at)
    return state


@operation("messaging")
async def mark_conversation_read(
    tx: Tx, conversation_id: str, at: str | None = None, workspace: str | None = None
) -> ChatReadState:
    """Mark a conversation read up to ``at`` (default: now); an earlier time marks later messages unread."""
    conversation = conversation_or_error(tx, conversation_id, workspace)
    moment = tx.now if at is None else parse_time(at, field="at")
    if moment > tx.now:
        raise InvalidArgument(f"at {at!r} is in the future; it is now {tx.now.astimezone(tx.tz).isoformat()}")
    return move_read_position(tx, conversation.id, to_db(moment))
