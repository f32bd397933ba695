"""The messaging server, through the MCP protocol in memory."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from mcp import Client

from servers.messaging import create_server
from state.world import World
from tests.servers.calls import call, error


def later(world: World, minutes: int) -> None:
    world.set_clock(world.now + timedelta(minutes=minutes))


def read_changes(world: World) -> list[tuple[str, str]]:
    """The volatile changes besides the audit log: what reading changed."""
    return [(c.table, c.kind) for c in world.diff().volatile if c.table != "audit_log"]


def rows(world: World, sql: str, *params: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in world.conn.execute(sql, params)]


@pytest.fixture
async def chat(people: World) -> World:
    """Maya's Slack 'lumen' with #design (conv_1: Jonas and Ana) and WhatsApp with a dm with Mum (conv_2).

    In #design: chat_1 Jonas (read), chat_2 Maya with a file, chat_3 Ana, chat_4 Jonas replying in the
    thread of chat_1, chat_5 Ana. In the dm: chat_6 Mum. Reactions on chat_1 by Ana and Maya. Maya has
    read #design up to chat_2 (her own message) and nothing of the dm.
    """
    w = people
    await w.apply("files.write_file", {"path": "/home/maya/plan.md", "content": "# Plan\nship it"})
    await w.apply(
        "messaging.create_conversation",
        {
            "workspace": "lumen",
            "kind": "channel",
            "name": "design",
            "members": [{"handle": "jonas"}, {"handle": "ana"}],
            "topic": "UI",
        },
    )
    await w.apply(
        "messaging.add_workspace",
        {
            "id": "whatsapp",
            "name": "WhatsApp",
            "platform": "WhatsApp",
            "kind": "personal",
            "user_handle": "+49 151 1",
        },
    )
    await w.apply(
        "messaging.create_conversation",
        {
            "workspace": "whatsapp",
            "kind": "dm",
            "name": "",
            "members": [{"handle": "+49 151 2", "name": "Mum"}],
        },
    )
    posts: list[dict[str, Any]] = [
        {"conversation_id": "conv_1", "text": "Kickoff deck is ready", "sender": "jonas"},
        {
            "conversation_id": "conv_1",
            "text": "Here is the plan",
            "attach_files": ["laptop:/home/maya/plan.md"],
        },
        {"conversation_id": "conv_1", "text": "Looks great, the palette works", "sender": "ana"},
        {"conversation_id": "conv_1", "text": "thanks!", "sender": "jonas", "thread_parent_id": "chat_1"},
        {"conversation_id": "conv_1", "text": "Lunch at noon?", "sender": "ana"},
        {"conversation_id": "conv_2", "text": "Call me about Sunday lunch", "sender": "+49 151 2"},
    ]
    for post in posts:
        later(w, 10)
        await w.apply("messaging.send_chat_message", post)
    await w.apply("messaging.react_to_chat_message", {"message_id": "chat_1", "emoji": "👍", "handle": "ana"})
    await w.apply("messaging.react_to_chat_message", {"message_id": "chat_1", "emoji": "👍"})
    w.start_tracking()
    return w


@pytest.mark.anyio
async def test_workspaces_show_the_users_handle_and_unread_messages(chat: World) -> None:
    async with Client(create_server(chat)) as client:
        found = (await call(client, "list_chat_workspaces", {}))["workspaces"]
    assert [
        (w["id"], w["kind"], w["your_handle"], w["conversation_count"], w["unread_count"]) for w in found
    ] == [
        ("lumen", "work", "maya", 1, 3),
        ("whatsapp", "personal", "+49 151 1", 1, 1),
    ]


@pytest.mark.anyio
async def test_conversations_come_most_recent_first_with_unread_counts_and_the_latest_message(
    chat: World,
) -> None:
    async with Client(create_server(chat)) as client:
        first = await call(client, "list_conversations", {"limit": 1})
        second = await call(client, "list_conversations", {"limit": 1, "cursor": first["next_cursor"]})
        only_channels = await call(client, "list_conversations", {"kind": "channel"})
        in_lumen = await call(client, "list_conversations", {"workspace": "Slack", "unread_only": True})
    dm, design = first["items"][0], second["items"][0]
    assert (dm["name"], dm["kind"], dm["member_count"], dm["unread_count"]) == ("Mum", "dm", 2, 1)
    assert dm["last_message"] == "Mum: Call me about Sunday lunch"
    assert dm["last_message_at"] == "2026-03-02T10:00:00+01:00"
    assert (design["id"], design["topic"], design["member_count"], design["unread_count"]) == (
        "conv_1",
        "UI",
        3,
        3,
    )
    assert second["next_cursor"] is None
    assert [c["id"] for c in only_channels["items"]] == [c["id"] for c in in_lumen["items"]] == ["conv_1"]


@pytest.mark.anyio
async def test_reading_shows_the_timeline_newest_first_and_moves_the_read_position(chat: World) -> None:
    async with Client(create_server(chat)) as client:
        page = await call(client, "read_conversation", {"conversation_id": "#design", "limit": 3})
        older = await call(
            client, "read_conversation", {"conversation_id": "conv_1", "cursor": page["next_cursor"]}
        )
    assert page["order"] == "newest_first"
    assert [m["id"] for m in page["items"]] == ["chat_5", "chat_3", "chat_2"]
    assert [m["id"] for m in older["items"]] == ["chat_1"] and older["next_cursor"] is None
    newest, _, mine = page["items"]
    assert (newest["sender_name"], newest["sender_handle"], newest["unread"]) == ("Ana Ruiz", "ana", True)
    assert newest["sent_at"] == "2026-03-02T09:50:00+01:00"
    assert mine["from_you"] is True and "unread" not in mine
    assert mine["attachments"] == [
        {"id": "chatfile_1", "filename": "plan.md", "mime_type": "text/markdown", "size": 14}
    ]
    root = older["items"][0]
    assert (root["reply_count"], root["latest_reply_at"]) == (1, "2026-03-02T09:40:00+01:00")
    assert root["reactions"] == [{"emoji": "👍", "count": 2, "by": ["Ana Ruiz", "Maya Lin"], "by_you": True}]
    assert page["conversation"]["unread_count"] == 0
    diff = chat.diff()
    assert diff.changes == []
    assert read_changes(chat) == [("chat_read_state", "update")]


@pytest.mark.anyio
async def test_reading_a_thread_shows_its_first_message_and_the_replies(chat: World) -> None:
    async with Client(create_server(chat)) as client:
        thread = await call(client, "read_conversation", {"conversation_id": "conv_1", "thread_id": "chat_4"})
        from_start = await call(
            client, "read_conversation", {"conversation_id": "conv_1", "oldest_first": True, "limit": 2}
        )
    assert thread["thread_root"]["id"] == "chat_1"
    assert [(m["id"], m["thread_id"]) for m in thread["items"]] == [("chat_4", "chat_1")]
    assert thread["conversation"]["unread_count"] == 3  # chat_3 (not shown) and all after it stay unread
    assert from_start["order"] == "oldest_first"
    assert [m["id"] for m in from_start["items"]] == ["chat_1", "chat_2"]


@pytest.mark.anyio
async def test_search_finds_every_word_with_filters_newest_first_without_reading(chat: World) -> None:
    async with Client(create_server(chat)) as client:
        lunch = await call(client, "search_chat_messages", {"query": "lunch"})
        by_ana = await call(
            client, "search_chat_messages", {"query": "", "sender": "Ruiz", "workspace": "lumen"}
        )
        early = await call(
            client, "search_chat_messages", {"before": "2026-03-02T09:20:00", "conversation_id": "design"}
        )
        prefix = await call(client, "search_chat_messages", {"query": "pal work"})
    assert [(m["id"], m["conversation_name"], m["workspace_id"]) for m in lunch["items"]] == [
        ("chat_6", "Mum", "whatsapp"),
        ("chat_5", "design", "lumen"),
    ]
    assert [m["id"] for m in by_ana["items"]] == ["chat_5", "chat_3"]
    assert [m["id"] for m in early["items"]] == ["chat_1"]
    assert [m["id"] for m in prefix["items"]] == ["chat_3"]
    assert read_changes(chat) == []


@pytest.mark.anyio
async def test_sending_posts_as_the_user_replies_in_threads_and_shares_files(chat: World) -> None:
    async with Client(create_server(chat)) as client:
        sent = await call(
            client,
            "send_chat_message",
            {
                "conversation_id": "design",
                "text": "See the plan",
                "attach_files": ["laptop:/home/maya/plan.md"],
            },
        )
        reply = await call(client, "send_chat_message", {"thread_id": "chat_4", "text": "welcome"})
    assert (sent["sender_handle"], sent["from_you"], sent["sent_at"]) == (
        "maya",
        True,
        "2026-03-02T10:00:00+01:00",
    )
    assert sent["attachments"][0]["filename"] == "plan.md"
    assert (reply["conversation_id"], reply["thread_id"]) == ("conv_1", "chat_1")
    shared = rows(chat, "SELECT source, content FROM chat_attachment WHERE message_id = ?", sent["id"])
    assert shared == [{"source": "laptop:/home/maya/plan.md", "content": "# Plan\nship it"}]
    assert sorted((c.table, c.kind) for c in chat.diff().changes) == [
        ("chat_attachment", "insert"),
        ("chat_message", "insert"),
        ("chat_message", "insert"),
    ]


@pytest.mark.anyio
async def test_a_direct_message_to_a_handle_opens_a_dm_once(chat: World) -> None:
    async with Client(create_server(chat)) as client:
        first = await call(
            client, "send_chat_message", {"to_handle": "@eva", "workspace": "lumen", "text": "hi"}
        )
        second = await call(
            client, "send_chat_message", {"to_handle": "eva", "workspace": "lumen", "text": "?"}
        )
        dm = await call(client, "get_chat_conversation", {"conversation_id": first["conversation_id"]})
    assert first["conversation_id"] == second["conversation_id"] == "conv_3"
    assert (dm["kind"], dm["name"]) == ("dm", "Eva Schmidt")
    assert [(m["handle"], m["is_you"]) for m in dm["members"]] == [("maya", True), ("eva", False)]


@pytest.mark.anyio
async def test_the_user_edits_reacts_to_and_deletes_messages(chat: World) -> None:
    async with Client(create_server(chat)) as client:
        edited = await call(
            client, "edit_chat_message", {"message_id": "chat_2", "text": "Here is the plan v2"}
        )
        reacted = await call(client, "react_to_chat_message", {"message_id": "chat_5", "emoji": ":tada:"})
        assert await call(client, "delete_chat_message", {"message_id": "chat_2"}) == {
            "id": "chat_2",
            "deleted": True,
        }
        gone = (await call(client, "read_conversation", {"conversation_id": "conv_1", "limit": 3}))["items"][
            2
        ]
        assert "only its sender can have it edited" in await error(
            client, "edit_chat_message", {"message_id": "chat_5", "text": "x"}
        )
    assert (edited["text"], edited["edited_at"]) == ("Here is the plan v2", "2026-03-02T10:00:00+01:00")
    assert reacted["reactions"] == [{"emoji": ":tada:", "count": 1, "by": ["Maya Lin"], "by_you": True}]
    assert (gone["id"], gone["deleted"], gone["text"]) == ("chat_2", True, "")
    assert "attachments" not in gone
    assert rows(chat, "SELECT count(*) AS n FROM chat_attachment") == [{"n": 0}]


@pytest.mark.anyio
async def test_groups_are_created_and_grow_with_names_from_contacts(chat: World) -> None:
    async with Client(create_server(chat)) as client:
        group = await call(
            client, "create_group_chat", {"name": "offsite", "workspace": "lumen", "members": ["jonas"]}
        )
        grown = await call(
            client, "add_chat_members", {"conversation_id": group["id"], "members": ["ana", "lea"]}
        )
        assert "is a dm" in await error(
            client, "add_chat_members", {"conversation_id": "conv_2", "members": ["x"]}
        )
    assert (group["kind"], group["name"], group["member_count"]) == ("group", "offsite", 2)
    assert [(m["handle"], m["name"]) for m in grown["members"]] == [
        ("maya", "Maya Lin"),
        ("jonas", "Jonas Weber"),
        ("ana", "Ana Ruiz"),
        ("lea", "lea"),
    ]


@pytest.mark.anyio
async def test_marking_read_and_unread_moves_the_read_position(chat: World) -> None:
    async with Client(create_server(chat)) as client:
        read = await call(client, "mark_conversation_read", {"conversation_id": "design"})
        unread = await call(client, "mark_chat_message_unread", {"message_id": "chat_3"})
    assert (read["unread_count"], unread["unread_count"]) == (0, 3)
    assert chat.diff().changes == []


@pytest.mark.anyio
async def test_a_shared_file_can_be_read_and_saved_on_a_device(chat: World) -> None:
    async with Client(create_server(chat)) as client:
        shown = await call(client, "read_chat_attachment", {"attachment_id": "chatfile_1"})
        saved = await call(
            client,
            "save_chat_attachment",
            {"attachment_id": "chatfile_1", "path": "~/", "device": "phone"},
        )
        assert "exists already; save with overwrite" in await error(
            client,
            "save_chat_attachment",
            {"attachment_id": "chatfile_1", "path": saved["path"], "device": "phone"},
        )
        await call(
            client,
            "save_chat_attachment",
            {"attachment_id": "chatfile_1", "path": saved["path"], "device": "phone", "overwrite": True},
        )
    assert (shown["filename"], shown["content"]) == ("plan.md", "# Plan\nship it")
    assert saved == {"device": "phone", "path": "/storage/emulated/0/plan.md", "size": 14}
    assert rows(chat, "SELECT content FROM file_node WHERE device = 'phone' AND path = ?", saved["path"]) == [
        {"content": "# Plan\nship it"}
    ]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("tool", "arguments", "message"),
    [
        (
            "list_conversations",
            {"workspace": "Discord"},
            "workspace 'Discord' does not exist; workspaces: lumen",
        ),
        ("list_conversations", {"limit": 0}, "limit 0 is out of range; use 1 to 100"),
        ("read_conversation", {"conversation_id": "des"}, "names containing it: conv_1 (channel 'design')"),
        (
            "read_conversation",
            {"conversation_id": "conv_1", "thread_id": "chat_6"},
            "is a message of conversation conv_2",
        ),
        (
            "read_conversation",
            {"conversation_id": "conv_1", "cursor": "x"},
            "cursor 'x' is not one this tool returned",
        ),
        ("search_chat_messages", {"after": "yesterday"}, "after 'yesterday' is not an ISO 8601 time"),
        ("send_chat_message", {"text": "hi"}, "say where to send"),
        (
            "send_chat_message",
            {"text": "hi", "to_handle": "eva"},
            "needs a workspace too; workspaces: lumen, whatsapp",
        ),
        ("send_chat_message", {"text": "hi", "to_handle": "eva", "conversation_id": "conv_1"}, "not both"),
        (
            "send_chat_message",
            {"text": " ", "conversation_id": "conv_1"},
            "a message needs text or an attachment",
        ),
        (
            "send_chat_message",
            {"text": "x", "conversation_id": "conv_1", "attach_files": ["laptop:/nope"]},
            "/nope",
        ),
        (
            "send_chat_message",
            {"text": "x", "conversation_id": "conv_2", "thread_id": "chat_1"},
            "not of conv_2",
        ),
        ("edit_chat_message", {"message_id": "chat_99", "text": "x"}, "message 'chat_99' does not exist"),
        ("delete_chat_message", {"message_id": "chat_1"}, "only its sender can have it deleted"),
        (
            "react_to_chat_message",
            {"message_id": "chat_1", "emoji": "👍"},
            "maya has reacted 👍 to message chat_1",
        ),
        (
            "create_group_chat",
            {"name": "design", "workspace": "lumen", "members": ["ana"], "kind": "channel"},
            "has a channel 'design' already",
        ),
        ("add_chat_members", {"conversation_id": "conv_1", "members": ["ana"]}, "is a member of conv_1"),
        ("mark_chat_message_unread", {"message_id": "chat_0"}, "does not exist"),
        (
            "read_chat_attachment",
            {"attachment_id": "chatfile_9"},
            "chat attachment 'chatfile_9' does not exist",
        ),
        ("save_chat_attachment", {"attachment_id": "chatfile_1", "path": "/etc/x", "device": "tv"}, "tv"),
        (
            "save_chat_attachment",
            {"attachment_id": "chatfile_1", "path": "~/Downloads/"},
            "directory '/home/maya/Downloads' does not exist on 'laptop'",
        ),
    ],
)
async def test_a_failed_call_says_why_and_changes_nothing(
    chat: World, tool: str, arguments: dict[str, Any], message: str
) -> None:
    async with Client(create_server(chat)) as client:
        assert message in await error(client, tool, arguments)
    assert (chat.diff().changes, read_changes(chat)) == ([], [])


@pytest.mark.anyio
async def test_tools_carry_hints_and_output_schemas(chat: World) -> None:
    async with Client(create_server(chat)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    required = {
        "list_chat_workspaces",
        "list_conversations",
        "read_conversation",
        "search_chat_messages",
        "send_chat_message",
        "edit_chat_message",
        "delete_chat_message",
        "react_to_chat_message",
        "create_group_chat",
        "add_chat_members",
    }
    assert required <= set(tools)
    read_only = {name for name, t in tools.items() if t.annotations and t.annotations.read_only_hint}
    assert read_only == {
        "list_chat_workspaces",
        "list_conversations",
        "get_chat_conversation",
        "search_chat_messages",
        "read_chat_attachment",
    }
    assert tools["delete_chat_message"].annotations.destructive_hint is True  # type: ignore[union-attr]
    assert all(t.output_schema and len(t.description or "") > 40 for t in tools.values())
