"""What a command line has used of its :class:`~state.shell.api.Limits`; hitting one raises
:class:`~state.shell.api.LimitExceeded` and the line is rolled back."""

from __future__ import annotations

import time

from state.shell.api import LimitExceeded, Limits


class Budget:
    """Counters shared by everything one command line runs (subshells and pipelines included)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.commands = 0
        self.iterations = 0
        self.written = 0
        self.depth = 0
        # The wall clock is only a safety net behind the deterministic limits; it never shapes a result.
        self._deadline = time.monotonic() + limits.wall_seconds

    def command(self) -> None:
        self.commands += 1
        if self.commands > self.limits.commands:
            raise LimitExceeded(
                "commands", f"the line ran more than {self.limits.commands} commands (commands limit)"
            )
        self._check_clock()

    def iteration(self) -> None:
        self.iterations += 1
        if self.iterations > self.limits.loop_iterations:
            raise LimitExceeded(
                "loop_iterations",
                f"loops ran more than {self.limits.loop_iterations} iterations (loop_iterations limit)",
            )
        self._check_clock()

    def write(self, size: int) -> None:
        self.written += size
        if self.written > self.limits.written_bytes:
            raise LimitExceeded(
                "written_bytes",
                f"the line wrote more than {self.limits.written_bytes} bytes to files (written_bytes limit)",
            )

    def enter(self, what: str) -> None:
        self.depth += 1
        if self.depth > self.limits.depth:
            raise LimitExceeded(
                "depth", f"{what} nested more than {self.limits.depth} levels deep (depth limit)"
            )

    def leave(self) -> None:
        self.depth -= 1

    def seconds_left(self) -> float:
        """Wall time the line may still run (negative once it is over)."""
        return self._deadline - time.monotonic()

    def _check_clock(self) -> None:
        if time.monotonic() > self._deadline:
            raise LimitExceeded(
                "wall_seconds",
                f"the line ran longer than {self.limits.wall_seconds} seconds (wall_seconds limit)",
            )
