"""The world's composition root: every service's tables, full-text indexes and operations, by name.

Each service lists what it has (``TABLES``, ``OPERATIONS``, ``FULL_TEXT_INDEXES``); this module, on top
of them all, composes those lists into the schema of a world (its DDL and the triggers that record every
change of a tracked row in ``_changes``, so a diff re-reads only the rows that changed) and the registry
that history replay and tasks look operations up in. Nothing below it imports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex, CreateTable, sort_tables
from sqlmodel import SQLModel

from state import calendar, contacts, core, faults, files, mail, messaging, shell
from state.db import INTERNAL_DDL, FullTextIndex, TableInfo, table_info
from state.errors import InvalidArgument
from state.ops import AnyOperation


@dataclass(frozen=True)
class Service:
    """What one service adds to a world."""

    tables: tuple[type[SQLModel], ...]
    operations: tuple[AnyOperation, ...]
    full_text_indexes: tuple[FullTextIndex, ...] = ()


SERVICES: Mapping[str, Service] = {
    "world": Service(core.TABLES + faults.TABLES, (*core.OPERATIONS, files.add_device, *faults.OPERATIONS)),
    "mail": Service(mail.TABLES, mail.OPERATIONS, mail.FULL_TEXT_INDEXES),
    "calendar": Service(calendar.TABLES, calendar.OPERATIONS),
    "files": Service(files.TABLES, files.OPERATIONS, files.FULL_TEXT_INDEXES),
    "messaging": Service(messaging.TABLES, messaging.OPERATIONS, messaging.FULL_TEXT_INDEXES),
    "contacts": Service(contacts.TABLES, contacts.OPERATIONS),
    "shell": Service(shell.TABLES, shell.OPERATIONS),
}
"""Every service of a world by name, in the order people meet them; ``world`` is the world itself (its
user, devices and faults) and has no MCP server, every other one has."""

WORLD = "world"

OPERATION_ALIASES: Mapping[str, str] = {
    "contacts.add_contact": "contacts.create_contact",
    "files.sync_file": "files.sync_file_to_device",
    "mail.create_folder": "mail.create_mail_folder",
    "mail.save_attachment": "mail.save_email_attachment",
    "mail.save_draft": "mail.create_draft",
    "mail.set_labels": "mail.set_email_labels",
    "messaging.add_members": "messaging.add_chat_members",
    "messaging.delete_message": "messaging.delete_chat_message",
    "messaging.edit_message": "messaging.edit_chat_message",
    "messaging.mark_read": "messaging.mark_conversation_read",
    "messaging.post_message": "messaging.send_chat_message",
    "messaging.react": "messaging.react_to_chat_message",
    "messaging.save_attachment": "messaging.save_chat_attachment",
}
"""Old operation names that still replay, each to its current name: operations took their tools' names
in 0.2, and histories and task files written before still replay until 0.3."""


@cache
def sorted_tables() -> tuple[Table, ...]:
    """The SQL tables in creation order (by dependency, then name)."""
    declared = sorted(
        (cast(Table, cast(Any, t).__table__) for s in SERVICES.values() for t in s.tables), key=_name
    )
    return tuple(sort_tables(declared))


def _name(table: Table) -> str:
    return table.name


@cache
def tables() -> dict[str, TableInfo]:
    """Every world table by name, in creation order."""
    by_name = {info.name: info for info in (table_info(t) for s in SERVICES.values() for t in s.tables)}
    return {table.name: by_name[table.name] for table in sorted_tables()}


def full_text_indexes() -> tuple[FullTextIndex, ...]:
    return tuple(index for s in SERVICES.values() for index in s.full_text_indexes)


@cache
def schema_ddl() -> str:
    """DDL for the tables, indexes and FTS indexes, without change tracking."""
    dialect = sqlite_dialect.dialect()  # type: ignore[no-untyped-call]
    parts: list[str] = [INTERNAL_DDL]
    for table in sorted_tables():
        create = str(CreateTable(table).compile(dialect=dialect)).strip()
        if '"' in create:
            raise TypeError(f"table {table.name} has a column named by an SQL keyword: {create}")
        parts.append(create + ";")
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            parts.append(str(CreateIndex(index).compile(dialect=dialect)).strip() + ";")
    for fts in full_text_indexes():
        parts.append(_fts_ddl(fts))
    return "\n".join(parts)


def _fts_ddl(fts: FullTextIndex) -> str:
    cols = ", ".join(fts.columns)
    new = ", ".join(f"new.{c}" for c in fts.columns)
    old = ", ".join(f"old.{c}" for c in fts.columns)
    return f"""
CREATE VIRTUAL TABLE {fts.name} USING fts5({cols}, content='{fts.table}', content_rowid='rowid',
    tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER {fts.name}_ai AFTER INSERT ON {fts.table} BEGIN
  INSERT INTO {fts.name}(rowid, {cols}) VALUES (new.rowid, {new});
END;
CREATE TRIGGER {fts.name}_ad AFTER DELETE ON {fts.table} BEGIN
  INSERT INTO {fts.name}({fts.name}, rowid, {cols}) VALUES ('delete', old.rowid, {old});
END;
CREATE TRIGGER {fts.name}_au AFTER UPDATE OF {cols} ON {fts.table} BEGIN
  INSERT INTO {fts.name}({fts.name}, rowid, {cols}) VALUES ('delete', old.rowid, {old});
  INSERT INTO {fts.name}(rowid, {cols}) VALUES (new.rowid, {new});
END;"""


@cache
def tracking_ddl() -> str:
    """Triggers that log, for every change of a tracked row, the row as it was before (NULL: absent)."""
    parts: list[str] = []
    for info in tables().values():
        # JSON holds no BLOB: bytes are logged as hex (NULL stays NULL), read back by from_changelog.
        old = ", ".join(
            f"'{c}', CASE WHEN old.{c} IS NULL THEN NULL ELSE hex(old.{c}) END"
            if c in info.blob_columns
            else f"'{c}', old.{c}"
            for c in info.columns
        )
        t = info.name
        parts.append(f"""
CREATE TRIGGER _track_{t}_ins AFTER INSERT ON {t} BEGIN
  INSERT INTO _changes (tbl, pk, before) VALUES ('{t}', new.id, NULL);
END;
CREATE TRIGGER _track_{t}_upd AFTER UPDATE ON {t} BEGIN
  INSERT INTO _changes (tbl, pk, before) VALUES ('{t}', old.id, json_object({old}));
END;
CREATE TRIGGER _track_{t}_del AFTER DELETE ON {t} BEGIN
  INSERT INTO _changes (tbl, pk, before) VALUES ('{t}', old.id, json_object({old}));
END;""")
    return "\n".join(parts)


@cache
def operations() -> dict[str, AnyOperation]:
    """Every operation by its qualified name, ``service.name``."""
    found: dict[str, AnyOperation] = {}
    for service, declared in SERVICES.items():
        for op in declared.operations:
            if op.service != service:
                raise TypeError(f"{op!r} is listed under service {service!r}")
            found[op.qualified_name] = op
    return found


def get_operation(qualified_name: str) -> AnyOperation:
    """The operation ``service.name`` (or an old name of one), or an error listing what exists."""
    registry = operations()
    name = OPERATION_ALIASES.get(qualified_name, qualified_name)
    if name not in registry:
        service = qualified_name.split(".", 1)[0]
        same = sorted(n for n in registry if n.startswith(f"{service}."))
        allowed = ", ".join(same) if same else ", ".join(sorted({n.split(".")[0] for n in registry}))
        raise InvalidArgument(f"unknown operation {qualified_name!r}; known: {allowed}")
    return registry[name]
