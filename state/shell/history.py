# pyright: reportIncompatibleVariableOverride=false
# (SQLModel types __tablename__ as a declared_attr; a table names itself with a plain string)
"""The shell's state: a session per device (working directory, environment) and its command history."""

from __future__ import annotations

import re
import shlex
from typing import ClassVar

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from state.core import device_or_error
from state.db import Tx, build, volatile_table
from state.errors import InvalidArgument, NotFound
from state.files import is_directory, normalize_path
from state.files.paths import is_unicode_text
from state.ops import operation


class ShellSession(SQLModel, table=True):
    """The shell of one device; the working directory and environment persist between commands."""

    __tablename__: ClassVar[str] = "shell_session"
    __table_args__ = volatile_table()
    id: str = Field(primary_key=True)  # the device id
    cwd: str
    env: dict[str, str] = Field(default_factory=dict, sa_type=JSON)


class ShellHistory(SQLModel, table=True):
    """A command line run in a device's shell."""

    __tablename__: ClassVar[str] = "shell_history"
    __table_args__ = volatile_table()
    id: str = Field(primary_key=True)
    device: str = Field(foreign_key="device.id", index=True)
    command: str
    cwd: str
    exit_status: int = 0
    ran_at: str = Field(index=True)


_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# After these a `cd` runs in a subshell (a pipeline, the background) and leaves the shell where it was.
_SUBSHELL_OPERATORS = frozenset({"|", "&", "|&"})
_CD_OPTIONS = frozenset({"-L", "-P", "-e", "-@", "-LP", "-PL"})


def session(tx: Tx, device: str) -> ShellSession:
    """The shell session of ``device``, started in its home directory if there is none yet."""
    found = tx.get(ShellSession, device)
    if found is not None:
        return found
    device_or_error(tx, device)
    started = build(ShellSession)(id=device, cwd=normalize_path(tx, device, "~"), env={})
    tx.insert(started)
    return started


def _check_text(field: str, value: str) -> None:
    if "\x00" in value:
        raise InvalidArgument(f"{field} {value!r} contains a NUL character, which a shell cannot hold")
    if not is_unicode_text(value):
        raise InvalidArgument(f"{field} {value!r} holds a lone surrogate, which is not text")


def _directory(tx: Tx, device: str, path: str, cwd: str, why: str) -> str:
    where = normalize_path(tx, device, path, cwd=cwd)
    if not is_directory(tx, device, where):
        raise NotFound(f"{why}: {where!r} is not a directory on device {device!r}")
    return where


@operation("shell")
async def record_command(
    tx: Tx, command: str, device: str = "laptop", cwd: str | None = None, exit_status: int = 0
) -> ShellHistory:
    """Record a command line run in the device's shell, in ``cwd`` (default: the session's directory).

    A successful leading ``cd DIR`` moves the session to DIR (``cd`` alone: home; ``cd -``: back).
    """
    if not command.strip():
        raise InvalidArgument("command is empty; record a command line such as 'ls -la ~/Documents'")
    _check_text("command", command)
    if not 0 <= exit_status <= 255:
        raise InvalidArgument(f"exit_status {exit_status} is outside 0..255")
    current = session(tx, device)
    ran_in = current.cwd if cwd is None else _directory(tx, device, cwd, current.cwd, f"cwd {cwd!r}")
    entry = build(ShellHistory)(
        id=tx.new_id("cmd"),
        device=device,
        command=command,
        cwd=ran_in,
        exit_status=exit_status,
        ran_at=tx.now_db,
    )
    tx.insert(entry)
    env = current.env
    arguments = _leading_cd(command) if exit_status == 0 else None
    if arguments is not None:
        target = _cd_target(tx, device, command, arguments, ran_in, env)
        env = {**env, "OLDPWD": ran_in}
        ran_in = target
    tx.update(ShellSession, device, cwd=ran_in, env=env)
    return entry


def _leading_cd(command: str) -> list[str] | None:
    """The arguments of a ``cd`` that starts the command line and changes the shell's directory, if any."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:
        return None  # unbalanced quotes: bash runs nothing
    if not tokens or tokens[0] != "cd":
        return None
    arguments: list[str] = []
    for token in tokens[1:]:
        if token and all(c in "();<>|&" for c in token):
            return None if token in _SUBSHELL_OPERATORS else arguments
        arguments.append(token)
    return arguments


def _cd_target(tx: Tx, device: str, command: str, arguments: list[str], cwd: str, env: dict[str, str]) -> str:
    while arguments and arguments[0] in _CD_OPTIONS:
        arguments = arguments[1:]
    if arguments[:1] == ["--"]:
        arguments = arguments[1:]
    if len(arguments) > 1:
        raise InvalidArgument(
            f"command {command!r} gives cd {len(arguments)} directories; bash refuses that "
            "('cd: too many arguments'): record it with exit_status=1"
        )
    why = f"command {command!r} succeeded (exit_status 0) but cd would fail; record it with exit_status=1"
    if not arguments:
        return _directory(tx, device, "~", cwd, why)
    if arguments[0] == "-":
        if "OLDPWD" not in env:
            raise InvalidArgument(f"{why}: no previous directory (OLDPWD) to go back to")
        return _directory(tx, device, env["OLDPWD"], cwd, why)
    return _directory(tx, device, arguments[0], cwd, why)


@operation("shell")
async def set_env(tx: Tx, name: str, value: str, device: str = "laptop") -> ShellSession:
    """Set an environment variable of the device's shell session (kept between commands)."""
    if not _ENV_NAME.fullmatch(name):
        raise InvalidArgument(
            f"environment variable name {name!r} is not valid; use letters, digits and '_', "
            "not starting with a digit (e.g. 'EDITOR')"
        )
    _check_text("value", value)
    current = session(tx, device)
    env = {**current.env, name: value}
    tx.update(ShellSession, device, env=env)
    return current.model_copy(update={"env": env})
