"""Finding workspaces, conversations, members and messages, with errors that list what there is."""

from __future__ import annotations

from state.core import UserProfile
from state.db import Tx
from state.errors import InvalidArgument, NotFound
from state.messaging.tables import ChatConversation, ChatMember, ChatMessage, ChatWorkspace


def clean_handle(value: str, field: str = "handle") -> str:
    """A handle without surrounding blanks or a leading "@"."""
    handle = value.strip().removeprefix("@").strip()
    if not handle:
        raise InvalidArgument(
            f"{field} {value!r} is empty; a handle looks like 'ana.ruiz' or '+49 151 2345678'"
        )
    return handle


def same_handle(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def user_name(tx: Tx) -> str:
    me = tx.get(UserProfile, "me")
    if me is None:
        raise InvalidArgument(
            "the world has no user yet: world.set_user must come before messaging operations"
        )
    return me.name


def _describe_workspace(ws: ChatWorkspace) -> str:
    return f"{ws.id} ({ws.name}, {ws.platform})"


def workspace_or_error(tx: Tx, workspace: str) -> ChatWorkspace:
    """A workspace by id, else by name, else by platform (all case-insensitive); ambiguity is an error."""
    found = tx.get(ChatWorkspace, workspace)
    if found is not None:
        return found
    wanted = workspace.strip().casefold()
    every = tx.select(ChatWorkspace)
    for field in ("name", "platform"):
        matches = [w for w in every if getattr(w, field).casefold() == wanted]
        if len(matches) > 1:
            listed = ", ".join(_describe_workspace(w) for w in matches)
            raise InvalidArgument(f"workspace {workspace!r} is ambiguous; give one of the ids: {listed}")
        if matches:
            return matches[0]
    known = ", ".join(_describe_workspace(w) for w in every) or "none yet"
    raise NotFound(f"workspace {workspace!r} does not exist; workspaces: {known}")


def _conversation_name(value: str) -> str:
    return value.strip().removeprefix("#").casefold()


def conversation_or_error(tx: Tx, conversation: str, workspace: str | None = None) -> ChatConversation:
    """A conversation by id, or by name (a leading "#" is optional) within ``workspace`` or anywhere."""
    found = tx.get(ChatConversation, conversation)
    if found is not None:
        if workspace is not None and found.workspace_id != workspace_or_error(tx, workspace).id:
            raise InvalidArgument(
                f"conversation {found.id} is in workspace {found.workspace_id}, not {workspace!r}"
            )
        return found
    scope = workspace_or_error(tx, workspace) if workspace is not None else None
    candidates = (
        tx.select(ChatConversation, "workspace_id = ?", scope.id) if scope else tx.select(ChatConversation)
    )
    matches = [c for c in candidates if _conversation_name(c.name) == _conversation_name(conversation)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(f"{c.id} ({c.kind} {c.name!r} in {c.workspace_id})" for c in matches)
        raise InvalidArgument(f"conversation {conversation!r} is ambiguous; give one of the ids: {listed}")
    where = f" in workspace {scope.id} ({scope.name})" if scope else ""
    near = [c for c in candidates if _conversation_name(conversation) in _conversation_name(c.name)][:5]
    hint = (
        "; names containing it: " + ", ".join(f"{c.id} ({c.kind} {c.name!r})" for c in near) if near else ""
    )
    raise NotFound(
        f"conversation {conversation!r} does not exist{where}; give a conversation id such as 'conv_3' "
        f"or a conversation's name{hint}"
    )


def members_of(tx: Tx, conversation_id: str) -> list[ChatMember]:
    return tx.select(ChatMember, "conversation_id = ?", conversation_id, order="rowid")


def member_or_error(tx: Tx, conversation: ChatConversation, handle: str) -> ChatMember:
    """The member ``handle`` of a conversation, or an error listing who is in it."""
    direct = tx.select(
        ChatMember, "conversation_id = ? AND handle = ? COLLATE NOCASE", conversation.id, handle
    )
    if direct:  # the common case, without reading every member
        return direct[0]
    everyone = members_of(tx, conversation.id)
    found = next((m for m in everyone if same_handle(m.handle, handle)), None)
    if found is None:
        listed = ", ".join(f"{m.handle} ({m.name})" for m in everyone)
        raise InvalidArgument(
            f"{handle!r} is not a member of conversation {conversation.id} ({conversation.name!r}); members: {listed}"
        )
    return found


def message_or_error(tx: Tx, message_id: str) -> ChatMessage:
    found = tx.get(ChatMessage, message_id)
    if found is None:
        raise NotFound(f"message {message_id!r} does not exist; chat message ids look like 'chat_12'")
    return found


def handle_name(tx: Tx, workspace_id: str, handle: str) -> str:
    """The contact name the user has for ``handle`` in a workspace, else the handle itself."""
    row = tx.one(
        "SELECT c.name FROM contact c JOIN contact_point p ON p.contact_id = c.id "
        "WHERE p.kind = 'handle' AND p.label = ? AND lower(p.value) = lower(?) ORDER BY c.id LIMIT 1",
        workspace_id,
        handle,
    )
    return str(row["name"]) if row else handle
