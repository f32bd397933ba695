"""The world's clock: date and sleep."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from state.shell.api import Context, command
from state.shell.commands._common import error
from state.shell.commands._dates import parse_date
from state.shell.commands._options import Spec, parse, usage
from state.shell.commands._strftime import strftime

_DATE = Spec(
    flags="uRI",
    valued="drs",
    long={
        "date": "d",
        "reference": "r",
        "set": "s",
        "utc": "u",
        "universal": "u",
        "rfc-email": "R",
        "iso-8601": "I",
        "rfc-3339": "rfc-3339",
    },
    long_valued=frozenset({"rfc-3339"}),
    long_optional=frozenset({"I"}),
)
_ISO = {
    "date": "%Y-%m-%d",
    "hours": "%Y-%m-%dT%H%:z",
    "minutes": "%Y-%m-%dT%H:%M%:z",
    "seconds": "%Y-%m-%dT%H:%M:%S%:z",
    "ns": "%Y-%m-%dT%H:%M:%S,%N%:z",
}
_RFC_3339 = {"date": "%Y-%m-%d", "seconds": "%Y-%m-%d %H:%M:%S%:z", "ns": "%Y-%m-%d %H:%M:%S.%N%:z"}


def _iso_flag(argv: list[str]) -> list[str]:
    """``-Iseconds`` glues its optional value to the flag: make it ``--iso-8601=seconds``."""
    return [re.sub(r"^-I(\w+)$", r"--iso-8601=\1", arg) for arg in argv]


def _moment(ctx: Context, text: str | None, reference: str | None) -> datetime | None:
    if reference is not None:
        stat = ctx.fs.stat(reference)
        if stat is None:
            error(ctx, "date", f"{reference}: No such file or directory")
        return None if stat is None else stat.modified_at
    if text is None:
        return ctx.now
    moment = parse_date(text, ctx.now)
    if moment is None:
        error(ctx, "date", f"invalid date '{text}'")
    return moment


def _format(ctx: Context, given: list[tuple[str, str]], operand: str | None) -> str | None:
    if operand is not None:
        return operand[1:]
    for key, value in reversed(given):
        if key == "R":
            return "%a, %d %b %Y %H:%M:%S %z"
        if key == "I":
            return _ISO.get(value or "date")
        if key == "rfc-3339":
            return _RFC_3339.get(value)
    return "%a %b %e %H:%M:%S %Z %Y"


@command("date")
def date(ctx: Context, argv: list[str]) -> int:
    """The world's date and time (``Mon Mar  2 09:00:00 CET 2026``); ``+FORMAT``, ``-d 'yesterday'``,
    ``-u``, ``-I``, ``-R``, ``-r FILE``."""
    opts = parse(ctx, _iso_flag(argv), _DATE)
    if opts is None:
        return 1
    if opts.has("s"):
        error(ctx, "date", "cannot set date: Operation not permitted")
        return 1
    formats = [operand for operand in opts.operands if operand.startswith("+")]
    others = [operand for operand in opts.operands if not operand.startswith("+")]
    if others or len(formats) > 1:
        if others and not formats and not opts.has("d"):
            error(ctx, "date", f"invalid date '{others[0]}'")
            return 1
        return usage(ctx, "date", f"extra operand '{(others + formats[1:])[0]}'")
    moment = _moment(ctx, opts.value("d"), opts.value("r"))
    pattern = _format(ctx, opts.given, formats[0] if formats else None)
    if moment is None:
        return 1
    if pattern is None:
        return usage(ctx, "date", "invalid argument for --iso-8601")
    if opts.has("u"):
        moment = moment.astimezone(UTC)
    ctx.out.write(strftime(pattern, moment) + "\n")
    return 0


@command("sleep")
def sleep(ctx: Context, argv: list[str]) -> int:
    """Return at once: the world's clock does not move while a command line runs."""
    operands = [arg for arg in argv[1:] if arg != "--"]
    if not operands:
        return usage(ctx, "sleep", "missing operand")
    for operand in operands:
        if not re.fullmatch(r"(\d+(\.\d*)?|\.\d+)[smhd]?|inf(inity)?", operand):
            return usage(ctx, "sleep", f"invalid time interval '{operand}'")
    return 0
