"""Counting and ordering lines: wc, uniq (sort lives in sorting.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from state.shell.api import Context, FsError, command
from state.shell.commands._common import ARCHIVE_MIME_TYPES, error, lines_of, looks_binary, read_operand
from state.shell.commands._options import Spec, parse

_WC = Spec(
    flags="lwcmL",
    long={"lines": "l", "words": "w", "bytes": "c", "chars": "m", "max-line-length": "L"},
)
_WC_ORDER = "lwmcL"


@dataclass
class _Counted:
    name: str
    counts: dict[str, int]
    regular: bool
    failed: bool = False


def _wc_counts(text: str) -> dict[str, int]:
    return {
        "l": text.count("\n"),
        "w": len(text.split()),
        "m": len(text),
        "c": len(text.encode()),
        "L": max((len(line.expandtabs()) for line in text.split("\n")), default=0),
    }


def _wc_read(ctx: Context, operand: str) -> _Counted:
    try:
        text = read_operand(ctx, operand)
    except FsError as failure:
        error(ctx, "wc", f"{operand}: {failure.strerror}")
        directory = failure.strerror == "Is a directory"
        return _Counted(operand, dict.fromkeys(_WC_ORDER, 0), False, failed=not directory)
    counts = _wc_counts(text)
    stat = ctx.fs.stat(operand) if operand != "-" else None
    if stat is not None and (stat.mime_type in ARCHIVE_MIME_TYPES or (not text and stat.size)):
        # bytes the world does not hold as text (photos, archives): count what their size says
        counts = {"l": 0, "w": 0, "m": stat.size, "c": stat.size, "L": 0}
    elif stat is not None and looks_binary(text):
        counts["c"] = stat.size  # a binary file's bytes, not their reading with U+FFFD
    return _Counted(operand, counts, operand != "-" or ctx.stdin_is_file)


def _wc_width(counted: list[_Counted], shown: str) -> int:
    """GNU's width: the digits of the regular files' total size, at least 7 when one is not regular."""
    if len(counted) == 1 and len(shown) == 1:
        return 1
    minimum = 1
    total = 0
    for item in counted:
        if item.failed:
            continue
        if item.regular:
            total += item.counts["c"]
        else:
            minimum = 7
    return max(len(str(total)), minimum)


@command("wc")
def wc(ctx: Context, argv: list[str]) -> int:
    """Count lines (``-l``), words (``-w``), bytes (``-c``) and characters (``-m``) of files or stdin."""
    opts = parse(ctx, argv, _WC)
    if opts is None:
        return 1
    shown = "".join(key for key in _WC_ORDER if opts.has(key)) or "lwc"
    operands = opts.operands or ["-"]
    counted = [_wc_read(ctx, operand) for operand in operands]
    width = _wc_width(counted, shown)
    rows = [item for item in counted if not item.failed]
    if len(operands) > 1:
        totals = {key: sum(item.counts[key] for item in rows) for key in _WC_ORDER}
        rows.append(_Counted("total", totals, True))
    for item in rows:
        numbers = " ".join(f"{item.counts[key]:>{width}d}" for key in shown)
        label = "" if item.name == "-" and not opts.operands else f" {item.name}"
        ctx.out.write(numbers + label + "\n")
    return 1 if any(item.failed or (not item.regular and item.name != "-") for item in counted) else 0


_UNIQ = Spec(
    flags="cdDuiz",
    valued="fsw",
    long={
        "count": "c",
        "repeated": "d",
        "all-repeated": "D",
        "unique": "u",
        "ignore-case": "i",
        "skip-fields": "f",
        "skip-chars": "s",
        "check-chars": "w",
    },
)


def _uniq_key(line: str, fields: int, chars: int, width: int | None, fold: bool) -> str:
    skipped = re.match(r"(?:[ \t]*[^ \t]*){" + str(fields) + "}", line)
    rest = line[skipped.end() if skipped else 0 :][chars:]
    if width is not None:
        rest = rest[:width]
    return rest.lower() if fold else rest


def _uniq_groups(lines: list[str], key: dict[str, int | None], fold: bool) -> list[list[str]]:
    groups: list[list[str]] = []
    previous: str | None = None
    for line in lines:
        this = _uniq_key(line, key["f"] or 0, key["s"] or 0, key["w"], fold)
        if groups and this == previous:
            groups[-1].append(line)
        else:
            groups.append([line])
        previous = this
    return groups


@command("uniq")
def uniq(ctx: Context, argv: list[str]) -> int:
    """Collapse adjacent equal lines; ``-c`` counts, ``-d`` only repeated, ``-u`` only unique, ``-i`` any case."""
    opts = parse(ctx, argv, _UNIQ)
    if opts is None:
        return 1
    if len(opts.operands) > 2:
        return _uniq_extra(ctx, opts.operands[2])
    source = opts.operands[0] if opts.operands else "-"
    try:
        text = read_operand(ctx, source)
    except FsError as failure:
        error(ctx, "uniq", f"{source}: {failure.strerror}")
        return 1
    key = {letter: _int_or_none(opts.value(letter)) for letter in "fsw"}
    out: list[str] = []
    for group in _uniq_groups(lines_of(text), key, opts.has("i")):
        repeated = len(group) > 1
        if (opts.has("d", "D") and not repeated) or (opts.has("u") and repeated):
            continue
        chosen = group if opts.has("D") else group[:1]
        out.extend(f"{len(group):7d} {line}" if opts.has("c") else line for line in chosen)
    result = "".join(line + "\n" for line in out)
    if len(opts.operands) == 2:
        ctx.fs.write_text(opts.operands[1], result)
    else:
        ctx.out.write(result)
    return 0


def _uniq_extra(ctx: Context, operand: str) -> int:
    ctx.err.write(f"uniq: extra operand '{operand}'\nTry 'uniq --help' for more information.\n")
    return 1


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None
