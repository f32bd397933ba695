"""A world: one SQLite database holding every service's state, with its own clock.

Worlds live in memory (episodes: a clone of a template's bytes, ~2 ms) or in a file a person keeps
(WAL journal, so several server processes can share it). Every change is made in a transaction through
the operations in ``state``; a snapshot is a position in the changelog, and a diff re-reads only the rows
changed since then.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import AsyncGenerator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import anyio

from state import diff as _diff
from state.clock import from_db, to_db, zone
from state.core import AuditEntry, WorldInfo
from state.db import APPLICATION_ID, SCHEMA_VERSION, Row, Tx, build, connect
from state.errors import NotAWorld, NotFound
from state.ops import AnyOperation
from state.schema import get_operation, schema_ddl, tables, tracking_ddl

_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Snapshot:
    """A point in a world's history that a diff can be taken from."""

    seq: int


class World:
    """One world's database connection, its transaction lock and its changelog."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        self._lock = anyio.Lock()

    # -- creating and opening -------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        *,
        now: datetime,
        timezone: str = "UTC",
        persona: str = "",
        seed: int = 0,
        tracking: bool = True,
    ) -> World:
        """An empty world in memory, its clock at ``now``."""
        zone(timezone)
        conn = connect()
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.executescript(schema_ddl())
        world = cls(conn)
        stamp = to_db(now)
        world.conn.execute(
            "INSERT INTO world (id, persona, seed, timezone, now, history_start, history_end) "
            "VALUES ('world', ?, ?, ?, ?, ?, ?)",
            (persona, seed, timezone, stamp, stamp, stamp),
        )
        if tracking:
            world.start_tracking()
        return world

    @classmethod
    def from_bytes(cls, data: bytes) -> World:
        """A world in memory from :meth:`serialize` output (how episodes are cloned)."""
        conn = connect()
        try:
            conn.deserialize(data)
            _check_world(conn, "the given bytes")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise NotAWorld(f"the given bytes are not a SQLite database: {exc}") from None
        return cls(conn)

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, read_only: bool = False) -> World:
        """A world kept in a file; changes are written to the file as they are made.

        Writers use a WAL journal so several server processes can share the file.
        """
        where = Path(path)
        _check_world_file(where)
        if read_only:
            conn = connect(f"{where.resolve().as_uri()}?mode=ro", uri=True)
        else:
            conn = connect(str(where))
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA busy_timeout = 5000")
        _check_world(conn, str(where))
        return cls(conn, where)

    def serialize(self) -> bytes:
        """The whole database as bytes."""
        return self.conn.serialize()

    def clone(self) -> World:
        """An independent copy in memory; its writes never reach this world."""
        return World.from_bytes(self.serialize())

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write a standalone world file (atomically: a reader never sees half a file)."""
        target = Path(path)
        partial = target.with_name(f".{target.name}.partial")
        partial.unlink(missing_ok=True)
        try:
            out = sqlite3.connect(partial)
            try:
                self.conn.backup(out)
            finally:
                out.close()
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        return target

    def close(self) -> None:
        self.conn.close()

    # -- reading and changing -------------------------------------------------------------------

    def info(self) -> WorldInfo:
        row = self.conn.execute("SELECT * FROM world WHERE id = 'world'").fetchone()
        return build(WorldInfo)(**dict(row))

    @property
    def now(self) -> datetime:
        return from_db(self.info().now)

    def set_clock(self, now: datetime) -> None:
        """Move the world's clock (history replay and tasks do; agents cannot)."""
        self.conn.execute("UPDATE world SET now = ? WHERE id = 'world'", (to_db(now),))

    def _tx(self) -> Tx:
        now, timezone = self.conn.execute("SELECT now, timezone FROM world WHERE id = 'world'").fetchone()
        return Tx(self.conn, from_db(now), zone(timezone))

    @asynccontextmanager
    async def transaction(self) -> AsyncGenerator[Tx]:
        """A write transaction: committed when the block ends, rolled back (nothing half-written) on error."""
        async with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._tx()
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @asynccontextmanager
    async def read(self) -> AsyncGenerator[Tx]:
        """A read transaction: a consistent view, no lock on writers in other processes."""
        async with self._lock:
            self.conn.execute("BEGIN DEFERRED")
            try:
                yield self._tx()
            finally:
                self.conn.execute("COMMIT")

    async def apply(self, operation: str | AnyOperation, arguments: Mapping[str, Any]) -> Any:
        """Run one operation by name (``mail.send_email``) with validated arguments, in its own transaction."""
        op = get_operation(operation) if isinstance(operation, str) else operation
        values = op.validate(arguments)
        async with self.transaction() as tx:
            return await op(tx, **values)

    # -- reading rows ---------------------------------------------------------------------------

    def rows(
        self, table: str, where: str = "1", *params: Any, order: str = "rowid", limit: int | None = None
    ) -> list[Row]:
        """The rows of ``table`` matching the SQL condition ``where`` (``?`` placeholders filled from
        ``params``), as Python values: JSON columns parsed, booleans as bool. In insertion order unless
        ``order`` (SQL) says otherwise; at most ``limit`` of them.

        ``world.rows("mail_message", "folder_id = ?", inbox, order="sent_at DESC", limit=20)``
        """
        known = tables()
        if table not in known:
            raise NotFound(f"table {table!r} does not exist; tables: {', '.join(sorted(known))}")
        sql = f"SELECT * FROM {table} WHERE {where} ORDER BY {order}"
        if limit is not None:
            sql, params = f"{sql} LIMIT ?", (*params, limit)
        return [known[table].decode(row) for row in self.conn.execute(sql, params)]

    def keys(self) -> dict[str, str]:
        """The stable keys of the rows that hand-written plot events made: key -> the row's id. A world
        has thousands, read for every episode, so in one C-level pass."""
        return dict(self.conn.execute("SELECT id, row_id FROM plot_key ORDER BY rowid"))

    def key_tables(self, keys: Iterable[str]) -> dict[str, str]:
        """The table of the row each of ``keys`` names, for those that name one."""
        wanted = sorted(set(keys))
        marks = ", ".join("?" * len(wanted))
        return dict(self.conn.execute(f"SELECT id, table_name FROM plot_key WHERE id IN ({marks})", wanted))

    def audit_position(self) -> int:
        """Where the audit log ends now: :meth:`tool_calls` given it returns only the calls made later."""
        return int(self.conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM audit_log").fetchone()[0])

    def tool_calls(self, since: int = 0) -> list[AuditEntry]:
        """The tool calls the servers logged after audit position ``since``, oldest first."""
        return self._tx().select(AuditEntry, "rowid > ?", since, order="rowid")

    # -- change tracking ------------------------------------------------------------------------

    def start_tracking(self) -> None:
        """Install the changelog triggers (templates are built without them, then turn them on)."""
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name LIKE '\\_track\\_%' ESCAPE '\\'"
        ).fetchone()
        if not exists:
            self.conn.executescript(tracking_ddl())
        self.conn.execute("DELETE FROM _changes")

    def snapshot(self) -> Snapshot:
        """The current position in the changelog."""
        seq = self.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM _changes").fetchone()[0]
        return Snapshot(int(seq))

    def diff(self, since: Snapshot | None = None) -> _diff.Diff:
        """What changed since ``since`` (default: since tracking started)."""
        return _diff.changes_since(self.conn, since.seq if since else 0)

    # -- summaries ------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table, by table name."""
        return {
            name: int(self.conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0])
            for name in sorted(tables())
        }

    def content_hash(self) -> str:
        """A hash of every row of every table, independent of SQLite's file layout and version."""
        digest = hashlib.sha256()
        for name in tables():
            digest.update(f"\x00table {name}\x00".encode())
            for row in self.conn.execute(f"SELECT * FROM {name} ORDER BY id"):
                digest.update(repr(tuple(row)).encode())
        return digest.hexdigest()


def _check_world_file(path: Path) -> None:
    if not path.exists():
        raise NotFound(f"world file {str(path)!r} does not exist")
    if path.is_dir():
        raise NotAWorld(f"{str(path)!r} is a directory, not a clawsim world file")
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(_SQLITE_MAGIC):
        raise NotAWorld(f"{str(path)!r} is not a clawsim world: it is not a SQLite database")
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise NotAWorld(
            f"{str(path)!r} is a SQLite database but not a clawsim world (no clawsim application id)"
        )


def _check_world(conn: sqlite3.Connection, where: str) -> None:
    app = conn.execute("PRAGMA application_id").fetchone()[0]
    if app != APPLICATION_ID:
        raise NotAWorld(f"{where} is not a clawsim world (no clawsim application id)")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        raise NotAWorld(
            f"{where} is a clawsim world of schema version {version}; this clawsim reads version "
            f"{SCHEMA_VERSION}: rebuild it with `clawsim world build`"
        )
