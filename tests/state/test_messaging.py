"""Messaging operations: workspaces, conversations, members, messages, files, reactions, read positions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from state.errors import Conflict, InvalidArgument, NotFound
from state.messaging import ChatConversation, ChatMessage, ChatWorkspace
from state.world import World

TEAM = [{"handle": "ana", "name": "Ana Ruiz"}, {"handle": "ben", "name": "Ben Okafor"}]


@pytest.fixture
async def chat(world: World) -> World:
    """The test world with Maya's work Slack (ws_1, handle "maya") and a #design channel (conv_1)."""
    await world.apply(
        "messaging.add_workspace",
        {"name": "Lumen", "platform": "Slack", "kind": "work", "user_handle": "@maya"},
    )
    await world.apply(
        "messaging.create_conversation",
        {
            "workspace": "Lumen",
            "kind": "channel",
            "name": "design",
            "members": TEAM,
            "topic": "All things design",
        },
    )
    world.start_tracking()
    return world


def rows(world: World, sql: str, *params: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in world.conn.execute(sql, params)]


def read_position(world: World, conversation_id: str) -> str:
    return world.conn.execute(
        "SELECT last_read_at FROM chat_read_state WHERE id = ?", (conversation_id,)
    ).fetchone()[0]


def later(world: World, minutes: int) -> None:
    world.set_clock(world.now + timedelta(minutes=minutes))


# -- workspaces and conversations --------------------------------------------------------------


@pytest.mark.anyio
async def test_a_workspace_keeps_the_users_handle_without_the_at_sign(chat: World) -> None:
    ws: ChatWorkspace = await chat.apply(
        "messaging.add_workspace",
        {"name": "Family", "platform": "WhatsApp", "kind": "personal", "user_handle": "+49 151 000"},
    )
    assert (ws.id, ws.user_handle) == ("ws_2", "+49 151 000")
    assert rows(chat, "SELECT user_handle FROM chat_workspace WHERE id = 'ws_1'") == [{"user_handle": "maya"}]
    with pytest.raises(InvalidArgument, match=r"workspace kind 'fun' is not one of work\|personal"):
        await chat.apply(
            "messaging.add_workspace", {"name": "X", "platform": "Discord", "kind": "fun", "user_handle": "m"}
        )


@pytest.mark.anyio
async def test_a_workspace_is_found_by_id_name_or_platform_and_an_ambiguous_name_lists_candidates(
    chat: World,
) -> None:
    await chat.apply(
        "messaging.add_workspace",
        {"name": "Family", "platform": "WhatsApp", "kind": "personal", "user_handle": "maya"},
    )
    for workspace in ("ws_2", "family", "whatsapp"):
        message = await chat.apply(
            "messaging.send_direct_message", {"workspace": workspace, "handle": "mum", "text": "hi"}
        )
        assert rows(
            chat, "SELECT workspace_id FROM chat_conversation WHERE id = ?", message.conversation_id
        ) == [{"workspace_id": "ws_2"}]
    await chat.apply(
        "messaging.add_workspace",
        {"name": "Lumen", "platform": "Teams", "kind": "work", "user_handle": "maya"},
    )
    with pytest.raises(
        InvalidArgument,
        match=r"workspace 'lumen' is ambiguous; give one of the ids: ws_1 \(Lumen, Slack\), ws_3 \(Lumen, Teams\)",
    ):
        await chat.apply(
            "messaging.send_direct_message", {"workspace": "lumen", "handle": "ana", "text": "hi"}
        )
    with pytest.raises(
        NotFound, match=r"workspace 'Discord' does not exist; workspaces: ws_1 \(Lumen, Slack\)"
    ):
        await chat.apply(
            "messaging.send_direct_message", {"workspace": "Discord", "handle": "ana", "text": "hi"}
        )


@pytest.mark.anyio
async def test_the_user_is_always_a_member_of_a_new_conversation(chat: World) -> None:
    members = rows(
        chat, "SELECT id, handle, name FROM chat_member WHERE conversation_id = 'conv_1' ORDER BY rowid"
    )
    assert members == [
        {"id": "conv_1/maya", "handle": "maya", "name": "Maya Lin"},
        {"id": "conv_1/ana", "handle": "ana", "name": "Ana Ruiz"},
        {"id": "conv_1/ben", "handle": "ben", "name": "Ben Okafor"},
    ]
    assert rows(chat, "SELECT kind, name, topic, created_by FROM chat_conversation") == [
        {"kind": "channel", "name": "design", "topic": "All things design", "created_by": "maya"}
    ]


