"""The tests of a ``find`` expression that look at one entry: name, type, size, times, regex."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from datetime import datetime

from state.shell.api import Context, Stat
from state.shell.commands._common import Entry, base_name, blocks
from state.shell.commands._dates import parse_date
from state.shell.regexes import IGNORECASE, compile_user
from state.shell.regexes import error as regex_error

Test = Callable[[Entry], bool]
_UNITS = {"c": 1, "w": 2, "b": 512, "k": 1024, "M": 1024**2, "G": 1024**3}


class FindError(Exception):
    """A bad expression; the message is GNU's."""


def _numeric(text: str, predicate: str) -> tuple[str, int]:
    match = re.fullmatch(r"([+-]?)(\d+)", text)
    if match is None:
        raise FindError(f"invalid argument `{text}' to `{predicate}'")
    return match[1], int(match[2])


def _compare(sign: str, actual: int, wanted: int) -> bool:
    return actual > wanted if sign == "+" else actual < wanted if sign == "-" else actual == wanted


def age_test(now: datetime, predicate: str, text: str) -> Test:
    sign, wanted = _numeric(text, predicate)
    unit = 86400 if predicate == "-mtime" else 60

    def test(entry: Entry) -> bool:
        seconds = (now - entry.stat.modified_at).total_seconds()
        return _compare(sign, int(seconds // unit), wanted)

    return test


def size_test(text: str) -> Test:
    match = re.fullmatch(r"([+-]?)(\d+)([cwbkMG]?)", text)
    if match is None:
        raise FindError(f"invalid argument `{text}' to `-size'")
    sign, wanted, unit = match[1], int(match[2]), _UNITS[match[3] or "b"]

    def test(entry: Entry) -> bool:
        size = blocks(entry.stat) * 1024 if entry.stat.is_dir else entry.stat.size
        return _compare(sign, -(-size // unit), wanted)

    return test


def type_test(text: str) -> Test:
    if text not in ("f", "d", "l", "b", "c", "p", "s"):
        raise FindError(f"Unknown argument to -type: {text}")
    return lambda entry: (text == "d" and entry.stat.is_dir) or (text == "f" and not entry.stat.is_dir)


def name_test(pattern: str, whole: bool, fold: bool) -> Test:
    def test(entry: Entry) -> bool:
        subject = entry.path if whole else base_name(entry.path)
        if fold:
            return fnmatch.fnmatchcase(subject.lower(), pattern.lower())
        return fnmatch.fnmatchcase(subject, pattern)

    return test


def newer_test(ctx: Context, predicate: str, reference: str) -> Test:
    """``-newer FILE`` and ``-newerXY``: X, Y are ``a c m`` (all the modification time here) or ``B``
    (creation); ``Y`` = ``t`` reads ``reference`` as a date (``-newermt 2024-03-01``)."""
    if predicate.endswith("t"):
        when = parse_date(reference, ctx.now)
        if when is None:
            raise FindError(f"I cannot figure out how to interpret '{reference}' as a date or time")
    else:
        stat = ctx.fs.stat(reference)
        if stat is None:
            raise FindError(f"'{reference}': No such file or directory")
        when = _time_of(stat, predicate[-1])
    mine = predicate[6] if len(predicate) == 8 else "m"
    return lambda entry: _time_of(entry.stat, mine) > when


def _time_of(stat: Stat, letter: str) -> datetime:
    return stat.created_at if letter == "B" else stat.modified_at


def regex_test(pattern: str, fold: bool) -> Test:
    try:
        compiled = compile_user(pattern, IGNORECASE if fold else 0)
    except regex_error:
        raise FindError(
            f"failed to compile regular expression '{pattern}': Invalid regular expression"
        ) from None
    return lambda entry: compiled.fullmatch(entry.path) is not None
