# pyright: reportIncompatibleVariableOverride=false
# (SQLModel types __tablename__ as a declared_attr; a table names itself with a plain string)
"""The world itself: its clock, its user, their devices, the audit log of tool calls and plot keys.

Adding a device lives with the files service (:mod:`state.files.devices`): a device is its file tree.
"""

from __future__ import annotations

from typing import Any, ClassVar

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from state.db import Tx, build, volatile_column, volatile_table
from state.errors import NotFound
from state.ops import operation


class WorldInfo(SQLModel, table=True):
    """The single row that describes a world: whose it is, and what time it is there."""

    __tablename__: ClassVar[str] = "world"
    id: str = Field(primary_key=True)
    persona: str
    seed: int
    timezone: str
    now: str = Field(sa_column_kwargs=volatile_column())
    history_start: str
    history_end: str


class UserProfile(SQLModel, table=True):
    """The person whose digital life this is."""

    __tablename__: ClassVar[str] = "user_profile"
    id: str = Field(primary_key=True)
    name: str
    first_name: str
    email: str
    phone: str = ""
    occupation: str = ""
    workplace: str = ""
    city: str = ""
    birthday: str = ""
    bio: str = ""


class Device(SQLModel, table=True):
    """A device of the user's: files live on one, the shell runs on the laptop."""

    __tablename__: ClassVar[str] = "device"
    id: str = Field(primary_key=True)
    name: str
    kind: str
    os: str
    home: str
    hostname: str


class AuditEntry(SQLModel, table=True):
    """One tool call made against the world (not a change of the world's content)."""

    __tablename__: ClassVar[str] = "audit_log"
    __table_args__ = volatile_table()
    id: str = Field(primary_key=True)
    at: str = Field(index=True)
    service: str
    tool: str
    arguments: dict[str, Any] = Field(sa_type=JSON)
    ok: bool
    error: str = ""
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    """What the service adds about the call, e.g. the shell's commands that were not found."""


class PlotKey(SQLModel, table=True):
    """A stable name for a row that a hand-written plot event created, so tasks can point at it."""

    __tablename__: ClassVar[str] = "plot_key"
    id: str = Field(primary_key=True)
    table_name: str
    row_id: str
    at: str


@operation("world")
async def set_user(
    tx: Tx,
    name: str,
    email: str,
    phone: str = "",
    occupation: str = "",
    workplace: str = "",
    city: str = "",
    birthday: str = "",
    bio: str = "",
    first_name: str = "",
) -> UserProfile:
    """Set who the user is (the first event of every history); ``first_name`` is the name they go by,
    by default the first word of ``name`` (give it where the family name comes first: Wang Fang)."""
    user = build(UserProfile)(
        id="me",
        name=name,
        first_name=first_name or (name.split()[0] if name.split() else name),
        email=email,
        phone=phone,
        occupation=occupation,
        workplace=workplace,
        city=city,
        birthday=birthday,
        bio=bio,
    )
    if tx.get(UserProfile, "me") is None:
        tx.insert(user)
    else:
        tx.update(UserProfile, "me", **user.model_dump(exclude={"id"}))
    return user


def record_tool_call(
    tx: Tx,
    service: str,
    tool: str,
    arguments: dict[str, Any],
    ok: bool,
    error: str = "",
    detail: dict[str, Any] | None = None,
) -> None:
    """Log a tool call in the audit log (volatile: it never counts as a change of the world)."""
    tx.insert(
        build(AuditEntry)(
            id=tx.new_id("call"),
            at=tx.now_db,
            service=service,
            tool=tool,
            arguments=arguments,
            ok=ok,
            error=error,
            detail=dict(detail or {}),
        )
    )


def device_or_error(tx: Tx, device: str) -> Device:
    """The device ``device``, or an error that lists the devices there are."""
    found = tx.get(Device, device)
    if found is None:
        names = [d.id for d in tx.select(Device)]
        raise NotFound(f"device {device!r} does not exist; devices: {', '.join(names) or 'none'}")
    return found


TABLES = (WorldInfo, UserProfile, Device, AuditEntry, PlotKey)
OPERATIONS = (set_user,)
