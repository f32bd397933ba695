"""Names of paths: basename, dirname, realpath, readlink."""

from __future__ import annotations

from state.shell.api import Context, FsError, command
from state.shell.commands._common import base_name, dir_name, error
from state.shell.commands._options import Spec, parse, usage


@command("basename")
def basename(ctx: Context, argv: list[str]) -> int:
    """The last part of a path (``basename /a/b.txt .txt`` -> ``b``); ``-a`` several paths, ``-s SUFFIX``.

    Options come before the first name only (GNU stops there): ``basename f-2024.txt -2024.txt`` -> ``f``.
    """
    first = _first_operand(argv)
    spec = Spec(flags="az", valued="s", long={"multiple": "a", "suffix": "s", "zero": "z"})
    opts = parse(ctx, argv[:first], spec)
    if opts is None:
        return 1
    names = [*opts.operands, *argv[first:]]
    if not names:
        return usage(ctx, "basename", "missing operand")
    suffix = opts.value("s") or ""
    if not opts.has("a", "s"):
        if len(names) > 2:
            return usage(ctx, "basename", f"extra operand '{names[2]}'")
        suffix = names[1] if len(names) == 2 else ""
        names = names[:1]
    end = "\0" if opts.has("z") else "\n"
    for name in names:
        base = base_name(name)
        if suffix and base != suffix and base.endswith(suffix):
            base = base[: -len(suffix)]
        ctx.out.write(base + end)
    return 0


def _first_operand(argv: list[str]) -> int:
    """Where the operands begin: after the options, and after ``--`` when it ends them."""
    index = 1
    while index < len(argv) and argv[index].startswith("-") and argv[index] != "-":
        if argv[index] == "--":
            return index + 1
        takes_value = argv[index] in ("-s", "--suffix") or (
            argv[index][1:2] != "-" and argv[index].endswith("s") and "s" not in argv[index][1:-1]
        )
        index += 2 if takes_value else 1
    return index


@command("dirname")
def dirname(ctx: Context, argv: list[str]) -> int:
    """The directory part of each path (``dirname /a/b.txt`` -> ``/a``; ``dirname b.txt`` -> ``.``)."""
    opts = parse(ctx, argv, Spec(flags="z", long={"zero": "z"}))
    if opts is None:
        return 1
    if not opts.operands:
        return usage(ctx, "dirname", "missing operand")
    end = "\0" if opts.has("z") else "\n"
    for name in opts.operands:
        ctx.out.write(dir_name(name) + end)
    return 0


_REALPATH = Spec(
    flags="emsqzLP",
    long={
        "canonicalize-existing": "e",
        "canonicalize-missing": "m",
        "strip": "s",
        "no-symlinks": "s",
        "quiet": "q",
        "zero": "z",
        "relative-to": "relative-to",
    },
    long_valued=frozenset({"relative-to"}),
)


def _canonical(ctx: Context, name: str, mode: str) -> str | None:
    """The absolute path; None when ``mode`` needs parts that are missing (``e``: all, default: the parent)."""
    try:
        where = ctx.fs.resolve(name)
    except FsError:
        return None
    if mode == "m":
        return where
    stat = ctx.fs.stat(where)
    parent = ctx.fs.stat(where.rsplit("/", 1)[0] or "/")
    missing = stat is None if mode == "e" else parent is None or not parent.is_dir
    if missing:
        return None
    return where


def _relative(path: str, base: str) -> str:
    parts, anchor = path.strip("/").split("/"), base.strip("/").split("/")
    parts, anchor = [p for p in parts if p], [p for p in anchor if p]
    common = 0
    while common < min(len(parts), len(anchor)) and parts[common] == anchor[common]:
        common += 1
    return "/".join([".."] * (len(anchor) - common) + parts[common:]) or "."


@command("realpath")
def realpath(ctx: Context, argv: list[str]) -> int:
    """The absolute, normalised path of each operand; ``-e`` all of it must exist, ``-m`` none of it."""
    opts = parse(ctx, argv, _REALPATH)
    if opts is None:
        return 1
    if not opts.operands:
        return usage(ctx, "realpath", "missing operand")
    mode = opts.last_of("e", "m") or ""
    base = opts.value("relative-to")
    status = 0
    for name in opts.operands:
        where = _canonical(ctx, name, mode)
        if where is None:
            if not opts.has("q"):
                error(ctx, "realpath", f"{name}: No such file or directory")
            status = 1
            continue
        shown = _relative(where, ctx.fs.resolve(base)) if base else where
        ctx.out.write(shown + ("\0" if opts.has("z") else "\n"))
    return status


@command("readlink")
def readlink(ctx: Context, argv: list[str]) -> int:
    """With ``-f``/``-e``/``-m``, the canonical path; without, a symbolic link's target (the world has none)."""
    opts = parse(ctx, argv, Spec(flags="femnqsvz", long={"canonicalize": "f", "no-newline": "n"}))
    if opts is None:
        return 1
    if not opts.operands:
        return usage(ctx, "readlink", "missing operand")
    mode = opts.last_of("f", "e", "m")
    if mode is None:
        return 1
    status = 0
    for name in opts.operands:
        where = _canonical(ctx, name, "" if mode == "f" else mode)
        if where is None:
            status = 1
            continue
        end = "" if opts.has("n") and len(opts.operands) == 1 else "\n"
        ctx.out.write(where + end)
    return status
