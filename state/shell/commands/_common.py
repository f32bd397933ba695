"""Helpers the commands share: error lines, reading operands, lines, sizes and blocks, walking trees."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from state.shell.api import Context, FsError, LimitExceeded, Stat

DIRECTORY_SIZE = 4096
BLOCK = 4096


def error(ctx: Context, name: str, message: str) -> None:
    """Write ``name: message`` to stderr, as coreutils do."""
    ctx.err.write(f"{name}: {message}\n")


def read_operand(ctx: Context, operand: str) -> str:
    """The text of a file operand, ``-`` being stdin (FsError as the file system raises it)."""
    if operand == "-":
        return ctx.stdin
    return ctx.fs.read_text(operand)


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` without their newlines; a last line without a newline still counts."""
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def keep_lines(text: str) -> list[str]:
    """The lines of ``text``, each with its newline (the last may have none)."""
    if not text:
        return []
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def joined(lines: list[str]) -> str:
    """Lines written one per line, each ended by a newline."""
    return "".join(line + "\n" for line in lines)


def blocks(stat: Stat) -> int:
    """The 1K blocks a path uses, as ``ls -s`` / ``du`` count them on a 4K-block file system."""
    if stat.is_dir:
        return DIRECTORY_SIZE // 1024
    return -(-stat.size // BLOCK) * (BLOCK // 1024)


def size_of(stat: Stat) -> int:
    return DIRECTORY_SIZE if stat.is_dir else stat.size


def human(size: int) -> str:
    """A size as ``ls -h`` / ``du -h`` write it: ``999``, ``1.1K``, ``10K``, ``1.0M`` (rounded up)."""
    if size < 1024:
        return str(size)
    for power, unit in enumerate("KMGTPEZY", start=1):
        divisor = 1024**power
        tenths = -(-size * 10 // divisor)
        if tenths < 100:
            return f"{tenths // 10}.{tenths % 10}{unit}"
        whole = -(-size // divisor)
        if whole < 1024:
            return f"{whole}{unit}"
    return f"{size}"


def join_path(directory: str, name: str) -> str:
    """``directory/name`` as a user would type it (no doubled slash)."""
    if directory.endswith("/"):
        return directory + name
    return f"{directory}/{name}"


def check_depth(ctx: Context, depth: int, path: str) -> None:
    """Stop a recursion that goes deeper than the limit allows."""
    if depth > ctx.limits.depth:
        raise LimitExceeded(
            "depth", f"directory recursion deeper than {ctx.limits.depth} levels at {path!r}: stopped"
        )


def check_count(ctx: Context, count: int, what: str) -> None:
    """Stop a command that produces more paths than one glob or find may."""
    if count > ctx.limits.glob_results:
        raise LimitExceeded(
            "glob_results", f"{what} produced more than {ctx.limits.glob_results} paths: stopped"
        )


def stat_or_none(ctx: Context, path: str) -> Stat | None:
    try:
        return ctx.fs.stat(path)
    except FsError:
        return None


def base_name(path: str) -> str:
    """The last component of ``path`` as ``basename`` gives it (``/`` stays ``/``)."""
    stripped = path.rstrip("/")
    if not stripped:
        return "/" if path else ""
    return stripped.rsplit("/", 1)[-1]


def dir_name(path: str) -> str:
    """The directory part of ``path`` as ``dirname`` gives it."""
    stripped = path.rstrip("/")
    if not stripped:
        return "/" if path else "."
    if "/" not in stripped:
        return "."
    head = stripped.rsplit("/", 1)[0].rstrip("/")
    return head or "/"


@dataclass(frozen=True)
class Entry:
    """A path met walking a tree: as the user would see it (``docs/a.txt``), its details and depth."""

    path: str
    stat: Stat
    depth: int


def walk(
    ctx: Context,
    top: str,
    stat: Stat,
    *,
    max_depth: int | None = None,
    prune: Callable[[Entry], bool] | None = None,
) -> Iterator[Entry]:
    """``top`` and everything below it, parents first, names in C-locale order.

    Stops with :class:`LimitExceeded` deeper than ``ctx.limits.depth`` or after more than
    ``ctx.limits.glob_results`` paths. ``prune(entry)`` true skips what is below a directory. The tree is
    read at once (:meth:`~state.shell.api.FileSystem.tree`), not one path at a time.
    """
    if not stat.is_dir:
        check_count(ctx, 1, f"walking {top!r}")
        yield Entry(top, stat, 0)
        return
    found = ctx.fs.tree(top, ctx.limits.depth if max_depth is None else min(max_depth, ctx.limits.depth))
    root = found[0].path.rstrip("/")
    pruned: str | None = None
    count = 0
    for below in found:
        if pruned is not None and below.path.startswith(pruned):
            continue
        pruned = None
        relative = below.path[len(root) + 1 :]
        depth = relative.count("/") + 1 if relative else 0
        entry = Entry(join_path(top, relative) if relative else top, below, depth)
        count += 1
        check_count(ctx, count, f"walking {top!r}")
        yield entry
        if not below.is_dir or (max_depth is not None and depth >= max_depth):
            continue
        if prune is not None and prune(entry):
            pruned = below.path.rstrip("/") + "/"
            continue
        check_depth(ctx, depth + 1, entry.path)


def post_order(entries: list[Entry]) -> list[Entry]:
    """Entries of :func:`walk` with each directory after what is in it (as ``du`` and ``rm -v`` go)."""
    out: list[Entry] = []
    stack: list[Entry] = []
    for entry in entries:
        while stack and stack[-1].depth >= entry.depth:
            out.append(stack.pop())
        stack.append(entry)
    out.extend(reversed(stack))
    return out


ZIP_MIME_TYPE = "application/zip"
GZIP_MIME_TYPE = "application/gzip"
TAR_MIME_TYPE = "application/x-tar"
ARCHIVE_MIME_TYPES = frozenset({ZIP_MIME_TYPE, GZIP_MIME_TYPE, TAR_MIME_TYPE})
"""Archives made by ``zip`` and ``tar``, kept as base64 text of their real bytes."""


def file_bytes(ctx: Context, path: str, *, stand_in: bool = True) -> bytes:
    """A file's bytes: an archive made by ``zip`` or ``tar`` is kept as base64 text, a binary file (a PDF,
    a photo) has its own bytes, a file the world has no bytes of (a size and no text) is a stand-in
    (:meth:`~state.shell.api.FileSystem.read_bytes`; nothing unless ``stand_in``: it is for comparing
    and hashing, not for printing), anything else its UTF-8 text."""
    stat = ctx.fs.stat(path)
    if stat is not None and stat.mime_type in ARCHIVE_MIME_TYPES:
        text = ctx.fs.read_text(path)
        if text and not looks_binary(text):
            try:
                return base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError):
                return text.encode()
    if not stand_in and stat is not None and not stat.is_dir and stat.size > 0 and not ctx.fs.read_text(path):
        return b""
    return ctx.fs.read_bytes(path)


def member_bytes(ctx: Context, path: str) -> bytes:
    """What an archive stores for a file: a binary file's bytes, else its text as UTF-8."""
    text = ctx.fs.read_text(path)
    return ctx.fs.read_bytes(path) if looks_binary(text) else text.encode()


def unpack(ctx: Context, path: str, data: bytes) -> None:
    """Write what an archive held for ``path``: text as text, anything else as bytes."""
    try:
        text = data.decode()
    except UnicodeDecodeError:
        text = None
    if text is None or "\0" in text:
        ctx.fs.write_bytes(path, data)
    else:
        ctx.fs.write_text(path, text)


def looks_binary(text: str) -> bool:
    """Whether a file read as ``text`` holds bytes that are not text: a NUL, or bytes that were not UTF-8
    (read as U+FFFD). GNU grep and diff call such a file binary."""
    return "\0" in text or "\ufffd" in text


def without_text(stat: Stat | None, text: str) -> bool:
    """Whether a file read as ``text`` is binary: one the world holds no bytes of (a size and no text),
    or one whose bytes are not text (a PDF, a photo)."""
    return stat is not None and not stat.is_dir and stat.size > 0 and (not text or looks_binary(text))
