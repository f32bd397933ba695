"""Making and removing: mkdir, rmdir, rm, touch."""

from __future__ import annotations

import re
from datetime import datetime

from state.shell.api import Context, FsError, Stat, command
from state.shell.commands._common import base_name, check_depth, error, join_path, post_order, walk
from state.shell.commands._dates import parse_date
from state.shell.commands._options import Spec, parse, usage

_MKDIR = Spec(flags="pv", valued="m", long={"parents": "p", "verbose": "v", "mode": "m"})


def _prefixes(path: str) -> list[str]:
    """``a/b/c`` -> ``a``, ``a/b``, ``a/b/c`` as typed (a leading ``/`` kept)."""
    parts = [part for part in path.split("/") if part]
    lead = "/" if path.startswith("/") else ""
    return [lead + "/".join(parts[: i + 1]) for i in range(len(parts))]


def _make_parents(ctx: Context, operand: str, verbose: bool) -> None:
    for prefix in _prefixes(operand):
        stat = ctx.fs.stat(prefix)
        if stat is not None and not stat.is_dir:
            raise FsError(operand, "Not a directory" if prefix != _prefixes(operand)[-1] else "File exists")
        if stat is None:
            ctx.fs.make_dir(prefix)
            if verbose:
                ctx.out.write(f"mkdir: created directory '{prefix}'\n")


@command("mkdir")
def mkdir(ctx: Context, argv: list[str]) -> int:
    """Make directories; ``-p`` makes missing parents and accepts existing ones, ``-v`` tells each."""
    opts = parse(ctx, argv, _MKDIR)
    if opts is None:
        return 1
    if not opts.operands:
        return usage(ctx, "mkdir", "missing operand")
    status = 0
    for operand in opts.operands:
        try:
            if opts.has("p"):
                _make_parents(ctx, operand, opts.has("v"))
                continue
            if ctx.fs.stat(operand) is not None:
                raise FsError(operand, "File exists")
            ctx.fs.make_dir(operand)
            if opts.has("v"):
                ctx.out.write(f"mkdir: created directory '{operand}'\n")
        except FsError as failure:
            error(ctx, "mkdir", f"cannot create directory '{operand}': {failure.strerror}")
            status = 1
    return status


@command("rmdir")
def rmdir(ctx: Context, argv: list[str]) -> int:
    """Remove empty directories; ``-p`` removes emptied parents too."""
    opts = parse(ctx, argv, Spec(flags="pv", long={"parents": "p", "verbose": "v"}))
    if opts is None:
        return 1
    if not opts.operands:
        return usage(ctx, "rmdir", "missing operand")
    status = 0
    for operand in opts.operands:
        targets = list(reversed(_prefixes(operand))) if opts.has("p") else [operand]
        for target in targets:
            if opts.has("v"):
                ctx.out.write(f"rmdir: removing directory, '{target}'\n")
            if not _remove_empty(ctx, target):
                status = 1
                break
    return status


def _remove_empty(ctx: Context, target: str) -> bool:
    stat = ctx.fs.stat(target)
    reason = ""
    if stat is None:
        reason = "No such file or directory"
    elif not stat.is_dir:
        reason = "Not a directory"
    elif ctx.fs.list_dir(target):
        reason = "Directory not empty"
    if not reason:
        try:
            ctx.fs.remove(target)
        except FsError as failure:
            reason = failure.strerror
    if reason:
        error(ctx, "rmdir", f"failed to remove '{target}': {reason}")
        return False
    return True


_RM = Spec(
    flags="rRfivdI",
    long={
        "recursive": "r",
        "force": "f",
        "interactive": "i",
        "verbose": "v",
        "dir": "d",
        "preserve-root": "preserve-root",
        "one-file-system": "one-file-system",
    },
)


