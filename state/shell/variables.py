"""A shell's variables: ordinary ones, arrays' first elements, positional and special parameters
(``$?``, ``$#``, ``$RANDOM`` ...), over the :class:`Runtime` every (sub)shell of a command line shares.

:class:`~state.shell.interpreter.Interpreter` builds on :class:`ShellVariables`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from state.shell.api import LimitExceeded, Limits
from state.shell.budget import Budget
from state.shell.flow import ShellState
from state.shell.pipes import PipedFileSystem

PID = 4242
BASH_VERSION = "5.2.15(1)-release"


@dataclass
class Runtime:
    """What every (sub)shell of one command line shares."""

    fs: PipedFileSystem
    budget: Budget
    now: datetime
    user: str
    hostname: str
    random: random.Random
    os: str = "Linux"
    unsupported: list[str] = field(default_factory=lambda: [])
    command_line: str = ""
    """The line being run, as ``history`` shows it."""


class ShellVariables:
    """The variables of a shell with ``state``, and what it reaches through ``runtime``."""

    def __init__(self, runtime: Runtime, state: ShellState) -> None:
        self.runtime = runtime
        self.state = state

    # -- shared facilities -----------------------------------------------------------------------

    @property
    def fs(self) -> PipedFileSystem:
        self.runtime.fs.cwd = self.state.cwd
        return self.runtime.fs

    @property
    def limits(self) -> Limits:
        return self.runtime.budget.limits

    @property
    def user(self) -> str:
        return self.runtime.user

    # -- variables -------------------------------------------------------------------------------

    def lookup(self, name: str) -> str | None:
        """A variable or special parameter; None when unset."""
        value = self.state.variables.get(name)
        if value is not None or not name:
            return value
        array = self.state.arrays.get(name)
        if array is not None:
            return array.get(0)
        if name.isdigit():
            index = int(name)
            if index == 0:
                return "bash"
            params = self.state.positional
            return params[index - 1] if index <= len(params) else None
        return self._special(name)

    def _special(self, name: str) -> str | None:
        specials: dict[str, Callable[[], str]] = {
            "?": lambda: str(self.state.status),
            "#": lambda: str(len(self.state.positional)),
            "@": lambda: " ".join(self.state.positional),
            "*": lambda: " ".join(self.state.positional),
            "$": lambda: str(PID),
            "!": lambda: "",
            "-": lambda: "hB",
            "RANDOM": lambda: str(self.runtime.random.randrange(32768)),
            "SECONDS": lambda: "0",
            "LINENO": lambda: "1",
            "BASH_VERSION": lambda: BASH_VERSION,
            "PPID": lambda: str(PID - 1),
            "UID": lambda: "1000",
            "EUID": lambda: "1000",
        }
        produce = specials.get(name)
        return produce() if produce is not None else None

    def get_or_empty(self, name: str) -> str:
        return self.lookup(name) or ""

    def set_variable(self, name: str, value: str) -> None:
        if len(value) > self.limits.output_bytes:
            raise LimitExceeded(
                "output_bytes",
                f"variable {name} grew past {self.limits.output_bytes} bytes (output_bytes limit)",
            )
        array = self.state.arrays.get(name)
        if array is not None:
            array[0] = value
            return
        self.state.variables[name] = value
