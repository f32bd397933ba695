"""Creating, opening, cloning, saving and snapshotting worlds."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from state.core import PlotKey, record_tool_call
from state.db import build
from state.errors import InvalidArgument, NotAWorld, NotFound
from state.world import World


@pytest.mark.anyio
async def test_fixture_world_has_user_and_devices_and_no_changes(world: World) -> None:
    counts = world.counts()
    assert (counts["user_profile"], counts["device"]) == (1, 2)
    assert world.diff().empty


@pytest.mark.anyio
async def test_an_episode_clone_never_writes_into_its_template(world: World) -> None:
    template = world.serialize()
    episode = World.from_bytes(template)
    await episode.apply(
        "world.add_device",
        {"id": "tablet", "name": "iPad", "kind": "tablet", "os": "iPadOS", "home": "/", "hostname": "ipad"},
    )
    assert episode.counts()["device"] == 3
    assert world.counts()["device"] == 2
    assert world.serialize() == template
    assert [c.id for c in episode.diff().changes] == ["tablet"]


@pytest.mark.anyio
async def test_a_failed_operation_changes_nothing(world: World) -> None:
    before = world.serialize()
    with pytest.raises(InvalidArgument, match="device kind 'toaster' is not one of"):
        await world.apply(
            "world.add_device",
            {"id": "t", "name": "T", "kind": "toaster", "os": "-", "home": "/", "hostname": "t"},
        )
    assert world.serialize() == before


@pytest.mark.anyio
async def test_unknown_operation_lists_those_of_its_service(world: World) -> None:
    with pytest.raises(InvalidArgument, match=r"unknown operation 'world.nope'; known: .*world.add_device"):
        await world.apply("world.nope", {})


@pytest.mark.anyio
async def test_the_same_operations_give_byte_identical_worlds(world: World) -> None:
    first, second = world.clone(), world.clone()
    for w in (first, second):
        await w.apply(
            "world.add_device",
            {
                "id": "tablet",
                "name": "iPad",
                "kind": "tablet",
                "os": "iPadOS",
                "home": "/",
                "hostname": "ipad",
            },
        )
    assert first.serialize() == second.serialize()
    assert first.content_hash() == second.content_hash() != world.content_hash()


@pytest.mark.anyio
async def test_saved_world_file_opens_with_the_same_content(world: World, tmp_path: Path) -> None:
    path = world.save(tmp_path / "maya.db")
    opened = World.open(path)
    try:
        assert opened.content_hash() == world.content_hash()
        assert opened.info().timezone == "Europe/Berlin"
    finally:
        opened.close()
    assert [p.name for p in tmp_path.iterdir()] == ["maya.db"] or set(p.name for p in tmp_path.iterdir()) >= {
        "maya.db"
    }
    assert not list(tmp_path.glob(".*partial"))


@pytest.mark.anyio
async def test_read_only_open_refuses_writes(world: World, tmp_path: Path) -> None:
    path = world.save(tmp_path / "w.db")
    opened = World.open(path, read_only=True)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await opened.apply("world.set_user", {"name": "X", "email": "x@y.z"})
    finally:
        opened.close()


def test_opening_a_missing_file_says_it_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="does not exist"):
        World.open(tmp_path / "nope.db")


def test_opening_a_text_file_says_it_is_not_a_world(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(NotAWorld, match="not a SQLite database"):
        World.open(path)


def test_opening_another_sqlite_database_says_it_is_not_a_world(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAWorld, match="not a clawsim world"):
        World.open(path)


def test_bytes_that_are_not_a_database_are_refused() -> None:
    with pytest.raises(NotAWorld):
        World.from_bytes(b"definitely not sqlite" * 100)


@pytest.mark.anyio
async def test_a_world_of_another_schema_version_asks_to_be_rebuilt(world: World, tmp_path: Path) -> None:
    path = world.save(tmp_path / "old.db")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(NotAWorld, match=r"schema version 999.*clawsim world build"):
        World.open(path)


@pytest.mark.anyio
async def test_snapshot_diffs_only_what_came_after_it(world: World) -> None:
    await world.apply(
        "world.add_device",
        {"id": "tablet", "name": "iPad", "kind": "tablet", "os": "iPadOS", "home": "/", "hostname": "ipad"},
    )
    mark = world.snapshot()
    await world.apply("world.set_user", {"name": "Maya Lin-Weber", "email": "maya@lumen.io"})
    assert [(c.table, c.kind) for c in world.diff(mark).changes] == [("user_profile", "update")]
    assert [(c.table, c.kind) for c in world.diff().changes] == [
        ("device", "insert"),
        ("user_profile", "update"),
    ]


@pytest.mark.anyio
async def test_rows_come_decoded_in_insertion_order_filtered_and_limited(world: World) -> None:
    await world.apply(
        "world.add_device",
        {"id": "tablet", "name": "iPad", "kind": "tablet", "os": "iPadOS", "home": "/", "hostname": "ipad"},
    )
    assert [r["id"] for r in world.rows("device")] == ["laptop", "phone", "tablet"]
    assert [r["id"] for r in world.rows("device", "kind != ?", "phone", order="id DESC")] == [
        "tablet",
        "laptop",
    ]
    assert [r["id"] for r in world.rows("device", limit=1)] == ["laptop"]
    async with world.transaction() as tx:
        record_tool_call(tx, "mail", "send_email", {"to": ["a@b.c"]}, ok=False, error="no")
    (call,) = world.rows("audit_log")
    assert (call["arguments"], call["ok"]) == ({"to": ["a@b.c"]}, False)


def test_rows_of_an_unknown_table_name_the_tables(world: World) -> None:
    with pytest.raises(NotFound, match=r"table 'mails' does not exist; tables: .*mail_message"):
        world.rows("mails")


@pytest.mark.anyio
async def test_keys_name_the_table_and_row_of_each_plot_key(world: World) -> None:
    assert world.keys() == {}
    async with world.transaction() as tx:
        tx.insert(build(PlotKey)(id="lunch", table_name="device", row_id="phone", at=tx.now_db))
    assert world.keys() == {"lunch": "phone"}
    assert world.key_tables(["lunch", "nope"]) == {"lunch": "device"}


@pytest.mark.anyio
async def test_tool_calls_since_a_position_are_only_those_made_after_it(world: World) -> None:
    assert (world.audit_position(), world.tool_calls()) == (0, [])
    async with world.transaction() as tx:
        record_tool_call(tx, "mail", "list_inbox", {}, ok=True)
    start = world.audit_position()
    async with world.transaction() as tx:
        record_tool_call(tx, "files", "read_file", {"path": "/x"}, ok=False, error="no such file")
        record_tool_call(tx, "calendar", "list_events", {"day": "2026-03-02"}, ok=True)
    later = world.tool_calls(since=start)
    assert [(c.service, c.tool, c.arguments, c.ok, c.error) for c in later] == [
        ("files", "read_file", {"path": "/x"}, False, "no such file"),
        ("calendar", "list_events", {"day": "2026-03-02"}, True, ""),
    ]
    assert [c.tool for c in world.tool_calls()] == ["list_inbox", "read_file", "list_events"]
