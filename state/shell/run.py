"""The ``shell.run_command`` operation: one command line on a device, over the world's files."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from state.core import Device, device_or_error
from state.db import Tx, build
from state.errors import InvalidArgument, LimitReached, NotFound
from state.ops import operation
from state.shell import builtins as _builtins  # noqa: F401  # pyright: ignore[reportUnusedImport]  (registers them)
from state.shell import commands as _commands  # noqa: F401  # pyright: ignore[reportUnusedImport]  (registers them)
from state.shell import regexes
from state.shell.api import LimitExceeded, Limits
from state.shell.budget import Budget
from state.shell.flow import BreakLoop, ContinueLoop, ExitShell, ReturnFromFunction, ShellState
from state.shell.history import ShellHistory, ShellSession, session
from state.shell.interpreter import Interpreter
from state.shell.parse import ShellSyntaxError, parse
from state.shell.pipes import PipedFileSystem
from state.shell.streams import Input, Output, Streams
from state.shell.syntax import Node
from state.shell.variables import Runtime

SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
LIMITS = Limits()


@dataclass(frozen=True)
class CommandResult:
    """What a command line printed, its exit status and the shell's directory afterwards."""

    stdout: str
    stderr: str
    exit_status: int
    cwd: str
    unsupported: list[str] = field(default_factory=lambda: [])
    """Commands that answered ``command not found`` (recorded so their rate can be measured)."""


def user_name(home: str) -> str:
    """The login name of a device's user, from its home (``/Users/maya`` -> ``maya``)."""
    name = home.rstrip("/").rsplit("/", 1)[-1]
    return name if name and name.replace(".", "").replace("-", "").replace("_", "").isalnum() else "user"


def _environment(
    home: str, user: str, hostname: str, cwd: str, kept: dict[str, str]
) -> tuple[dict[str, str], set[str]]:
    """The variables a line starts with and which of them are exported: a login terminal's environment
    under a UTF-8 locale; ``HOSTNAME`` is a shell variable, not exported, as in bash."""
    exported = {
        "HOME": home,
        "USER": user,
        "LOGNAME": user,
        "PATH": SYSTEM_PATH,
        "SHELL": "/bin/bash",
        "LANG": "C.UTF-8",
        "TERM": "dumb",
        "SHLVL": "1",
        **kept,
        "PWD": cwd,
    }
    return {"HOSTNAME": hostname, **exported}, set(exported)


@operation("shell")
async def run_command(tx: Tx, command: str, device: str = "laptop") -> CommandResult:
    """Run a bash command line in the device's shell; its changes to files are kept, even when it fails.

    The working directory and exported variables persist between calls. A limit hit (output size, loop
    iterations, ...) stops the line and undoes everything it did.
    """
    _check(command)
    try:
        found = device_or_error(tx, device)
    except NotFound as error:
        raise InvalidArgument(str(error)) from None
    current = session(tx, device)
    result = _run(tx, command, found, current, LIMITS)
    tx.insert(
        build(ShellHistory)(
            id=tx.new_id("cmd"),
            device=device,
            command=command,
            cwd=current.cwd,
            exit_status=result.exit_status,
            ran_at=tx.now_db,
        )
    )
    return result


def _check(command: str) -> None:
    if not command.strip():
        raise InvalidArgument("command is empty; give a command line such as 'ls -la ~/Documents'")
    if "\x00" in command:
        raise InvalidArgument(f"command {command!r} contains a NUL character, which a shell cannot hold")
    try:
        command.encode()
    except UnicodeEncodeError:
        raise InvalidArgument(f"command {command!r} holds a lone surrogate, which is not text") from None


def _run(tx: Tx, command: str, found: Device, current: ShellSession, limits: Limits) -> CommandResult:
    device, home, hostname = found.id, found.home, found.hostname
    out = Output(limits.output_bytes, "output")
    err = Output(limits.output_bytes, "error output")
    try:
        tree = parse(command)
    except RecursionError:
        raise _too_deep(limits) from None
    except ShellSyntaxError as error:
        err.write(f"bash: {error}\n")
        return CommandResult("", err.getvalue(), 2, current.cwd)
    budget = Budget(limits)
    user = user_name(home)
    cwd = current.cwd
    fs = PipedFileSystem(tx, device, cwd, limits, budget.write)
    where = fs.stat(cwd)
    if where is None or not where.is_dir:
        cwd = fs.cwd = home
    variables, exported = _environment(home, user, hostname, cwd, current.env)
    state = ShellState(variables, exported, cwd)
    runtime = Runtime(fs, budget, tx.now.astimezone(tx.tz), user, hostname,
                      random.Random(f"{tx.now_db}:{device}:{command}"), found.os, command_line=command)  # fmt: skip
    shell = Interpreter(runtime, state)
    try:
        with regexes.bounded_by(budget):
            status = _execute(shell, tree, Streams(Input(""), {1: out, 2: err}))
    except RecursionError:
        raise _too_deep(limits) from None
    except LimitExceeded as hit:
        raise LimitReached(
            f"the command line was stopped and rolled back, nothing it did was kept: {hit} "
            f"(limit {hit.limit} = {getattr(limits, hit.limit, '?')})"
        ) from None
    kept = {k: v for k, v in state.environment().items()}
    tx.update(ShellSession, device, cwd=state.cwd, env=_persisted(kept))
    return CommandResult(out.getvalue(), err.getvalue(), status, state.cwd, list(runtime.unsupported))


def _too_deep(limits: Limits) -> LimitReached:
    return LimitReached(
        "the command line was stopped and rolled back, nothing it did was kept: it nests too deeply to "
        f"run (limit depth = {limits.depth})"
    )


def _execute(shell: Interpreter, tree: Node, streams: Streams) -> int:
    try:
        return shell.run(tree, streams)
    except ExitShell as stop:
        if stop.message:
            streams.err.write(f"bash: {stop.message}\n")
        return stop.status
    except (BreakLoop, ContinueLoop):
        return 0
    except ReturnFromFunction as returned:
        return returned.status


_DEFAULT_NAMES = frozenset({"HOME", "USER", "LOGNAME", "HOSTNAME", "SHELL", "LANG", "TERM", "SHLVL", "PWD"})


def _persisted(env: dict[str, str]) -> dict[str, str]:
    """The exported variables kept in the session: all but those every line starts with anew, PATH
    only when changed."""
    return {
        k: v for k, v in env.items() if k not in _DEFAULT_NAMES and not (k == "PATH" and v == SYSTEM_PATH)
    }
