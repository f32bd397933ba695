"""The laptop shell's state: a session per device (working directory, environment) and its history."""

from __future__ import annotations

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from state.db import volatile_table


class ShellSession(SQLModel, table=True):
    """The shell of one device; the working directory and environment persist between commands."""

    __tablename__ = "shell_session"
    __table_args__ = volatile_table()
    id: str = Field(primary_key=True)  # the device id
    cwd: str
    env: dict[str, str] = Field(default_factory=dict, sa_type=JSON)


class ShellHistory(SQLModel, table=True):
    """A command line run in a device's shell."""

    __tablename__ = "shell_history"
    __table_args__ = volatile_table()
    id: str = Field(primary_key=True)
    device: str = Field(foreign_key="device.id", index=True)
    command: str
    cwd: str
    exit_status: int = 0
    ran_at: str = Field(index=True)
