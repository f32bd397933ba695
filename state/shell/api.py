"""The contract between the shell's interpreter and its commands.

A command is a Python function ``(ctx, argv) -> exit status`` registered under its name with
:func:`command`. It reads ``ctx.stdin``, writes ``ctx.out`` / ``ctx.err`` and touches files only through
``ctx.fs`` (the device's tree in the world). It never reaches the host: no ``os``, ``subprocess``,
``socket`` or ``open`` anywhere in ``state/shell`` (a lint rule enforces it).

Errors a user can make (a missing file, a bad flag) are written to ``ctx.err`` in GNU's words and
answered with GNU's exit status. A limit hit raises :class:`LimitExceeded`, which rolls the whole
command line back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Limits:
    """What one command line may do before it is stopped and rolled back."""

    output_bytes: int = 1_000_000
    """stdout plus stderr returned to the caller, and any one pipe's buffer."""
    loop_iterations: int = 10_000
    """iterations of all ``for`` / ``while`` / ``until`` loops of the line together."""
    commands: int = 10_000
    """simple commands (builtins and programs) run by the line, loops and ``xargs`` included."""
    file_bytes: int = 10_000_000
    """the size of any one file written."""
    written_bytes: int = 50_000_000
    """bytes written to files by the line in total."""
    glob_results: int = 10_000
    """paths one glob or one ``find`` may produce."""
    depth: int = 64
    """nesting of subshells, command substitutions, functions and directory recursion."""
    wall_seconds: float = 10.0
    """a last resort after the deterministic limits above."""


class LimitExceeded(Exception):
    """A limit was hit: the command line stops, its changes are rolled back, the message says which."""

    def __init__(self, limit: str, message: str) -> None:
        super().__init__(message)
        self.limit = limit


class FsError(Exception):
    """A file operation that fails as it would on a real system: ``strerror`` in glibc's words
    (``No such file or directory``, ``Is a directory``, ``Not a directory``, ``File exists``,
    ``Directory not empty``, ``Permission denied``, ``Invalid argument``)."""

    def __init__(self, path: str, strerror: str) -> None:
        super().__init__(f"{path}: {strerror}")
        self.path = path
        self.strerror = strerror


@dataclass(frozen=True)
class Stat:
    """What ``stat`` knows of a path. Times are the world's, in its timezone."""

    path: str
    is_dir: bool
    size: int
    modified_at: datetime
    created_at: datetime
    mime_type: str


class FileSystem(Protocol):
    """One device's tree in the world. Paths given are as the user typed them (relative to the
    shell's directory, ``~`` expanded by the interpreter before); every method resolves them and
    refuses, with :class:`FsError`, what does not exist or would leave the tree."""

    @property
    def home(self) -> str: ...

    def resolve(self, path: str) -> str:
        """The absolute, normalised path (``..`` stops at ``/``, as in bash)."""
        ...

    def stat(self, path: str) -> Stat | None:
        """The path's details, or None when nothing is there."""
        ...

    def read_text(self, path: str) -> str:
        """A file's content (FsError for a directory or a missing file)."""
        ...

    def read_bytes(self, path: str) -> bytes:
        """A file's bytes: a binary file's own bytes, its text as UTF-8, or, for a file with a size but no
        text and no bytes (a photo whose bytes the world does not hold),
        a short stand-in for its bytes, the same for copies and different for files of another size or
        details. Hash and compare these; the file's size is still ``stat(path).size``."""
        ...

    def write_text(
        self,
        path: str,
        content: str,
        *,
        append: bool = False,
        mime_type: str | None = None,
        size: int | None = None,
    ) -> None:
        """Create or overwrite (or append to) a file; its parent must be a directory.

        ``mime_type`` and ``size`` are for files whose bytes are not text (``zip`` keeps an archive as
        base64 with ``application/zip`` and its real byte size); by default they follow from the name
        and the content."""
        ...

    def write_bytes(self, path: str, data: bytes, *, mime_type: str | None = None) -> None:
        """Create or overwrite a binary file with ``data`` (``read_text`` then shows it as ``cat`` does)."""
        ...

    def list_dir(self, path: str) -> list[str]:
        """The names in a directory, sorted bytewise (C locale), hidden ones included."""
        ...

    def make_dir(self, path: str, *, parents: bool = False) -> None: ...

    def remove(self, path: str, *, recursive: bool = False) -> None:
        """Delete a file, or a directory (empty unless ``recursive``), for good: ``rm`` has no trash."""
        ...

    def move(self, source: str, destination: str) -> None:
        """Rename ``source`` to the path ``destination`` (the caller decides "into a directory")."""
        ...

    def copy(self, source: str, destination: str, *, recursive: bool = False) -> None: ...

    def touch(self, path: str, when: datetime | None = None) -> None:
        """Create an empty file, or set a file's modification time (default: the world's now)."""
        ...

    def walk(self, path: str) -> list[str]:
        """The path and everything below it, depth first in C-locale order (as ``find`` lists them)."""
        ...

    def tree(self, path: str, max_depth: int | None = None) -> list[Stat]:
        """The details of ``path`` and of everything below it (``max_depth`` levels down at most), in
        :meth:`walk`'s order, in one look at the world however big the tree (FsError when ``path`` is
        missing). ``Stat.path`` is resolved; a file's tree is the file alone."""
        ...

    def glob(self, pattern: str) -> list[str]:
        """Paths matching a shell pattern, sorted; hidden names only when the pattern says ``.``."""
        ...


class Writer(Protocol):
    def write(self, text: str) -> None: ...


class Context(Protocol):
    """What a running command sees."""

    fs: FileSystem
    cwd: str
    env: dict[str, str]
    """The exported environment (``HOME``, ``USER``, ``PATH``, ``PWD``, ...)."""
    now: datetime
    """The world's clock, in its timezone."""
    stdin: str
    stdin_is_file: bool
    """Standard input is a regular file (``< file``), not a pipe: GNU ``wc`` then sizes its columns by
    the file's size."""
    out: Writer
    err: Writer
    limits: Limits
    user: str
    hostname: str
    os: str
    """The device's operating system as the world names it (``macOS 15``, ``Ubuntu 24.04``)."""

    def run(self, argv: list[str], stdin: str = "") -> tuple[int, str]:
        """Run another command (``xargs``, ``find -exec``, ``command``): its exit status and stdout; its
        stderr goes to this command's. Shell functions are not looked up, as bash does not for these."""
        ...


Command = Callable[[Context, list[str]], int]
"""A command: ``argv[0]`` is its name; returns the exit status."""

COMMANDS: dict[str, Command] = {}


def command(*names: str) -> Callable[[Command], Command]:
    """Register a command under one or more names (``test`` and ``[``)."""

    def register(fn: Command) -> Command:
        for name in names:
            if name in COMMANDS:
                raise ValueError(f"command {name!r} is registered twice")
            COMMANDS[name] = fn
        return fn

    return register
