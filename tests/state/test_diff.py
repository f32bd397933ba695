"""The changelog diff: correct for every sequence of changes, and equal to a full comparison."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from state.calendar import BusyBlock
from state.contacts import Contact
from state.core import AuditEntry
from state.db import Tx
from state.diff import compare
from state.world import World
from tests.golden import assert_golden

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
GOLDEN = Path(__file__).parent / "golden"


def _world() -> World:
    return World.create(now=T0, timezone="Europe/Berlin", tracking=True)


def _tx(world: World) -> Tx:
    return Tx(world.conn, T0, world.now.tzinfo)  # type: ignore[arg-type]


def _contact(id: str, name: str = "Ada", favorite: bool = False) -> Contact:
    return Contact(
        id=id,
        name=name,
        favorite=favorite,
        created_at="2026-03-02T08:00:00Z",
        updated_at="2026-03-02T08:00:00Z",
    )


def test_insert_then_delete_is_no_change() -> None:
    world = _world()
    tx = _tx(world)
    tx.insert(_contact("c1"))
    tx.delete(Contact, "c1")
    assert world.diff().empty
    assert world.diff().volatile == []


def test_update_then_revert_is_no_change() -> None:
    world = _world()
    tx = _tx(world)
    tx.insert(_contact("c1"))
    base = world.snapshot()
    tx.update(Contact, "c1", name="Grace")
    tx.update(Contact, "c1", name="Ada")
    assert world.diff(base).empty


def test_several_updates_of_one_row_are_one_change_from_first_to_last() -> None:
    world = _world()
    tx = _tx(world)
    tx.insert(_contact("c1"))
    base = world.snapshot()
    for name in ("B", "C", "D"):
        tx.update(Contact, "c1", name=name)
    diff = world.diff(base)
    assert len(diff.changes) == 1
    change = diff.changes[0]
    assert (change.kind, change.columns) == ("update", ["name"])
    assert change.before is not None and change.after is not None
    assert (change.before["name"], change.after["name"]) == ("Ada", "D")


def test_changes_to_volatile_tables_and_columns_are_reported_apart() -> None:
    world = _world()
    tx = _tx(world)
    tx.insert(
        AuditEntry(
            id="call_1", at="2026-03-02T08:00:00Z", service="mail", tool="list_emails", arguments={}, ok=True
        )
    )
    world.set_clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    diff = world.diff()
    assert diff.empty
    assert [(c.table, c.kind) for c in diff.volatile] == [("audit_log", "insert"), ("world", "update")]


def test_a_row_update_touching_a_volatile_and_a_real_column_is_a_real_change() -> None:
    world = _world()
    world.conn.execute("UPDATE world SET now = '2026-03-03T00:00:00Z', persona = 'x'")
    diff = world.diff()
    assert [(c.table, c.columns) for c in diff.changes] == [("world", ["persona", "now"])]


def test_rendered_diff_matches_golden_file() -> None:
    world = _world()
    tx = _tx(world)
    tx.insert(_contact("c1", "Ada Lovelace", favorite=True))
    tx.insert(_contact("c2", "Grace Hopper"))
    base = world.snapshot()
    tx.update(Contact, "c1", name="Ada King", favorite=False)
    tx.delete(Contact, "c2")
    tx.insert(
        BusyBlock(
            id="busy_1",
            email="ada@example.org",
            starts_at="2026-03-02T09:00:00Z",
            ends_at="2026-03-02T10:00:00Z",
        )
    )
    tx.insert(
        AuditEntry(
            id="call_1",
            at="2026-03-02T08:00:00Z",
            service="contacts",
            tool="update_contact",
            arguments={"contact_id": "c1"},
            ok=True,
        )
    )
    assert_golden(GOLDEN / "diff.txt", world.diff(base).render(volatile=True))


_ids = st.sampled_from(["a", "b", "c", "d"])
_actions = st.lists(
    st.one_of(
        st.tuples(st.just("contact"), _ids, st.sampled_from(["Ada", "Bo", "Cy"]), st.booleans()),
        st.tuples(st.just("busy"), _ids, st.sampled_from(["09", "10"]), st.booleans()),
        st.tuples(st.just("audit"), _ids, st.sampled_from(["x", "y"]), st.booleans()),
        st.tuples(st.just("clock"), st.just(""), st.sampled_from(["09", "10", "11"]), st.booleans()),
        st.tuples(st.just("snapshot"), st.just(""), st.just(""), st.booleans()),
    ),
    max_size=40,
)


def _apply(world: World, tx: Tx, action: tuple[str, str, str, bool]) -> None:
    kind, key, value, flag = action
    if kind == "clock":
        world.set_clock(datetime(2026, 3, 2, int(value), tzinfo=UTC))
        return
    table, model = {
        "contact": (Contact, lambda: _contact(key, value, flag)),
        "busy": (
            BusyBlock,
            lambda: BusyBlock(
                id=key,
                email=f"{key}@x.org",
                starts_at=f"2026-03-02T{value}:00:00Z",
                ends_at="2026-03-02T12:00:00Z",
            ),
        ),
        "audit": (
            AuditEntry,
            lambda: AuditEntry(
                id=key, at="2026-03-02T08:00:00Z", service=value, tool="t", arguments={"v": value}, ok=flag
            ),
        ),
    }[kind]
    exists = tx.get(table, key) is not None
    if not exists:
        tx.insert(model())
    elif flag:
        tx.delete(table, key)
    else:
        column = {"contact": "name", "busy": "email", "audit": "service"}[kind]
        tx.update(table, key, **{column: value})


@settings(max_examples=150, deadline=None)
@given(setup=_actions, actions=_actions)
def test_changelog_diff_equals_full_comparison(
    setup: list[tuple[str, str, str, bool]], actions: list[tuple[str, str, str, bool]]
) -> None:
    world = _world()
    tx = _tx(world)
    for action in setup:
        if action[0] != "snapshot":
            _apply(world, tx, action)
    before = world.clone()
    base = world.snapshot()
    for action in actions:
        if action[0] == "snapshot":
            world.snapshot()  # taking a snapshot must not disturb an earlier one
        else:
            _apply(world, tx, action)
    assert world.diff(base) == compare(before.conn, world.conn)
