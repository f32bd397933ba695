"""How control leaves an awk statement: ``next``, ``exit``, ``break``, ``continue``, ``return``, errors."""

from __future__ import annotations

from state.shell.commands._awk_values import Value


class AwkError(Exception):
    """A run-time error (``division by zero``); awk stops with status 2."""


class Next(Exception):
    pass


class Exit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class Break(Exception):
    pass


class Continue(Exception):
    pass


class Return(Exception):
    def __init__(self, value: Value) -> None:
        super().__init__()
        self.value = value