@command("rm")
def rm(ctx: Context, argv: list[str]) -> int:
    """Remove files, and directories with ``-r`` (for good: there is no trash); ``-f`` ignores missing ones,
    ``-i`` asks before each removal (answers are read from stdin), ``-I`` once."""
    opts = parse(ctx, argv, _RM)
    if opts is None:
        return 1
    mode = opts.last_of("i", "I", "f")
    if not opts.operands:
        return 0 if mode == "f" else usage(ctx, "rm", "missing operand")
    recursive = opts.has("r", "R")
    answers = ctx.stdin.split("\n") if mode in ("i", "I") else []
    if mode == "I" and (len(opts.operands) > 3 or recursive):
        count = len(opts.operands)
        what = f"{count} argument{'s' * (count != 1)}" + (" recursively" if recursive else "")
        if not _ask(ctx, f"remove {what}", answers):
            return 0
    status = 0
    for operand in opts.operands:
        if mode == "i" and not _refused(ctx, operand, recursive):
            stat = ctx.fs.stat(operand)
            if stat is None:
                error(ctx, "rm", f"cannot remove '{operand}': No such file or directory")
                status = 1
            elif stat.is_dir and not recursive:
                error(ctx, "rm", f"cannot remove '{operand}': Is a directory")
                status = 1
            else:
                _remove_asking(ctx, operand, stat, answers, opts.has("v"))
        elif mode == "i" or not _remove(ctx, operand, recursive, mode == "f", opts.has("v"), opts.has("d")):
            status = 1
    return status


def _ask(ctx: Context, question: str, answers: list[str]) -> bool:
    """Ask on stderr as rm does; the answer is the next line of stdin (none is no)."""
    ctx.err.write(f"rm: {question}? ")
    answer = answers.pop(0) if answers else ""
    return answer.strip().lower().startswith("y")


def _remove_asking(
    ctx: Context, path: str, stat: Stat, answers: list[str], verbose: bool, depth: int = 0
) -> None:
    check_depth(ctx, depth, path)
    if stat.is_dir:
        names = ctx.fs.list_dir(path)
        if names and not _ask(ctx, f"descend into directory '{path}'", answers):
            return
        for name in names:
            child = join_path(path, name)
            found = ctx.fs.stat(child)
            if found is not None:
                _remove_asking(ctx, child, found, answers, verbose, depth + 1)
        if not _ask(ctx, f"remove directory '{path}'", answers):
            return
        if ctx.fs.list_dir(path):
            error(ctx, "rm", f"cannot remove '{path}': Directory not empty")
            return
    elif not _ask(ctx, f"remove regular {'empty ' if stat.size == 0 else ''}file '{path}'", answers):
        return
    ctx.fs.remove(path)
    if verbose:
        ctx.out.write(f"removed {'directory ' if stat.is_dir else ''}'{path}'\n")


def _refused(ctx: Context, operand: str, recursive: bool) -> bool:
    if recursive and ctx.fs.resolve(operand) == "/":
        error(ctx, "rm", "it is dangerous to operate recursively on '/'")
        error(ctx, "rm", "use --no-preserve-root to override this failsafe")
        return True
    if base_name(operand) in (".", ".."):
        error(ctx, "rm", f"refusing to remove '.' or '..' directory: skipping '{operand}'")
        return True
    return False


def _remove(
    ctx: Context, operand: str, recursive: bool, force: bool, verbose: bool, empty_dirs: bool
) -> bool:
    if _refused(ctx, operand, recursive):
        return False
    stat = ctx.fs.stat(operand)
    if stat is None:
        if not force:
            error(ctx, "rm", f"cannot remove '{operand}': No such file or directory")
        return force
    if stat.is_dir and not recursive:
        if not empty_dirs:
            error(ctx, "rm", f"cannot remove '{operand}': Is a directory")
            return False
        if ctx.fs.list_dir(operand):
            error(ctx, "rm", f"cannot remove '{operand}': Directory not empty")
            return False
    if verbose:
        _tell_removed(ctx, operand, stat)
    try:
        ctx.fs.remove(operand, recursive=recursive)
    except FsError as failure:
        error(ctx, "rm", f"cannot remove '{operand}': {failure.strerror}")
        return False
    return True


