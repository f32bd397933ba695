"""Regular expressions written by the user: grep, sed, awk, ``find -regex``, ``[[ =~ ]]`` and shell patterns.

They are compiled with the ``regex`` package (``VERSION0``, which behaves like ``re``) rather than ``re``,
because a catastrophic pattern such as ``(a|aa)+$`` can run for minutes and ``re`` cannot be stopped.
Every match is given the time left in the command line's wall-time budget; when it runs out the match
stops with :class:`~state.shell.api.LimitExceeded` and the line is rolled back. Fixed patterns of the
shell's own code stay on ``re``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import regex

from state.shell.api import LimitExceeded, Limits
from state.shell.budget import Budget

Match = regex.Match[str]
error = regex.error
IGNORECASE: int = regex.IGNORECASE

# The budget of the command line being run; without one (a command tested on its own) each match
# may take the default wall-time limit.
_budget: ContextVar[Budget | None] = ContextVar("shell_regex_budget", default=None)
_DEFAULT_SECONDS = Limits().wall_seconds


@contextmanager
def bounded_by(budget: Budget) -> Generator[None]:
    """Within the block, user regular expressions stop when ``budget`` runs out of wall time."""
    token = _budget.set(budget)
    try:
        yield
    finally:
        _budget.reset(token)


def compile_user(pattern: str, flags: int = 0, *, shown: str | None = None) -> UserRegex:
    """Compile a user's pattern (Python syntax); ``shown`` is how the user wrote it, for messages.

    Raises :data:`error` when the pattern is malformed.
    """
    return UserRegex(regex.compile(pattern, flags | regex.VERSION0), pattern if shown is None else shown)


class UserRegex:
    """A compiled user pattern; each of its matches may run only for the line's remaining wall time."""

    def __init__(self, compiled: regex.Pattern[str], shown: str) -> None:
        self._compiled = compiled
        self.shown = shown

    @property
    def pattern(self) -> str:
        return self._compiled.pattern

    @property
    def groups(self) -> int:
        return self._compiled.groups

    def search(self, text: str, pos: int = 0) -> Match | None:
        try:
            return self._compiled.search(text, pos, timeout=_seconds_left(self))
        except TimeoutError:
            raise _too_slow(self) from None

    def match(self, text: str, pos: int = 0) -> Match | None:
        try:
            return self._compiled.match(text, pos, timeout=_seconds_left(self))
        except TimeoutError:
            raise _too_slow(self) from None

    def fullmatch(self, text: str) -> Match | None:
        try:
            return self._compiled.fullmatch(text, timeout=_seconds_left(self))
        except TimeoutError:
            raise _too_slow(self) from None

    def sub(self, replacement: str | Callable[[Match], str], text: str, count: int = 0) -> str:
        try:
            return self._compiled.sub(replacement, text, count, timeout=_seconds_left(self))
        except TimeoutError:
            raise _too_slow(self) from None

    def split(self, text: str, maxsplit: int = 0) -> list[str]:
        try:
            parts = self._compiled.split(text, maxsplit, timeout=_seconds_left(self))
        except TimeoutError:
            raise _too_slow(self) from None
        return [part or "" for part in parts]

    def finditer(self, text: str, pos: int = 0) -> Iterator[Match]:
        try:
            yield from self._compiled.finditer(text, pos, timeout=_seconds_left(self))
        except TimeoutError:
            raise _too_slow(self) from None


def _limit() -> float:
    budget = _budget.get()
    return _DEFAULT_SECONDS if budget is None else budget.limits.wall_seconds


def _seconds_left(regex: UserRegex) -> float:
    budget = _budget.get()
    if budget is None:
        return _DEFAULT_SECONDS
    seconds = budget.seconds_left()
    if seconds <= 0:
        raise _too_slow(regex)
    return seconds


def _too_slow(regex: UserRegex) -> LimitExceeded:
    return LimitExceeded(
        "wall_seconds",
        f"matching the regular expression {regex.shown!r} backtracked past the line's {_limit()} "
        "seconds (wall_seconds limit)",
    )
