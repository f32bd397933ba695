"""The storage layer under every service: what a table is to the store, connections and transactions.

Tables are SQLModel classes (one module per service); this module reads a table's metadata into codecs
for its JSON and boolean columns and runs queries on the raw ``sqlite3`` connection: an in-memory world
answers in microseconds, which a thread hop or an ORM session would multiply. It knows no service:
:mod:`state.schema` composes the services' tables into the DDL and the change tracking.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar, cast
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Boolean, LargeBinary, Table
from sqlalchemy.orm import configure_mappers
from sqlmodel import SQLModel

from state.clock import to_db

Row = dict[str, Any]
ModelT = TypeVar("ModelT", bound=SQLModel)
P = ParamSpec("P")

SCHEMA_VERSION = 4
APPLICATION_ID = 0x436C6177  # "Claw": marks a SQLite file as a clawsim world

INTERNAL_DDL = """
CREATE TABLE _changes (seq INTEGER PRIMARY KEY, tbl TEXT NOT NULL, pk TEXT NOT NULL, before TEXT);
CREATE INDEX _changes_row ON _changes (tbl, pk, seq);
CREATE TABLE _ids (kind TEXT PRIMARY KEY, next INTEGER NOT NULL);
"""


def volatile_table() -> dict[str, Any]:
    """``__table_args__`` of a table whose every change comes from reading or bookkeeping."""
    return {"info": {"volatile": True}}


def volatile_column() -> dict[str, Any]:
    """``sa_column_kwargs`` of a column that reading changes (a seen flag, a read position)."""
    return {"info": {"volatile": True}}


@dataclass(frozen=True)
class TableInfo:
    """What the storage layer needs to know of one table."""

    name: str
    columns: tuple[str, ...]
    json_columns: frozenset[str]
    bool_columns: frozenset[str]
    volatile: bool
    volatile_columns: frozenset[str]
    blob_columns: frozenset[str] = frozenset()
    fts: str | None = None

    def decode(self, row: Mapping[str, Any]) -> Row:
        """A stored row as Python values: JSON columns parsed, booleans as bool."""
        out = dict(row)
        for name in self.json_columns:
            if out.get(name) is not None:
                out[name] = json.loads(out[name])
        for name in self.bool_columns:
            if out.get(name) is not None:
                out[name] = bool(out[name])
        return out

    def readable(self, row: Mapping[str, Any]) -> Row:
        """A stored row as :meth:`decode` gives it, with bytes shown as :func:`blob_summary` says."""
        out = self.decode(row)
        for name in self.blob_columns:
            if isinstance(out.get(name), bytes):
                out[name] = blob_summary(out[name])
        return out

    def from_changelog(self, row: Mapping[str, Any]) -> Row:
        """A row as the changelog recorded it (JSON, bytes as hex) in its stored form."""
        out = dict(row)
        for name in self.blob_columns:
            if isinstance(out.get(name), str):
                out[name] = bytes.fromhex(out[name])
        return out

    def encode(self, row: Mapping[str, Any]) -> Row:
        """Python values in their stored form."""
        out = dict(row)
        for name in self.json_columns:
            if name in out and out[name] is not None:
                out[name] = json.dumps(out[name], ensure_ascii=False, sort_keys=True)
        for name in self.bool_columns:
            if name in out and out[name] is not None:
                out[name] = int(bool(out[name]))
        return out


@dataclass(frozen=True)
class FullTextIndex:
    """An FTS5 index kept in step with a table by triggers (external content, keyed by rowid)."""

    name: str
    table: str
    columns: tuple[str, ...]


def _table_info(table: Table) -> TableInfo:
    columns = tuple(c.name for c in table.columns)
    if columns[0] != "id" or not table.c.id.primary_key:
        raise TypeError(f"table {table.name} must start with its primary key column 'id'")
    return TableInfo(
        name=table.name,
        columns=columns,
        json_columns=frozenset(c.name for c in table.columns if isinstance(c.type, JSON)),
        bool_columns=frozenset(c.name for c in table.columns if isinstance(c.type, Boolean)),
        volatile=bool(table.info.get("volatile")),
        volatile_columns=frozenset(c.name for c in table.columns if c.info.get("volatile")),
        blob_columns=frozenset(c.name for c in table.columns if isinstance(c.type, LargeBinary)),
    )


def blob_summary(data: bytes) -> str:
    """How bytes read where people read rows (a diff, a table dump): ``<5123 bytes sha256:1a2b3c4d5e6f>``."""
    return f"<{len(data)} bytes sha256:{hashlib.sha256(data).hexdigest()[:12]}>"


_INFO: dict[str, TableInfo] = {}


def table_info(table: type[SQLModel]) -> TableInfo:
    """What the storage layer needs to know of a table class."""
    name = table_name(table)
    found = _INFO.get(name)
    if found is None:
        found = _INFO[name] = _table_info(cast(Table, cast(Any, table).__table__))
    return found


def fts_word(word: str) -> str:
    """One word as an FTS5 prefix query, quoted so that no FTS syntax can leak in."""
    return '"' + word.replace('"', '""') + '"*'


def fts_query(text: str) -> str:
    """Free text as an FTS5 query in which every word must match (as a prefix); '' for no words."""
    return " ".join(fts_word(w) for w in text.split())


_CONSTRUCTORS: dict[str, Callable[..., Any]] = {}


def _constructor(table: type[SQLModel]) -> Callable[..., Any]:
    name = table_name(table)
    found = _CONSTRUCTORS.get(name)
    if found is None:
        configure_mappers()  # rows built with `build` or read with `Tx.model` need configured mappers
        found = _CONSTRUCTORS[name] = cast(Any, table).model_construct
    return found


def build(table: Callable[P, ModelT]) -> Callable[P, ModelT]:
    """``build(Table)(...)`` makes a row like ``Table(...)``, with the same typed arguments, ~8x faster.

    A SQLModel table instance made the usual way goes through SQLAlchemy's instrumentation (~45 µs),
    which rows that never meet an ORM session do not need; history replay makes tens of thousands.
    """
    return cast("Callable[P, ModelT]", _constructor(cast(Any, table)))


def connect(path: str = ":memory:", *, uri: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) that returns rows as mappings."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, uri=uri)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


@dataclass
class Tx:
    """One transaction on a world: the connection, the world's clock and its timezone.

    Every operation in ``state`` takes a ``Tx`` first; its helpers encode and decode rows so the
    operations read as plain Python.
    """

    conn: sqlite3.Connection
    now: datetime
    tz: ZoneInfo

    @property
    def now_db(self) -> str:
        return to_db(self.now)

    def all(self, sql: str, *params: Any) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params).fetchall()]

    def one(self, sql: str, *params: Any) -> Row | None:
        found = self.conn.execute(sql, params).fetchone()
        return None if found is None else dict(found)

    def scalar(self, sql: str, *params: Any) -> Any:
        found = self.conn.execute(sql, params).fetchone()
        return None if found is None else found[0]

    def run(self, sql: str, *params: Any) -> int:
        return self.conn.execute(sql, params).rowcount

    def new_id(self, kind: str) -> str:
        """The next id of ``kind``, e.g. ``msg_42``: sequential, so the same actions give the same ids."""
        number = self.scalar(
            "INSERT INTO _ids (kind, next) VALUES (?, 1) "
            "ON CONFLICT (kind) DO UPDATE SET next = next + 1 RETURNING next",
            kind,
        )
        return f"{kind}_{number}"

    def insert(self, model: SQLModel) -> None:
        """Insert a table model as a row."""
        info = table_info(type(model))
        values = info.encode({c: getattr(model, c) for c in info.columns})
        self.conn.execute(
            f"INSERT INTO {info.name} ({', '.join(info.columns)}) VALUES ({', '.join('?' * len(info.columns))})",
            [values[c] for c in info.columns],
        )

    def update(self, table: type[SQLModel], id: str, **changes: Any) -> None:
        """Set ``changes`` on the row ``id`` of ``table``."""
        info = table_info(table)
        values = info.encode(changes)
        sets = ", ".join(f"{c} = ?" for c in values)
        self.conn.execute(f"UPDATE {info.name} SET {sets} WHERE id = ?", [*values.values(), id])

    def delete(self, table: type[SQLModel], id: str) -> None:
        self.conn.execute(f"DELETE FROM {table_name(table)} WHERE id = ?", (id,))

    def get(self, table: type[ModelT], id: str) -> ModelT | None:
        """The row ``id`` of ``table`` as its model, or None."""
        found = self.one(f"SELECT * FROM {table_name(table)} WHERE id = ?", id)
        return None if found is None else self.model(table, found)

    def select(self, table: type[ModelT], where: str = "1", *params: Any, order: str = "id") -> list[ModelT]:
        """Rows of ``table`` matching a SQL condition, as models."""
        rows = self.all(f"SELECT * FROM {table_name(table)} WHERE {where} ORDER BY {order}", *params)
        return [self.model(table, r) for r in rows]

    def model(self, table: type[ModelT], row: Mapping[str, Any]) -> ModelT:
        """A stored row as its table model (rows in the world are valid, so nothing is re-validated:
        constructing a SQLModel table instance the usual way costs ~45 µs, this ~6 µs)."""
        return build(table)(**table_info(table).decode(row))


def table_name(table: type[SQLModel]) -> str:
    """The SQL name of a table class."""
    return str(cast(Any, table).__tablename__)
