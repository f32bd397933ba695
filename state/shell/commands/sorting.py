"""sort: C-locale byte order, keys (``-k``), separators (``-t``), numeric, human and version orders."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from state.shell.api import Context, FsError, command
from state.shell.commands._common import error, lines_of, read_operand
from state.shell.commands._options import Spec, parse

_SORT = Spec(
    flags="rnufhVbsMgcdR",
    valued="ktoS",
    long={
        "reverse": "r",
        "numeric-sort": "n",
        "unique": "u",
        "ignore-case": "f",
        "human-numeric-sort": "h",
        "version-sort": "V",
        "ignore-leading-blanks": "b",
        "stable": "s",
        "general-numeric-sort": "g",
        "check": "c",
        "dictionary-order": "d",
        "key": "k",
        "field-separator": "t",
        "output": "o",
        "buffer-size": "S",
    },
    usage_status=2,
)
_ORDER_FLAGS = "bdfghnrMV"
_KEY = re.compile(r"(\d+)(?:\.(\d+))?([a-zA-Z]*)(?:,(\d+)(?:\.(\d+))?([a-zA-Z]*))?")
_NUMBER = re.compile(r"\s*(-?)(\d*)(?:\.(\d*))?")
_HUMAN = re.compile(r"\s*(-?)(\d*(?:\.\d*)?)([KMGTPEZY]?)")
_VERSION_PART = re.compile(r"(\d+)|(\D+)")


@dataclass(frozen=True)
class _Key:
    start_field: int
    start_char: int
    end_field: int | None
    end_char: int
    flags: str


class _BadKey(Exception):
    pass


def _parse_key(spec: str, defaults: str) -> _Key:
    match = _KEY.fullmatch(spec)
    if match is None:
        raise _BadKey(f"stray character in field spec: invalid field specification '{spec}'")
    flags = match[3] + (match[6] or "")
    if set(flags) - set(_ORDER_FLAGS):
        raise _BadKey(f"stray character in field spec: invalid field specification '{spec}'")
    if int(match[1]) == 0 or (match[4] is not None and int(match[4]) == 0):
        raise _BadKey(f"field number is zero: invalid field specification '{spec}'")
    end_field = int(match[4]) if match[4] else None
    return _Key(int(match[1]), int(match[2] or 1), end_field, int(match[5] or 0), flags or defaults)


def _fields(line: str, separator: str | None) -> list[tuple[int, int]]:
    """Start and end of each field; without ``-t`` a field keeps the blanks before it."""
    if separator is not None:
        spans: list[tuple[int, int]] = []
        start = 0
        for part in line.split(separator):
            spans.append((start, start + len(part)))
            start += len(part) + 1
        return spans
    return [(m.start(), m.end()) for m in re.finditer(r"[ \t]*[^ \t]+", line)]


def _extract(line: str, key: _Key, separator: str | None) -> str:
    if key.start_field == 1 and key.start_char == 1 and key.end_field is None and "b" not in key.flags:
        return line
    spans = _fields(line, separator)
    if key.start_field > len(spans):
        return ""
    start = spans[key.start_field - 1][0]
    if "b" in key.flags:
        start += len(line[start:]) - len(line[start:].lstrip(" \t"))
    start += key.start_char - 1
    end = len(line)
    if key.end_field is not None and key.end_field <= len(spans):
        field_start, field_end = spans[key.end_field - 1]
        end = field_end if key.end_char == 0 else field_start + key.end_char
    return line[start:end] if start < end else ""


def _number(text: str) -> float:
    match = _NUMBER.match(text)
    if match is None or not (match[2] or match[3]):
        return 0.0
    value = float(f"{match[2] or '0'}.{match[3] or '0'}")
    return -value if match[1] else value


def _human(text: str) -> tuple[int, float]:
    match = _HUMAN.match(text)
    if match is None or not match[2].strip("."):
        return (0, 0.0)
    value = float(match[2])
    sign = -1 if match[1] else 1
    magnitude = " KMGTPEZY".index(match[3] or " ")
    return (sign * (magnitude + 1 if value else 0), sign * value)


def _version(text: str) -> list[tuple[int, int | bytes]]:
    return [(1, int(d)) if d else (0, s.encode()) for d, s in _VERSION_PART.findall(text)]


def _sort_key(text: str, flags: str) -> Any:
    """What a key compares as: a number (``-n``), a size (``-h``), version parts (``-V``) or bytes."""
    if "n" in flags or "g" in flags:
        return _number(text)
    if "h" in flags:
        return _human(text)
    if "V" in flags:
        return _version(text)
    if "d" in flags:
        text = re.sub(r"[^A-Za-z0-9 \t]", "", text)
    if "f" in flags:
        text = text.upper()
    return text.encode()


def _compare_text(a: str, b: str, flags: str) -> int:
    x, y = _sort_key(a, flags), _sort_key(b, flags)
    return (x > y) - (x < y)


def _compare(
    a: str, b: str, keys: list[_Key], separator: str | None, last_resort: bool, reverse: bool
) -> int:
    for key in keys:
        result = _compare_text(_extract(a, key, separator), _extract(b, key, separator), key.flags)
        if result:
            return -result if "r" in key.flags else result
    if not last_resort:
        return 0
    result = (a.encode() > b.encode()) - (a.encode() < b.encode())
    return -result if reverse else result


def _keys(ctx: Context, specs: list[str], flags: str) -> list[_Key] | None:
    try:
        keys = [_parse_key(spec, flags) for spec in specs]
    except _BadKey as bad:
        error(ctx, "sort", str(bad))
        return None
    return keys or [_Key(1, 1, None, 0, flags)]


def _separator(ctx: Context, value: str | None) -> tuple[bool, str | None]:
    if value is None:
        return True, None
    if value == "\\0":
        return True, "\0"
    if len(value) != 1:
        error(ctx, "sort", f"multi-character tab '{value}'")
        return False, None
    return True, value


@command("sort")
def sort(ctx: Context, argv: list[str]) -> int:
    """Sort lines in C-locale byte order; ``-n``/``-h``/``-V`` orders, ``-r``, ``-u``, ``-k``, ``-t``, ``-o``."""
    opts = parse(ctx, argv, _SORT)
    if opts is None:
        return 2
    flags = "".join(letter for letter in _ORDER_FLAGS if opts.has(letter))
    keys = _keys(ctx, opts.values("k"), flags)
    ok, separator = _separator(ctx, opts.value("t"))
    if keys is None or not ok:
        return 2
    lines: list[str] = []
    for operand in opts.operands or ["-"]:
        try:
            lines.extend(lines_of(read_operand(ctx, operand)))
        except FsError as failure:
            error(ctx, "sort", f"cannot read: {operand}: {failure.strerror}")
            return 2
    last_resort = not (opts.has("s") or opts.has("u"))
    if opts.has("c"):

        def compare(a: str, b: str) -> int:
            return _compare(a, b, keys, separator, last_resort, opts.has("r"))

        return _check(ctx, lines, functools.cmp_to_key(compare))
    ordered = _ordered(lines, keys, separator, last_resort, opts.has("r"))
    if opts.has("u"):
        ordered = [item for i, item in enumerate(ordered) if i == 0 or ordered[i - 1][1] != item[1]]
    text = "".join(line + "\n" for line, _ in ordered)
    output = opts.value("o")
    if output is None:
        ctx.out.write(text)
    else:
        ctx.fs.write_text(output, text)
    return 0


def _ordered(
    lines: list[str], keys: list[_Key], separator: str | None, last_resort: bool, reverse: bool
) -> list[tuple[str, list[Any]]]:
    """Lines with their keys, sorted: one stable pass per key, last key first, after the whole-line
    tie-break (GNU's last resort), so each key's own ``r`` holds."""
    ordered = [
        (line, [_sort_key(_extract(line, key, separator), key.flags) for key in keys]) for line in lines
    ]
    if last_resort:
        ordered.sort(key=lambda item: item[0].encode(), reverse=reverse)
    for index in reversed(range(len(keys))):
        ordered.sort(key=lambda item: item[1][index], reverse="r" in keys[index].flags)
    return ordered


def _check(ctx: Context, lines: list[str], order: Callable[[str], Any]) -> int:
    for number in range(1, len(lines)):
        if order(lines[number]) < order(lines[number - 1]):
            error(ctx, "sort", f"-:{number + 1}: disorder: {lines[number]}")
            return 1
    return 0
