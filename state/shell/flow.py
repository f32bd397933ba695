"""The shell's variables and options, and the signals that unwind it (``break``, ``return``, ``exit``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from state.shell.syntax import Node


class BreakLoop(Exception):
    def __init__(self, levels: int) -> None:
        super().__init__(levels)
        self.levels = levels


class ContinueLoop(Exception):
    def __init__(self, levels: int) -> None:
        super().__init__(levels)
        self.levels = levels


class ReturnFromFunction(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class ExitShell(Exception):
    """``exit``, or an error that ends a non-interactive shell (``${v:?}``, a bad ``$((...))``)."""

    def __init__(self, status: int, message: str = "") -> None:
        super().__init__(status)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Saved:
    """A variable as it was before ``local`` hid it: its value, whether exported, its array."""

    value: str | None
    exported: bool
    array: dict[int, str] | None


@dataclass
class ShellState:
    """What a subshell copies: variables, functions, the directory, positional parameters, options."""

    variables: dict[str, str]
    exported: set[str]
    cwd: str
    functions: dict[str, Node] = field(default_factory=lambda: {})
    positional: list[str] = field(default_factory=lambda: [])
    options: set[str] = field(default_factory=lambda: set())
    status: int = 0
    frames: list[dict[str, Saved]] = field(default_factory=lambda: [])
    """One frame per running function: the values ``local`` hid, restored on return."""
    arrays: dict[str, dict[int, str]] = field(default_factory=lambda: {})

    def fork(self) -> ShellState:
        return ShellState(
            dict(self.variables),
            set(self.exported),
            self.cwd,
            dict(self.functions),
            list(self.positional),
            set(self.options),
            self.status,
            [dict(f) for f in self.frames],
            {name: dict(array) for name, array in self.arrays.items()},
        )

    def save(self, name: str) -> Saved:
        array = self.arrays.get(name)
        return Saved(
            self.variables.get(name), name in self.exported, dict(array) if array is not None else None
        )

    def restore(self, name: str, saved: Saved) -> None:
        self.variables.pop(name, None)
        self.arrays.pop(name, None)
        if saved.value is not None:
            self.variables[name] = saved.value
        if saved.array is not None:
            self.arrays[name] = saved.array
        if saved.exported:
            self.exported.add(name)
        else:
            self.exported.discard(name)

    def environment(self) -> dict[str, str]:
        """The exported variables, as commands see them."""
        return {name: self.variables[name] for name in sorted(self.exported) if name in self.variables}
