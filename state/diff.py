"""What changed in a world: rows inserted, updated and deleted, with column-level before and after.

Two ways to get one. :func:`changes_since` reads the trigger-maintained changelog and re-reads only the
rows it names (milliseconds). :func:`compare` reads every row of two worlds (tens of milliseconds);
the CLI uses it for two arbitrary files and the tests use it as the reference the changelog must match.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel

from state.db import Row, TableInfo
from state.schema import tables

ChangeKind = Literal["insert", "update", "delete"]
_MAX_VALUE_CHARS = 240


class RowChange(BaseModel):
    """One row that differs between before and after."""

    table: str
    id: str
    kind: ChangeKind
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    columns: list[str]
    volatile: bool

    def sort_key(self) -> tuple[str, tuple[Any, ...]]:
        return (self.table, _natural(self.id))


class Diff(BaseModel):
    """The changes between two states of a world; ``volatile`` holds what only reading changed."""

    changes: list[RowChange]
    volatile: list[RowChange]

    @property
    def empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, dict[str, int]]:
        """Per table, how many rows were inserted, updated and deleted (real changes only)."""
        out: dict[str, dict[str, int]] = {}
        for change in self.changes:
            per = out.setdefault(change.table, {"insert": 0, "update": 0, "delete": 0})
            per[change.kind] += 1
        return out

    def render(self, *, volatile: bool = False) -> str:
        """A readable text diff, one hunk per row, like a unified diff of rows."""
        shown = [*self.changes, *(self.volatile if volatile else [])]
        if not shown:
            return "no changes\n"
        return "".join(_render_change(c) for c in shown)


def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _render_value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > _MAX_VALUE_CHARS:
        text = f"{text[:_MAX_VALUE_CHARS]}… ({len(text) - _MAX_VALUE_CHARS} more characters)"
    return text


def _render_change(change: RowChange) -> str:
    mark = " (volatile)" if change.volatile else ""
    lines = [f"@@ {change.kind} {change.table} {change.id}{mark} @@"]
    if change.kind == "update":
        assert change.before is not None and change.after is not None
        for column in change.columns:
            lines.append(f"- {column}: {_render_value(change.before[column])}")
            lines.append(f"+ {column}: {_render_value(change.after[column])}")
    else:
        sign, row = ("+", change.after) if change.kind == "insert" else ("-", change.before)
        assert row is not None
        for column, value in row.items():
            if value not in ("", None, [], {}, False) or column == "id":
                lines.append(f"{sign} {column}: {_render_value(value)}")
    return "\n".join(lines) + "\n"


def classify(info: TableInfo, before: Row | None, after: Row | None) -> RowChange | None:
    """The change from one stored row to another (None: absent), or None if they are the same."""
    if before is None and after is None:
        return None
    if before is None or after is None:
        row = after if before is None else before
        assert row is not None
        return RowChange(
            table=info.name,
            id=str(row["id"]),
            kind="insert" if before is None else "delete",
            before=None if before is None else info.readable(before),
            after=None if after is None else info.readable(after),
            columns=list(info.columns),
            volatile=info.volatile,
        )
    columns = [c for c in info.columns if before[c] != after[c]]
    if not columns:
        return None
    return RowChange(
        table=info.name,
        id=str(after["id"]),
        kind="update",
        before=info.readable(before),
        after=info.readable(after),
        columns=columns,
        volatile=info.volatile or all(c in info.volatile_columns for c in columns),
    )


def _build(changes: Iterable[RowChange]) -> Diff:
    ordered = sorted(changes, key=RowChange.sort_key)
    return Diff(
        changes=[c for c in ordered if not c.volatile],
        volatile=[c for c in ordered if c.volatile],
    )


def _rows_by_id(conn: sqlite3.Connection, table: str, ids: list[str]) -> dict[str, Row]:
    found: dict[str, Row] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for row in conn.execute(f"SELECT * FROM {table} WHERE id IN ({marks})", chunk):
            found[row["id"]] = dict(row)
    return found


def changes_since(conn: sqlite3.Connection, seq: int) -> Diff:
    """The diff between the world at changelog position ``seq`` and now."""
    first_before: dict[tuple[str, str], str | None] = {}
    for table, pk, before in conn.execute(
        "SELECT tbl, pk, before FROM _changes WHERE seq > ? ORDER BY seq", (seq,)
    ):
        first_before.setdefault((table, pk), before)
    by_table: dict[str, list[str]] = {}
    for table, pk in first_before:
        by_table.setdefault(table, []).append(pk)
    schema = tables()
    out: list[RowChange] = []
    for table, ids in by_table.items():
        current = _rows_by_id(conn, table, ids)
        for pk in ids:
            before_json = first_before[(table, pk)]
            info = schema[table]
            before = None if before_json is None else info.from_changelog(json.loads(before_json))
            change = classify(info, before, current.get(pk))
            if change is not None:
                out.append(change)
    return _build(out)


def table_rows(conn: sqlite3.Connection, table: str) -> dict[str, Row]:
    return {row["id"]: dict(row) for row in conn.execute(f"SELECT * FROM {table} ORDER BY id")}


def compare(before: sqlite3.Connection, after: sqlite3.Connection) -> Diff:
    """The diff between two whole worlds, by reading every row of both."""
    out: list[RowChange] = []
    for name, info in tables().items():
        old, new = table_rows(before, name), table_rows(after, name)
        for pk in sorted(old.keys() | new.keys()):
            change = classify(info, old.get(pk), new.get(pk))
            if change is not None:
                out.append(change)
    return _build(out)


def diff_json(diff: Diff) -> Mapping[str, Any]:
    """The diff as JSON-ready data."""
    return diff.model_dump(mode="json")
