"""ls: one name per line (output is never a terminal), GNU's long format, sorting and recursion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from state.shell.api import Context, Stat, command
from state.shell.commands._common import blocks, check_depth, error, human, join_path, size_of
from state.shell.commands._dates import MONTHS
from state.shell.commands._options import Options, Spec, parse
from state.shell.commands._strftime import strftime

_LS = Spec(
    flags="laAhRtrS1dFpsiqUcupnogGk",
    long={
        "all": "a",
        "almost-all": "A",
        "human-readable": "h",
        "recursive": "R",
        "reverse": "r",
        "directory": "d",
        "classify": "F",
        "indicator-style": "indicator-style",
        "kibibytes": "k",
        "size": "s",
        "numeric-uid-gid": "n",
        "no-group": "G",
        "color": "color",
        "sort": "sort",
        "group-directories-first": "group-directories-first",
        "time-style": "time-style",
        "full-time": "full-time",
    },
    long_valued=frozenset({"sort", "indicator-style", "time-style"}),
    long_optional=frozenset({"color"}),
    usage_status=2,
)
_SIX_MONTHS = timedelta(seconds=31556952 // 2)
_TIME_STYLES = frozenset({"full-iso", "long-iso", "iso", "locale"})
_BAD_TIME_STYLE = """\
Valid arguments are:
  - [posix-]full-iso
  - [posix-]long-iso
  - [posix-]iso
  - [posix-]locale
  - +FORMAT (e.g., +%H:%M) for a 'date'-style format
Try 'ls --help' for more information.
"""


@dataclass(frozen=True)
class _Item:
    name: str
    path: str
    stat: Stat


def _links(ctx: Context, item: _Item) -> int:
    if not item.stat.is_dir:
        return 1
    return 2 + sum(child.is_dir for child in ctx.fs.tree(item.path, max_depth=1)[1:])


def _time_style(opts: Options) -> str | None:
    """``full-iso``, ``long-iso``, ``iso``, ``locale`` or ``+FORMAT``; None when the style is unknown.

    ``posix-STYLE`` is ``STYLE`` here: GNU keeps ``locale`` for it only in the POSIX locale, and the
    shell's is ``C.UTF-8``."""
    style = "full-iso" if opts.last_of("full-time", "time-style") == "full-time" else opts.value("time-style")
    if style is None:
        return "locale"
    style = style.removeprefix("posix-")
    return style if style in _TIME_STYLES or style.startswith("+") else None


def _when(moment: datetime, now: datetime, style: str) -> str:
    local = moment.astimezone(now.tzinfo)
    recent = now - _SIX_MONTHS < local <= now
    if style.startswith("+"):
        formats = style[1:].split("\n", 1)
        return strftime(formats[-1] if recent else formats[0], local)
    if style == "full-iso":
        return f"{local:%Y-%m-%d %H:%M:%S}.{local.microsecond * 1000:09d} {strftime('%z', local)}"
    if style == "long-iso":
        return f"{local:%Y-%m-%d %H:%M}"
    if style == "iso":
        return f"{local:%m-%d %H:%M}" if recent else f"{local:%Y-%m-%d} "
    month = MONTHS[local.month - 1][:3]
    if recent:
        return f"{month} {local.day:2d} {local.hour:02d}:{local.minute:02d}"
    return f"{month} {local.day:2d}  {local.year}"


def _sorted(items: list[_Item], opts: Options) -> list[_Item]:
    if opts.has("U"):
        return items
    by_name = sorted(items, key=lambda item: item.name.encode())
    order = opts.value("sort") or {"t": "time", "S": "size"}.get(opts.last_of("t", "S") or "", "name")
    if order == "time":
        by_name.sort(key=lambda item: item.stat.modified_at, reverse=True)
    elif order == "size":
        by_name.sort(key=lambda item: size_of(item.stat), reverse=True)
    ordered = list(reversed(by_name)) if opts.has("r") else by_name
    if opts.has("group-directories-first"):
        ordered.sort(key=lambda item: not item.stat.is_dir)
    return ordered


def _mark(item: _Item, opts: Options) -> str:
    return "/" if opts.has("F", "p") and item.stat.is_dir else ""