@pytest.mark.anyio
async def test_a_dm_has_exactly_one_other_member_and_is_named_after_them(chat: World) -> None:
    dm: ChatConversation = await chat.apply(
        "messaging.create_conversation",
        {
            "workspace": "ws_1",
            "kind": "dm",
            "name": "",
            "members": [{"handle": "ana", "name": "Ana Ruiz"}, {"handle": "maya", "name": "Me"}],
        },
    )
    assert dm.name == "Ana Ruiz"
    assert len(rows(chat, "SELECT 1 FROM chat_member WHERE conversation_id = ?", dm.id)) == 2
    with pytest.raises(
        InvalidArgument,
        match=r"a dm has exactly one member besides the user \(maya\); got 2: ana, ben. Use kind 'group'",
    ):
        await chat.apply(
            "messaging.create_conversation", {"workspace": "ws_1", "kind": "dm", "name": "", "members": TEAM}
        )
    with pytest.raises(Conflict, match=rf"the user already has a dm with Ana: {dm.id}"):
        await chat.apply(
            "messaging.create_conversation",
            {"workspace": "ws_1", "kind": "dm", "name": "", "members": [{"handle": "@Ana", "name": ""}]},
        )


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (
            {"kind": "channel", "name": "Design"},
            Conflict,
            "workspace 'Lumen' has a channel 'Design' already: conv_1",
        ),
        (
            {"kind": "room", "name": "x"},
            InvalidArgument,
            "conversation kind 'room' is not one of dm\\|group\\|channel",
        ),
        ({"kind": "group", "name": " "}, InvalidArgument, r"a group needs a name"),
        (
            {"kind": "group", "name": "Lunch", "created_by": "zoe"},
            InvalidArgument,
            "created_by 'zoe' is not among the members: maya, ana, ben",
        ),
        (
            {"kind": "group", "name": "Lunch", "workspace": "Nope"},
            NotFound,
            "workspace 'Nope' does not exist",
        ),
    ],
)
async def test_a_bad_conversation_is_refused_and_changes_nothing(
    chat: World, args: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        await chat.apply("messaging.create_conversation", {"workspace": "ws_1", "members": TEAM} | args)
    assert chat.diff().empty
    assert chat.diff().volatile == []


@pytest.mark.anyio
async def test_a_member_name_not_given_comes_from_the_contacts_handle(chat: World) -> None:
    await chat.apply("contacts.create_contact", {"name": "Cleo Park", "handles": {"ws_1": "cleo"}})
    group = await chat.apply(
        "messaging.create_conversation",
        {
            "workspace": "ws_1",
            "kind": "group",
            "name": "Lunch",
            "members": [{"handle": "cleo"}, {"handle": "dan"}],
            "created_by": "cleo",
        },
    )
    assert rows(
        chat, "SELECT handle, name FROM chat_member WHERE conversation_id = ? AND handle != 'maya'", group.id
    ) == [{"handle": "cleo", "name": "Cleo Park"}, {"handle": "dan", "name": "dan"}]
    assert group.created_by == "cleo"


@pytest.mark.anyio
async def test_adding_members_adds_only_the_new_and_never_to_a_dm(chat: World) -> None:
    await chat.apply(
        "messaging.add_chat_members",
        {
            "conversation_id": "design",
            "workspace": "Lumen",
            "members": [{"handle": "ana", "name": "Ana"}, {"handle": "cleo", "name": "Cleo"}],
        },
    )
    assert [
        r["handle"]
        for r in rows(chat, "SELECT handle FROM chat_member WHERE conversation_id = 'conv_1' ORDER BY rowid")
    ] == ["maya", "ana", "ben", "cleo"]
    with pytest.raises(Conflict, match=r"everyone given is a member of conv_1"):
        await chat.apply(
            "messaging.add_chat_members",
            {"conversation_id": "conv_1", "members": [{"handle": "ben", "name": "Ben"}]},
        )
    dm = (
        await chat.apply(
            "messaging.send_direct_message", {"workspace": "ws_1", "handle": "ana", "text": "hey"}
        )
    ).conversation_id
    with pytest.raises(Conflict, match=rf"conversation {dm} is a dm, which has exactly two members"):
        await chat.apply(
            "messaging.add_chat_members",
            {"conversation_id": dm, "members": [{"handle": "ben", "name": "Ben"}]},
        )


# -- posting -----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_message_from_the_user_moves_their_read_position_to_it(chat: World) -> None:
    later(chat, 5)
    message: ChatMessage = await chat.apply(
        "messaging.send_chat_message", {"conversation_id": "conv_1", "text": "Mockups are up"}
    )
    assert (message.id, message.sender_handle, message.sender_name, message.sent_at) == (
        "chat_1",
        "maya",
        "Maya Lin",
        "2026-03-02T08:05:00Z",
    )
    assert read_position(chat, "conv_1") == "2026-03-02T08:05:00Z"
    diff = chat.diff()
    assert [(c.table, c.kind) for c in diff.changes] == [("chat_message", "insert")]
    assert [(c.table, c.kind) for c in diff.volatile if c.table != "world"] == [("chat_read_state", "update")]


@pytest.mark.anyio
async def test_a_message_from_someone_else_is_named_from_their_member_row_and_stays_unread(
    chat: World,
) -> None:
    later(chat, 5)
    message = await chat.apply(
        "messaging.send_chat_message", {"conversation_id": "conv_1", "text": "Looks great", "sender": "@ANA"}
    )
    assert (message.sender_handle, message.sender_name) == ("ana", "Ana Ruiz")
    assert read_position(chat, "conv_1") == "2026-03-02T08:00:00Z"


@pytest.mark.anyio
async def test_a_sender_who_is_not_a_member_is_refused_with_the_members_and_nothing_changes(
    chat: World,
) -> None:
    with pytest.raises(
        InvalidArgument,
        match=r"'zoe' is not a member of conversation conv_1 \('design'\); members: maya \(Maya Lin\), ana \(Ana Ruiz\), ben \(Ben Okafor\)",
    ):
        await chat.apply(
            "messaging.send_chat_message", {"conversation_id": "conv_1", "text": "hi", "sender": "zoe"}
        )
    with pytest.raises(InvalidArgument, match=r"a message needs text or an attachment"):
        await chat.apply("messaging.send_chat_message", {"conversation_id": "conv_1", "text": "  "})
    with pytest.raises(NotFound, match=r"conversation 'random' does not exist in workspace ws_1"):
        await chat.apply(
            "messaging.send_chat_message", {"conversation_id": "random", "workspace": "ws_1", "text": "hi"}
        )
    assert chat.diff().empty
    assert chat.diff().volatile == []


@pytest.mark.anyio
async def test_a_conversation_is_found_by_its_name_with_or_without_hash(chat: World) -> None:
    first = await chat.apply(
        "messaging.send_chat_message", {"conversation_id": "#Design", "workspace": "Lumen", "text": "one"}
    )
    second = await chat.apply("messaging.send_chat_message", {"conversation_id": "design", "text": "two"})
    assert first.conversation_id == second.conversation_id == "conv_1"


@pytest.mark.anyio
async def test_a_reply_to_a_reply_joins_the_threads_root(chat: World) -> None:
    root = await chat.apply(
        "messaging.send_chat_message", {"conversation_id": "conv_1", "text": "Which font?"}
    )
    reply = await chat.apply(
        "messaging.send_chat_message",
        {"conversation_id": "conv_1", "text": "Inter", "sender": "ana", "thread_parent_id": root.id},
    )
    nested = await chat.apply(
        "messaging.send_chat_message",
        {"conversation_id": "conv_1", "text": "+1", "sender": "ben", "thread_parent_id": reply.id},
    )
    assert reply.thread_parent_id == nested.thread_parent_id == root.id
    elsewhere = await chat.apply(
        "messaging.send_direct_message", {"workspace": "ws_1", "handle": "ana", "text": "psst"}
    )
    with pytest.raises(
        InvalidArgument,
        match=rf"thread_parent_id '{root.id}' is a message of conversation conv_1, not of {elsewhere.conversation_id}",
    ):
        await chat.apply(
            "messaging.send_chat_message",
            {"conversation_id": elsewhere.conversation_id, "text": "x", "thread_parent_id": root.id},
        )


@pytest.mark.anyio
async def test_a_direct_message_opens_a_dm_once_and_reuses_it(chat: World) -> None:
    first = await chat.apply(
        "messaging.send_direct_message",
        {"workspace": "Lumen", "handle": "cleo", "text": "Hi Cleo", "name": "Cleo Park"},
    )
    later(chat, 1)
    second = await chat.apply(
        "messaging.send_direct_message",
        {"workspace": "Lumen", "handle": "@Cleo", "text": "Are you in today?"},
    )
    assert first.conversation_id == second.conversation_id
    assert rows(chat, "SELECT kind, name FROM chat_conversation WHERE id = ?", first.conversation_id) == [
        {"kind": "dm", "name": "Cleo Park"}
    ]
    assert read_position(chat, first.conversation_id) == second.sent_at
    with pytest.raises(InvalidArgument, match=r"handle 'maya' is the user's own handle in 'Lumen'"):
        await chat.apply(
            "messaging.send_direct_message", {"workspace": "Lumen", "handle": "maya", "text": "me"}
        )


# -- attachments -------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_an_attachment_given_as_text_gets_its_size_and_type(chat: World) -> None:
    message = await chat.apply(
        "messaging.send_chat_message",
        {
            "conversation_id": "conv_1",
            "text": "",
            "attachments": [
                {"filename": "notes.md", "content": "# Héllo"},
                {"filename": "deck.pdf", "size": 120000},
            ],
        },
    )
    found = rows(
        chat, "SELECT message_id, filename, mime_type, size, source FROM chat_attachment ORDER BY rowid"
    )
    assert found == [
        {
            "message_id": message.id,
            "filename": "notes.md",
            "mime_type": "text/markdown",
            "size": 8,
            "source": "",
        },
        {
            "message_id": message.id,
            "filename": "deck.pdf",
            "mime_type": "application/pdf",
            "size": 120000,
            "source": "",
        },
    ]


@pytest.mark.anyio
async def test_a_shared_file_is_a_snapshot_of_its_content_when_sent(chat: World) -> None:
    await chat.apply("files.write_file", {"path": "/home/maya/notes.txt", "content": "draft one"})
    await chat.apply(
        "messaging.send_chat_message",
        {"conversation_id": "conv_1", "text": "notes", "attach_files": ["laptop:/home/maya/notes.txt"]},
    )
    await chat.apply(
        "files.write_file", {"path": "/home/maya/notes.txt", "content": "draft two", "mode": "overwrite"}
    )
    assert rows(chat, "SELECT filename, content, size, source FROM chat_attachment") == [
        {"filename": "notes.txt", "content": "draft one", "size": 9, "source": "laptop:/home/maya/notes.txt"}
    ]
    before = chat.diff()
    with pytest.raises(NotFound, match=r"no file or directory '/home/maya/gone.txt' on device 'laptop'"):
        await chat.apply(
            "messaging.send_chat_message",
            {"conversation_id": "conv_1", "text": "x", "attach_files": ["laptop:/home/maya/gone.txt"]},
        )
    assert chat.diff() == before


# -- editing, deleting, reacting, reading -------------------------------------------------------


@pytest.mark.anyio
async def test_editing_changes_the_text_and_marks_it_edited_only_for_its_sender(chat: World) -> None:
    mine = await chat.apply(
        "messaging.send_chat_message", {"conversation_id": "conv_1", "text": "Mockpus are up"}
    )
    later(chat, 2)
    edited = await chat.apply(
        "messaging.edit_chat_message", {"message_id": mine.id, "text": "Mockups are up"}
    )
    assert (edited.text, edited.edited_at) == ("Mockups are up", "2026-03-02T08:02:00Z")
    theirs = await chat.apply(
        "messaging.send_chat_message", {"conversation_id": "conv_1", "text": "ok", "sender": "ana"}
    )
    with pytest.raises(
        Conflict,
        match=rf"message {theirs.id} was sent by ana \(Ana Ruiz\); only its sender can have it edited, not maya",
    ):
        await chat.apply("messaging.edit_chat_message", {"message_id": theirs.id, "text": "hacked"})
    by_ana = await chat.apply(
        "messaging.edit_chat_message", {"message_id": theirs.id, "text": "ok!", "handle": "ana"}
    )
    assert by_ana.text == "ok!"
    with pytest.raises(NotFound, match=r"message 'chat_99' does not exist"):
        await chat.apply("messaging.edit_chat_message", {"message_id": "chat_99", "text": "x"})


@pytest.mark.anyio
async def test_deleting_empties_the_text_and_drops_files_and_reactions(chat: World) -> None:
    message = await chat.apply(
        "messaging.send_chat_message",
        {
            "conversation_id": "conv_1",
            "text": "secret",
            "attachments": [{"filename": "a.txt", "content": "x"}],
        },
    )
    await chat.apply(
        "messaging.react_to_chat_message", {"message_id": message.id, "emoji": "👀", "handle": "ben"}
    )
    deleted = await chat.apply("messaging.delete_chat_message", {"message_id": message.id})
    assert (deleted.text, deleted.deleted) == ("", True)
    assert rows(chat, "SELECT * FROM chat_attachment") == rows(chat, "SELECT * FROM chat_reaction") == []
    with pytest.raises(Conflict, match=rf"message {message.id} is deleted; it cannot be edited"):
        await chat.apply("messaging.edit_chat_message", {"message_id": message.id, "text": "back"})
    with pytest.raises(Conflict, match=r"is deleted; it cannot get reactions"):
        await chat.apply("messaging.react_to_chat_message", {"message_id": message.id, "emoji": "👍"})


@pytest.mark.anyio
async def test_a_reaction_is_unique_per_message_handle_and_emoji(chat: World) -> None:
    message = await chat.apply(
        "messaging.send_chat_message", {"conversation_id": "conv_1", "text": "Shipped!", "sender": "ana"}
    )
    first = await chat.apply("messaging.react_to_chat_message", {"message_id": message.id, "emoji": "🎉"})
    assert (first.id, first.handle, first.reacted_at) == (
        f"{message.id}/maya/🎉",
        "maya",
        "2026-03-02T08:00:00Z",
    )
    await chat.apply(
        "messaging.react_to_chat_message", {"message_id": message.id, "emoji": "🎉", "handle": "ben"}
    )
    await chat.apply("messaging.react_to_chat_message", {"message_id": message.id, "emoji": ":rocket:"})
    with pytest.raises(Conflict, match=rf"maya has reacted 🎉 to message {message.id} already"):
        await chat.apply("messaging.react_to_chat_message", {"message_id": message.id, "emoji": "🎉"})
    with pytest.raises(InvalidArgument, match=r"'zoe' is not a member of conversation conv_1"):
        await chat.apply(
            "messaging.react_to_chat_message", {"message_id": message.id, "emoji": "🎉", "handle": "zoe"}
        )
    assert len(rows(chat, "SELECT 1 FROM chat_reaction")) == 3


@pytest.mark.anyio
async def test_marking_read_moves_the_position_to_a_time_not_in_the_future(chat: World) -> None:
    later(chat, 30)
    state = await chat.apply("messaging.mark_conversation_read", {"conversation_id": "conv_1"})
    assert (state.id, state.last_read_at) == ("conv_1", "2026-03-02T08:30:00Z")
    await chat.apply(
        "messaging.mark_conversation_read", {"conversation_id": "conv_1", "at": "2026-03-02T09:10:00+01:00"}
    )
    assert read_position(chat, "conv_1") == "2026-03-02T08:10:00Z"
    assert chat.diff().empty
    with pytest.raises(
        InvalidArgument,
        match=r"at '2026-03-02T12:00:00\+01:00' is in the future; it is now 2026-03-02T09:30:00\+01:00",
    ):
        await chat.apply(
            "messaging.mark_conversation_read",
            {"conversation_id": "conv_1", "at": "2026-03-02T12:00:00+01:00"},
        )


@pytest.mark.anyio
async def test_a_workspace_can_have_a_stable_id_given_once(world: World) -> None:
    args = {"name": "Lumen", "platform": "Slack", "kind": "work", "user_handle": "maya", "id": "lumen"}
    workspace = await world.apply("messaging.add_workspace", args)
    assert workspace.id == "lumen"
    with pytest.raises(Conflict, match="workspace id 'lumen' exists already"):
        await world.apply("messaging.add_workspace", args)
    with pytest.raises(InvalidArgument, match="must be lower-case letters"):
        await world.apply("messaging.add_workspace", {**args, "id": "Lumen Slack"})
