"""Process substitution ``<(cmd)``: the output of ``cmd`` readable as a file ``/dev/fd/N``.

bash hands the command a pipe named ``/dev/fd/63`` (then 62, 61 ...). Here the inner command runs to
the end first and its output is kept under that name for the rest of the line, so ``diff <(sort a)
<(sort b)`` and ``while read l; do ...; done < <(ls)`` read it as they would read any file.
"""

from __future__ import annotations

from collections.abc import Callable

from state.db import Tx
from state.shell.api import FsError, Limits, Stat
from state.shell.fs import WorldFileSystem

_FIRST_DESCRIPTOR = 63
PIPE_MIME_TYPE = "inode/fifo"


class PipedFileSystem(WorldFileSystem):
    """The device's tree plus the pipes of the line's process substitutions."""

    def __init__(
        self,
        tx: Tx,
        device: str,
        cwd: str,
        limits: Limits | None = None,
        on_write: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(tx, device, cwd, limits, on_write)
        self._pipes: dict[str, str] = {}

    def open_pipe(self, content: str) -> str:
        """Keep ``content`` readable under a new ``/dev/fd/N`` and return that path."""
        descriptor = _FIRST_DESCRIPTOR - len(self._pipes)
        if descriptor < 10:
            raise FsError("/dev/fd", "Too many open files")
        path = f"/dev/fd/{descriptor}"
        self._pipes[path] = content
        return path

    def stat(self, path: str) -> Stat | None:
        where = self.resolve(path) if path else ""
        if where in self._pipes:
            now = self.tx.now.astimezone(self.tx.tz)
            return Stat(where, False, 0, now, now, PIPE_MIME_TYPE)
        return super().stat(path)

    def read_text(self, path: str) -> str:
        pipe = self._pipes.get(self.resolve(path)) if path else None
        return super().read_text(path) if pipe is None else pipe