def _long_lines(ctx: Context, items: list[_Item], opts: Options) -> list[str]:
    rows: list[list[str]] = []
    style = _time_style(opts) or "locale"
    for item in items:
        size = size_of(item.stat)
        rows.append(
            [
                "drwxr-xr-x" if item.stat.is_dir else "-rw-r--r--",
                str(_links(ctx, item)),
                "1000" if opts.has("n") else ctx.user,
                "1000" if opts.has("n") else ctx.user,
                human(size) if opts.has("h") else str(size),
                _when(item.stat.modified_at, ctx.now, style),
            ]
        )
    if opts.has("o", "G"):
        rows = [row[:3] + row[4:] for row in rows]
    if opts.has("g"):
        rows = [row[:2] + row[3:] for row in rows]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(len(rows[0]) if rows else 0)]
    lines: list[str] = []
    for item, row in zip(items, rows, strict=True):
        cells = [row[0], row[1].rjust(widths[1])]
        cells += [cell.ljust(widths[i]) for i, cell in enumerate(row[2:-2], start=2)]
        cells += [row[-2].rjust(widths[-2]), row[-1], item.name + _mark(item, opts)]
        lines.append(" ".join(cells))
    return lines


def _lines(ctx: Context, items: list[_Item], opts: Options) -> list[str]:
    long = opts.last_of("l", "1", "n", "o", "g", "full-time") not in (None, "1")
    lines = _long_lines(ctx, items, opts) if long else [item.name + _mark(item, opts) for item in items]
    if opts.has("s"):
        sizes = [
            human(blocks(item.stat) * 1024) if opts.has("h") else str(blocks(item.stat)) for item in items
        ]
        width = max((len(size) for size in sizes), default=0)
        lines = [f"{size.rjust(width)} {line}" for size, line in zip(sizes, lines, strict=True)]
    return lines


def _entries(ctx: Context, directory: str, opts: Options) -> list[_Item]:
    items: list[_Item] = []
    if opts.has("a"):
        for name in (".", ".."):
            stat = ctx.fs.stat(join_path(directory, name))
            if stat is not None:
                items.append(_Item(name, join_path(directory, name), stat))
    for stat in ctx.fs.tree(directory, max_depth=1)[1:]:
        name = stat.path.rsplit("/", 1)[1]
        if not name.startswith(".") or opts.has("a", "A"):
            items.append(_Item(name, join_path(directory, name), stat))
    return _sorted(items, opts)


def _list_directory(ctx: Context, directory: str, opts: Options, header: bool, depth: int) -> None:
    check_depth(ctx, depth, directory)
    items = _entries(ctx, directory, opts)
    if header:
        ctx.out.write(f"{directory}:\n")
    if opts.last_of("l", "1", "n", "o", "g") not in (None, "1") or opts.has("s"):
        total = sum(blocks(item.stat) for item in items)
        ctx.out.write(f"total {human(total * 1024) if opts.has('h') else total}\n")
    ctx.out.write("".join(line + "\n" for line in _lines(ctx, items, opts)))
    if not opts.has("R"):
        return
    for item in items:
        if item.stat.is_dir and item.name not in (".", ".."):
            ctx.out.write("\n")
            _list_directory(ctx, item.path, opts, True, depth + 1)


@command("ls")
def ls(ctx: Context, argv: list[str]) -> int:
    """List a directory's names one per line, sorted; ``-l`` long format, ``-a``/``-A`` hidden names,
    ``-h``, ``-R``, ``-t``, ``-S``, ``-r``, ``-d``, ``-F``, ``-s``, ``--time-style=full-iso|long-iso|iso|+FORMAT``,
    ``--full-time``. Exit 2 when an operand is missing."""
    opts = parse(ctx, argv, _LS)
    if opts is None:
        return 2
    if _time_style(opts) is None:
        ctx.err.write(
            f"ls: invalid argument '{(opts.value('time-style') or '').removeprefix('posix-')}' for 'time style'\n"
            f"{_BAD_TIME_STYLE}"
        )
        return 2
    status = 0
    files: list[_Item] = []
    directories: list[_Item] = []
    for operand in opts.operands or ["."]:
        stat = ctx.fs.stat(operand)
        if stat is None:
            error(ctx, "ls", f"cannot access '{operand}': No such file or directory")
            status = 2
        elif stat.is_dir and not opts.has("d"):
            directories.append(_Item(operand, operand, stat))
        else:
            files.append(_Item(operand, operand, stat))
    if files:
        ctx.out.write("".join(line + "\n" for line in _lines(ctx, _sorted(files, opts), opts)))
    headers = len(files) + len(directories) > 1 or opts.has("R") or status != 0
    for index, item in enumerate(_sorted(directories, opts)):
        if files or index:
            ctx.out.write("\n")
        _list_directory(ctx, item.path, opts, headers, 0)
    return status
