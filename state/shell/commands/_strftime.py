"""``strftime`` as GNU ``date`` does it in the C locale, with GNU's ``-``, ``_``, ``0``, ``^`` flags."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from state.shell.commands._dates import DAYS, MONTHS

_DIRECTIVE = re.compile(r"%([-_0^#]?)(\d*)(:{0,3})([a-zA-Z%+])")


def _zone(moment: datetime, colons: str) -> str:
    offset = moment.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if colons == ":":
        return f"{sign}{hours:02d}:{minutes:02d}"
    if colons == "::":
        return f"{sign}{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{sign}{hours:02d}{minutes:02d}"


def _week_of_year(moment: datetime, first_weekday: int) -> int:
    """``%U`` (weeks start Sunday, ``first_weekday`` 6) and ``%W`` (Monday, 0)."""
    yday = moment.timetuple().tm_yday - 1
    weekday = (moment.weekday() - first_weekday) % 7
    return (yday + 7 - weekday) // 7


def _hour12(moment: datetime) -> int:
    return moment.hour % 12 or 12


_NUMERIC: dict[str, tuple[Callable[[datetime], int], int, str]] = {
    "d": (lambda m: m.day, 2, "0"),
    "e": (lambda m: m.day, 2, " "),
    "H": (lambda m: m.hour, 2, "0"),
    "k": (lambda m: m.hour, 2, " "),
    "I": (_hour12, 2, "0"),
    "l": (_hour12, 2, " "),
    "m": (lambda m: m.month, 2, "0"),
    "M": (lambda m: m.minute, 2, "0"),
    "S": (lambda m: m.second, 2, "0"),
    "j": (lambda m: m.timetuple().tm_yday, 3, "0"),
    "y": (lambda m: m.year % 100, 2, "0"),
    "Y": (lambda m: m.year, 1, "0"),
    "C": (lambda m: m.year // 100, 2, "0"),
    "u": (lambda m: m.isoweekday(), 1, "0"),
    "w": (lambda m: m.isoweekday() % 7, 1, "0"),
    "U": (lambda m: _week_of_year(m, 6), 2, "0"),
    "W": (lambda m: _week_of_year(m, 0), 2, "0"),
    "V": (lambda m: m.isocalendar()[1], 2, "0"),
    "G": (lambda m: m.isocalendar()[0], 1, "0"),
    "g": (lambda m: m.isocalendar()[0] % 100, 2, "0"),
    "s": (lambda m: int(m.timestamp()), 1, "0"),
    "q": (lambda m: (m.month - 1) // 3 + 1, 1, "0"),
}
_TEXT: dict[str, Callable[[datetime], str]] = {
    "a": lambda m: DAYS[m.weekday()][:3],
    "A": lambda m: DAYS[m.weekday()],
    "b": lambda m: MONTHS[m.month - 1][:3],
    "h": lambda m: MONTHS[m.month - 1][:3],
    "B": lambda m: MONTHS[m.month - 1],
    "p": lambda m: "AM" if m.hour < 12 else "PM",
    "P": lambda m: "am" if m.hour < 12 else "pm",
    "Z": lambda m: m.tzname() or "UTC",
    "n": lambda m: "\n",
    "t": lambda m: "\t",
    "%": lambda m: "%",
    "N": lambda m: f"{m.microsecond * 1000:09d}",
}
_COMPOSED = {
    "c": "%a %b %e %H:%M:%S %Y",
    "D": "%m/%d/%y",
    "x": "%m/%d/%y",
    "F": "%Y-%m-%d",
    "T": "%H:%M:%S",
    "X": "%H:%M:%S",
    "R": "%H:%M",
    "r": "%I:%M:%S %p",
    "+": "%a %b %e %H:%M:%S %Z %Y",
}


def _directive(moment: datetime, match: re.Match[str]) -> str:
    flag, width, colons, code = match.groups()
    if code == "z":
        return _zone(moment, colons)
    if code in _COMPOSED:
        return strftime(_COMPOSED[code], moment)
    if code in _NUMERIC:
        value, size, pad = _NUMERIC[code]
        number = value(moment)
        pad = {"-": "", "_": " ", "0": "0"}.get(flag, pad)
        size = int(width) if width else size
        text = str(abs(number)).rjust(size if pad else 0, pad or " ")
        return ("-" if number < 0 else "") + text
    if code in _TEXT:
        text = _TEXT[code](moment)
        text = text.upper() if flag in ("^", "#") else text
        return text.rjust(int(width)) if width else text
    return match.group()


def strftime(format: str, moment: datetime) -> str:
    """``moment`` written as ``format`` says, C locale (``%a %b %e %H:%M:%S %Z %Y``)."""
    return _DIRECTIVE.sub(lambda match: _directive(moment, match), format)