def _tell_removed(ctx: Context, path: str, stat: Stat) -> None:
    """``removed 'a/b'`` for everything below ``path``, children before their directory (as rm does)."""
    for entry in post_order(list(walk(ctx, path, stat))):
        kind = "directory " if entry.stat.is_dir else ""
        ctx.out.write(f"removed {kind}'{entry.path}'\n")


_TOUCH = Spec(
    flags="acmh",
    valued="drt",
    long={
        "no-create": "c",
        "date": "d",
        "reference": "r",
        "time": "time",
        "no-dereference": "h",
    },
    long_valued=frozenset({"time"}),
)
_STAMP = re.compile(r"(\d{2}|\d{4})?(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{2}))?")


def _stamp(text: str, now: datetime) -> datetime | None:
    """``touch -t [[CC]YY]MMDDhhmm[.ss]``."""
    match = _STAMP.fullmatch(text)
    if match is None:
        return None
    year = now.year
    if match[1]:
        year = (
            int(match[1]) if len(match[1]) == 4 else int(match[1]) + (1900 if int(match[1]) >= 69 else 2000)
        )
    try:
        return datetime(
            year,
            int(match[2]),
            int(match[3]),
            int(match[4]),
            int(match[5]),
            int(match[6] or 0),
            tzinfo=now.tzinfo,
        )
    except ValueError:
        return None


def _touch_time(ctx: Context, given: list[tuple[str, str]]) -> datetime | str | None:
    """The time to set (None: now), or GNU's complaint."""
    for key, value in reversed(given):
        if key == "d":
            return parse_date(value, ctx.now) or f"invalid date format '{value}'"
        if key == "t":
            return _stamp(value, ctx.now) or f"invalid date format '{value}'"
        if key == "r":
            stat = ctx.fs.stat(value)
            return (
                stat.modified_at
                if stat
                else f"failed to get attributes of '{value}': No such file or directory"
            )
    return None


@command("touch")
def touch(ctx: Context, argv: list[str]) -> int:
    """Create empty files or set their time to now; ``-d DATE``, ``-t [[CC]YY]MMDDhhmm[.ss]``, ``-r FILE``, ``-c``."""
    opts = parse(ctx, argv, _TOUCH)
    if opts is None:
        return 1
    if not opts.operands:
        return usage(ctx, "touch", "missing file operand")
    when = _touch_time(ctx, opts.given)
    if isinstance(when, str):
        error(ctx, "touch", when)
        return 1
    status = 0
    for operand in opts.operands:
        if opts.has("c") and ctx.fs.stat(operand) is None:
            continue
        try:
            ctx.fs.touch(operand, when)
        except FsError as failure:
            error(ctx, "touch", f"cannot touch '{operand}': {failure.strerror}")
            status = 1
    return status


_MODE = re.compile(r"[0-7]{1,4}|([ugoa]*([-+=]([rwxXst]*|[ugo]))+)(,[ugoa]*([-+=]([rwxXst]*|[ugo]))+)*")


@command("chmod")
def chmod(ctx: Context, argv: list[str]) -> int:
    """Check a mode (``755``, ``+x``, ``u=rw,go=r``) and the files: the world keeps no permissions, so
    nothing changes and ``ls -l`` still shows ``-rw-r--r--``."""
    args = argv[1:]
    flags = [arg for arg in args if arg in ("-R", "-v", "-c", "-f", "--recursive", "--verbose", "--changes")]
    rest = [arg for arg in args if arg not in flags and arg != "--"]
    if not rest:
        return usage(ctx, "chmod", "missing operand")
    mode, *operands = rest
    if not _MODE.fullmatch(mode):
        return usage(ctx, "chmod", f"invalid mode: '{mode}'")
    if not operands:
        return usage(ctx, "chmod", f"missing operand after '{mode}'")
    status = 0
    for operand in operands:
        if ctx.fs.stat(operand) is None:
            if "-f" not in flags:
                error(ctx, "chmod", f"cannot access '{operand}': No such file or directory")
            status = 1
    return status
