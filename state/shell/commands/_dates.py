"""Dates as ``date`` and ``touch`` read and write them: GNU's ``-d`` strings (absolute and relative) and
``strftime`` directives in the C locale, computed here so the host's locale never matters."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from state.clock import MONTHS, WEEKDAYS

DAYS = WEEKDAYS
_UNITS = {
    "second": 1,
    "sec": 1,
    "minute": 60,
    "min": 60,
    "hour": 3600,
    "day": 86400,
    "week": 7 * 86400,
    "fortnight": 14 * 86400,
    "month": -1,
    "year": -12,
}
_ORDINALS = {"last": -1, "this": 0, "next": 1, "first": 1, "second": 2, "third": 3}
_TOKEN = re.compile(
    r"(?P<iso>\d{4}-\d{1,2}-\d{1,2})(?:[T ](?P<isotime>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?"
    r"(?P<zone>Z|[+-]\d{2}:?\d{2})?"
    r"|(?P<us>\d{1,2}/\d{1,2}/\d{2,4})"
    r"|(?P<time>\d{1,2}:\d{2}(?::\d{2})?)\s*(?P<ampm>[ap]\.?m\.?)?"
    r"|@(?P<epoch>-?\d+)"
    r"|(?P<number>[+-]?\d+)"
    r"|(?P<word>[a-z]+)",
    re.IGNORECASE,
)


class _Parsed:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.day: date | None = None
        self.clock: tuple[int, int, int] | None = None
        self.zone: tzinfo | None = None
        self.months = 0
        self.seconds = 0
        self.days = 0
        self.weekday: tuple[int, int] | None = None
        self.pending: int | None = None


def _month(word: str) -> int | None:
    for index, name in enumerate(MONTHS, start=1):
        if len(word) >= 3 and name.lower().startswith(word.lower()):
            return index
    return None


def _weekday(word: str) -> int | None:
    for index, name in enumerate(DAYS):
        if len(word) >= 3 and name.lower().startswith(word.lower()):
            return index
    return None


def _unit(word: str) -> int | None:
    word = word.lower()
    for name, seconds in _UNITS.items():
        if word in (name, name + "s"):
            return seconds
    return None


def _add_relative(state: _Parsed, amount: int, unit: int) -> None:
    if unit < 0:
        state.months += amount * -unit
    elif unit % 86400 == 0:
        state.days += amount * unit // 86400
    else:
        state.seconds += amount * unit


def _word(state: _Parsed, word: str, words: list[str]) -> bool:
    lower = word.lower()
    if lower == "now" or lower == "today":
        return True
    if lower in ("yesterday", "tomorrow"):
        state.days += -1 if lower == "yesterday" else 1
        return True
    if lower == "ago":
        state.months, state.days, state.seconds = -state.months, -state.days, -state.seconds
        return True
    if lower in ("utc", "gmt", "z"):
        state.zone = UTC
        return True
    if lower in _ORDINALS:
        state.pending = _ORDINALS[lower]
        return True
    unit = _unit(lower)
    if unit is not None:
        _add_relative(state, 1 if state.pending is None else state.pending, unit)
        state.pending = None
        return True
    weekday = _weekday(lower)
    if weekday is not None:
        state.weekday = (weekday, state.pending or 0)
        state.pending = None
        return True
    month = _month(lower)
    if month is not None and words:
        return _month_date(state, month, words)
    return False


def _month_date(state: _Parsed, month: int, words: list[str]) -> bool:
    """``Jan 5 2024`` or ``5 Jan 2024``: the numbers around the month name, given as ``words``."""
    numbers = [int(w) for w in words if w.isdigit()]
    if not numbers:
        return False
    day = numbers[0]
    year = numbers[1] if len(numbers) > 1 else state.now.year
    try:
        state.day = date(year, month, day)
    except ValueError:
        return False
    return True


def _clock(text: str, ampm: str | None) -> tuple[int, int, int] | None:
    parts = [int(float(p)) for p in text.split(":")]
    hour, minute, second = parts[0], parts[1], parts[2] if len(parts) > 2 else 0
    if ampm:
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 60:
        return None
    return hour, minute, second


def _zone(text: str) -> tzinfo:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _numbers_after(tokens: list[re.Match[str]], index: int) -> list[str]:
    found: list[str] = []
    for token in tokens[max(index - 1, 0) : index + 3]:
        if token["number"] is not None and not token["number"].startswith(("+", "-")):
            found.append(token["number"])
    return found


def _token(state: _Parsed, tokens: list[re.Match[str]], index: int) -> bool:
    """Apply one token to ``state``; False when it is not part of a date."""
    token = tokens[index]
    if token["iso"]:
        year, month, day = (int(p) for p in token["iso"].split("-"))
        state.day = date(year, month, day)
        if token["isotime"]:
            state.clock = _clock(token["isotime"], None)
        if token["zone"]:
            state.zone = _zone(token["zone"])
    elif token["us"]:
        month, day, year = (int(p) for p in token["us"].split("/"))
        state.day = date(year + (2000 if year < 69 else 1900 if year < 100 else 0), month, day)
    elif token["time"]:
        state.clock = _clock(token["time"], token["ampm"])
        return state.clock is not None
    elif token["epoch"]:
        moment = datetime.fromtimestamp(int(token["epoch"]), UTC).astimezone(state.now.tzinfo)
        state.day, state.clock = moment.date(), (moment.hour, moment.minute, moment.second)
    elif token["number"]:
        return _number_token(state, tokens, index)
    else:
        return _word(state, token["word"], _numbers_after(tokens, index))
    return True


def _number_token(state: _Parsed, tokens: list[re.Match[str]], index: int) -> bool:
    amount = int(tokens[index]["number"])
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    if following is not None and following["word"] and _unit(following["word"]) is not None:
        state.pending = amount
        return True
    if following is not None and following["word"] and _month(following["word"]) is not None:
        return True
    nearby = tokens[max(index - 2, 0) : index]
    return any(token["word"] and _month(token["word"]) is not None for token in nearby)


def parse_date(text: str, now: datetime) -> datetime | None:
    """The moment a GNU ``date -d`` string names, in ``now``'s timezone; None when it names none.

    ``2024-01-02``, ``2024-01-02 10:30``, ``2024-01-02T10:30:00Z``, ``Jan 5 2024``, ``10:30``, ``@1700000000``,
    ``now``, ``yesterday``, ``tomorrow``, ``2 days ago``, ``+3 days``, ``next monday``, ``last week``.
    """
    state = _Parsed(now)
    stripped = text.strip()
    tokens = list(_TOKEN.finditer(stripped))
    if re.sub(r"[\s,]+", "", "".join(t.group() for t in tokens)) != re.sub(r"[\s,]+", "", stripped):
        return None
    try:
        if not all(_token(state, tokens, i) for i in range(len(tokens))):
            return None
        return _combine(state)
    except (ValueError, OverflowError):
        return None


def _combine(state: _Parsed) -> datetime:
    zone = state.now.tzinfo
    base = state.now.astimezone(state.zone) if state.zone else state.now
    day = state.day or base.date()
    clock = state.clock
    if clock is None:
        given_day = state.day is not None or state.weekday is not None
        clock = (0, 0, 0) if given_day else (base.hour, base.minute, base.second)
    if state.weekday is not None:
        wanted, ordinal = state.weekday
        current = day.weekday()
        day += timedelta(
            days=(wanted - current + 7) % 7 + 7 * (ordinal - (ordinal > 0 and current != wanted))
        )
    months = day.year * 12 + day.month - 1 + state.months
    day = date(months // 12, months % 12 + 1, 1) + timedelta(days=day.day - 1 + state.days)
    local = datetime(day.year, day.month, day.day, *clock, tzinfo=state.zone or zone)
    return (local.astimezone(UTC) + timedelta(seconds=state.seconds)).astimezone(zone)
