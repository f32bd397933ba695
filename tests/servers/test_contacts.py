"""The contacts server, through the MCP protocol in memory."""

from __future__ import annotations

import pytest
from mcp import Client

from servers.contacts import create_server
from state.world import World
from tests.servers.calls import call, error


@pytest.mark.anyio
async def test_search_matches_every_word_anywhere_sorted_by_name(people: World) -> None:
    async with Client(create_server(people)) as client:
        page = await call(client, "search_contacts", {"query": "lumen"})
        assert [c["name"] for c in page["items"]] == ["Ana Ruiz", "Jonas Weber"]
        assert page["next_cursor"] is None
        assert [c["name"] for c in (await call(client, "search_contacts", {"query": "meetup"}))["items"]] == [
            "Eva Schmidt"
        ]
        assert (await call(client, "search_contacts", {"query": "jonas northwind"}))["items"] == []


@pytest.mark.anyio
async def test_search_pages_with_a_cursor(people: World) -> None:
    async with Client(create_server(people)) as client:
        first = await call(client, "search_contacts", {"limit": 2})
        second = await call(client, "search_contacts", {"limit": 2, "cursor": first["next_cursor"]})
        assert [c["name"] for c in first["items"] + second["items"]] == [
            "Ana Ruiz",
            "Eva Schmidt",
            "Jonas Weber",
        ]
        assert second["next_cursor"] is None
        assert "limit 0 is out of range; use 1 to 100" in await error(client, "search_contacts", {"limit": 0})
        assert "cursor 'abc' is not one this tool returned" in await error(
            client, "search_contacts", {"cursor": "abc"}
        )


@pytest.mark.anyio
async def test_get_contact_shows_every_way_to_reach_them(people: World) -> None:
    async with Client(create_server(people)) as client:
        jonas = await call(client, "get_contact", {"contact_id": "contact_1"})
        assert (jonas["name"], jonas["emails"], jonas["chat_handles"]) == (
            "Jonas Weber",
            ["jonas@lumen.io"],
            {"lumen": "jonas"},
        )
        assert jonas["updated_at"] == "2026-03-02T09:00:00+01:00"
        assert "contact 'contact_99' does not exist" in await error(
            client, "get_contact", {"contact_id": "contact_99"}
        )


@pytest.mark.anyio
async def test_create_update_and_delete_change_the_world(people: World) -> None:
    async with Client(create_server(people)) as client:
        created = await call(
            client,
            "create_contact",
            {"name": "Lea Brandt", "emails": ["lea@x.org"], "relationship": "friend"},
        )
        updated = await call(
            client,
            "update_contact",
            {"contact_id": created["id"], "notes": "allergic to nuts", "add_phones": ["+49 170 1234567"]},
        )
        assert (updated["notes"], updated["phones"], updated["emails"]) == (
            "allergic to nuts",
            ["+49 170 1234567"],
            ["lea@x.org"],
        )
        await call(client, "delete_contact", {"contact_id": "contact_3"})
    diff = people.diff()
    assert sorted((c.table, c.kind) for c in diff.changes) == [
        ("contact", "delete"),
        ("contact", "insert"),
        ("contact_point", "delete"),
        ("contact_point", "delete"),
        ("contact_point", "insert"),
        ("contact_point", "insert"),
    ]


@pytest.mark.anyio
async def test_a_failed_call_changes_nothing_but_is_audited(people: World) -> None:
    async with Client(create_server(people)) as client:
        assert "is empty" in await error(client, "create_contact", {"name": "  "})
        assert "Input should be a valid" in await error(
            client, "create_contact", {"name": "X", "emails": "not-a-list"}
        )
    diff = people.diff()
    assert diff.changes == []
    audited = people.conn.execute("SELECT tool, ok FROM audit_log ORDER BY rowid").fetchall()
    assert [tuple(r) for r in audited] == [("create_contact", 0), ("create_contact", 0)]


@pytest.mark.anyio
async def test_a_fault_rule_fails_the_next_calls_then_lets_them_through(people: World) -> None:
    await people.apply(
        "world.add_fault",
        {"service": "contacts", "tool": "search_contacts", "count": 2, "kind": "rate_limited"},
    )
    async with Client(create_server(people)) as client:
        for _ in range(2):
            assert "429 Too Many Requests" in await error(client, "search_contacts", {})
        assert len((await call(client, "search_contacts", {}))["items"]) == 3
    assert people.diff().changes == []
    outcomes = people.conn.execute(
        "SELECT ok FROM audit_log WHERE tool = 'search_contacts' ORDER BY rowid"
    ).fetchall()
    assert [r[0] for r in outcomes] == [0, 0, 1]


@pytest.mark.anyio
async def test_tools_carry_hints_and_output_schemas(people: World) -> None:
    async with Client(create_server(people)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == {
        "search_contacts",
        "get_contact",
        "create_contact",
        "update_contact",
        "delete_contact",
    }
    assert tools["search_contacts"].annotations.read_only_hint is True  # type: ignore[union-attr]
    assert tools["delete_contact"].annotations.destructive_hint is True  # type: ignore[union-attr]
    assert all(t.output_schema for t in tools.values())
    assert all(t.description and len(t.description) > 30 for t in tools.values())
