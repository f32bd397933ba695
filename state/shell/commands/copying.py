"""Copying and moving: cp and mv, to a path or into a directory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from state.shell.api import Context, FsError, Stat, command
from state.shell.commands._common import base_name, error, join_path, walk
from state.shell.commands._options import Options, Spec, parse, usage

_COMMON = {
    "force": "f",
    "no-clobber": "n",
    "verbose": "v",
    "target-directory": "t",
    "no-target-directory": "T",
    "interactive": "i",
}
_CP = Spec(
    flags="rRfnvpaiTdPL",
    valued="t",
    long={**_COMMON, "recursive": "r", "archive": "a", "preserve": "preserve", "parents": "parents"},
    long_optional=frozenset({"preserve"}),
)
_MV = Spec(flags="fnvTiu", valued="t", long={**_COMMON, "update": "u"})


@dataclass(frozen=True)
class _Job:
    name: str
    opts: Options

    def fail(self, ctx: Context, message: str) -> bool:
        error(ctx, self.name, message)
        return False


_Transfer = Callable[[Context, _Job, str, str], bool]


def _pairs(ctx: Context, job: _Job) -> list[tuple[str, str]] | int:
    """Each source with its destination, or the exit status of a usage error."""
    operands = job.opts.operands
    target = job.opts.value("t")
    if target is None:
        if not operands:
            return usage(ctx, job.name, "missing file operand")
        if len(operands) == 1:
            return usage(ctx, job.name, f"missing destination file operand after '{operands[0]}'")
        *operands, target = operands
        stat = ctx.fs.stat(target)
        if job.opts.has("T") or ((stat is None or not stat.is_dir) and len(operands) == 1):
            return [(operands[0], target)]
    stat = ctx.fs.stat(target)
    if stat is None or not stat.is_dir:
        reason = ": No such file or directory" if stat is None else " is not a directory"
        error(ctx, job.name, f"target '{target}'{reason}")
        return 1
    return [(source, join_path(target, base_name(source))) for source in operands]


def _run(ctx: Context, argv: list[str], spec: Spec, one: _Transfer) -> int:
    opts = parse(ctx, argv, spec)
    if opts is None:
        return 1
    job = _Job(argv[0], opts)
    pairs = _pairs(ctx, job)
    if isinstance(pairs, int):
        return pairs
    ok = [one(ctx, job, source, destination) for source, destination in pairs]
    return 0 if all(ok) else 1


def _checked(ctx: Context, job: _Job, source: str, destination: str) -> Stat | None:
    """The source's details if the move or copy may go ahead, after GNU's complaints otherwise."""
    stat = ctx.fs.stat(source)
    if stat is None:
        job.fail(ctx, f"cannot stat '{source}': No such file or directory")
        return None
    src, dst = ctx.fs.resolve(source), ctx.fs.resolve(destination)
    if src == dst:
        job.fail(ctx, f"'{source}' and '{destination}' are the same file")
        return None
    if stat.is_dir and dst.startswith(src.rstrip("/") + "/"):
        if job.name == "mv":
            job.fail(ctx, f"cannot move '{source}' to a subdirectory of itself, '{destination}'")
        else:
            job.fail(ctx, f"cannot copy a directory, '{source}', into itself, '{destination}'")
        return None
    return stat


def _clear_way(ctx: Context, job: _Job, source: str, stat: Stat, destination: str) -> bool | None:
    """Make room at ``destination``: True to go on, None to skip quietly (``-n``), False on an error."""
    existing = ctx.fs.stat(destination)
    if existing is None:
        return True
    if job.opts.has("n"):
        return None
    if existing.is_dir and not stat.is_dir:
        return job.fail(ctx, f"cannot overwrite directory '{destination}' with non-directory")
    if stat.is_dir and not existing.is_dir:
        return job.fail(ctx, f"cannot overwrite non-directory '{destination}' with directory '{source}'")
    if existing.is_dir:
        if job.name == "cp":
            return True
        if ctx.fs.list_dir(destination):
            return job.fail(ctx, f"cannot move '{source}' to '{destination}': Directory not empty")
    ctx.fs.remove(destination, recursive=False)
    return True


def _move(ctx: Context, job: _Job, source: str, destination: str) -> bool:
    stat = _checked(ctx, job, source, destination)
    if stat is None:
        return False
    way = _clear_way(ctx, job, source, stat, destination)
    if not way:
        return way is None
    try:
        ctx.fs.move(source, destination)
    except FsError as failure:
        return job.fail(ctx, f"cannot move '{source}' to '{destination}': {failure.strerror}")
    if job.opts.has("v"):
        ctx.out.write(f"renamed '{source}' -> '{destination}'\n")
    return True


def _copy(ctx: Context, job: _Job, source: str, destination: str) -> bool:
    stat = _checked(ctx, job, source, destination)
    if stat is None:
        return False
    if not stat.is_dir:
        return _copy_file(ctx, job, source, stat, destination)
    if not job.opts.has("r", "R", "a"):
        return job.fail(ctx, f"-r not specified; omitting directory '{source}'")
    ok = True
    for entry in walk(ctx, source, stat):
        below = entry.path[len(source) :].lstrip("/")
        target = join_path(destination, below) if below else destination
        if entry.stat.is_dir:
            ok = _copy_directory(ctx, job, entry.path, entry.stat, target) and ok
        else:
            ok = _copy_file(ctx, job, entry.path, entry.stat, target) and ok
    return ok


def _copy_directory(ctx: Context, job: _Job, source: str, stat: Stat, destination: str) -> bool:
    existing = ctx.fs.stat(destination)
    if existing is not None:
        if existing.is_dir:
            return True
        return job.fail(ctx, f"cannot overwrite non-directory '{destination}' with directory '{source}'")
    try:
        ctx.fs.make_dir(destination)
    except FsError as failure:
        return job.fail(ctx, f"cannot create directory '{destination}': {failure.strerror}")
    _finish(ctx, job, source, stat, destination)
    return True


def _copy_file(ctx: Context, job: _Job, source: str, stat: Stat, destination: str) -> bool:
    way = _clear_way(ctx, job, source, stat, destination)
    if not way:
        return way is None
    try:
        ctx.fs.copy(source, destination)
    except FsError as failure:
        return job.fail(ctx, f"cannot create regular file '{destination}': {failure.strerror}")
    _finish(ctx, job, source, stat, destination)
    return True


def _finish(ctx: Context, job: _Job, source: str, stat: Stat, destination: str) -> None:
    if job.opts.has("p", "a", "preserve"):
        ctx.fs.touch(destination, stat.modified_at)
    if job.opts.has("v"):
        ctx.out.write(f"'{source}' -> '{destination}'\n")


@command("cp")
def cp(ctx: Context, argv: list[str]) -> int:
    """Copy files (``cp SRC DEST``, ``cp SRC... DIR``); ``-r`` directories, ``-n`` keeps existing files,
    ``-p`` keeps times, ``-v`` tells each copy, ``-t DIR``."""
    return _run(ctx, argv, _CP, _copy)


@command("mv")
def mv(ctx: Context, argv: list[str]) -> int:
    """Move or rename files and directories (``mv SRC DEST``, ``mv SRC... DIR``); ``-n``, ``-v``, ``-t DIR``."""
    return _run(ctx, argv, _MV, _move)
