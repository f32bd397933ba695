"""Recurring events: checking RRULEs, expanding a series into occurrences, describing it in words.

A series repeats in its own timezone: the rule runs over aware datetimes in the event's zone, so a weekly
09:00 meeting stays at 09:00 local time when the clocks change and its UTC time moves instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rruleset, rrulestr

from state.calendar.tables import Event
from state.clock import from_db, to_db, zone
from state.db import Tx
from state.errors import InvalidArgument

_UNTIL = re.compile(r"UNTIL=(\d{8})(?:T(\d{6}))?(Z?)", re.IGNORECASE)
_RRULE_EXAMPLE = "e.g. 'FREQ=WEEKLY;BYDAY=MO' or 'FREQ=DAILY;COUNT=5'"


class Occurrence(NamedTuple):
    """One occurrence of an event: the row it comes from (the series or an exception) and its times."""

    event: Event
    start: datetime
    end: datetime


def normalize_rrule(value: str, start: datetime) -> str:
    """An RRULE checked against the series' first start (aware, in the event's zone), in stored form.

    The "RRULE:" prefix is dropped; an UNTIL without "Z" is read in the event's zone (a date alone
    means the end of that day) and stored in UTC, as RFC 5545 requires for a zoned series.
    """
    text = value.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if not text:
        return ""
    if "\n" in text or ":" in text:
        raise InvalidArgument(
            f"rrule {value!r} must be a single RRULE without DTSTART or EXDATE; {_RRULE_EXAMPLE}"
        )
    if re.search(r"FREQ=(SECONDLY|MINUTELY)", text, re.IGNORECASE):
        raise InvalidArgument(f"rrule {value!r} repeats more often than hourly; {_RRULE_EXAMPLE}")
    tz = start.tzinfo if isinstance(start.tzinfo, ZoneInfo) else zone("UTC")
    text = _UNTIL.sub(lambda m: _until_in_utc(m, tz), text)
    try:
        _rule(text, start)
    except (ValueError, TypeError) as exc:
        raise InvalidArgument(
            f"rrule {value!r} is not a valid RFC 5545 RRULE ({exc}); {_RRULE_EXAMPLE}"
        ) from None
    return text


def _until_in_utc(match: re.Match[str], tz: ZoneInfo) -> str:
    day, clock, utc = match.group(1), match.group(2), match.group(3)
    if utc:
        return match.group(0).upper()
    try:
        local = datetime.strptime(day + (clock or "235959"), "%Y%m%d%H%M%S").replace(tzinfo=tz)
    except ValueError:
        raise InvalidArgument(
            f"rrule UNTIL={day}{'T' + clock if clock else ''} is not a valid date"
        ) from None
    return "UNTIL=" + from_db(to_db(local)).strftime("%Y%m%dT%H%M%SZ")


def _rule(text: str, start: datetime) -> rrule | rruleset:
    """A parsed rule (parsing costs ~40 µs; a listing expands every series, so rules are kept). The
    zone is part of the key: aware datetimes at the same instant compare equal whatever their zone,
    and a rule anchored in another zone would follow that zone's clock changes."""
    return _parsed(text, start, str(start.tzinfo))


@lru_cache(maxsize=1024)
def _parsed(text: str, start: datetime, zone_name: str) -> rrule | rruleset:
    del zone_name  # only part of the cache key
    return rrulestr(text, dtstart=start)


def series_rule(event: Event) -> rrule | rruleset:
    """The rule of a recurring event, anchored at its first start in its own zone."""
    return _rule(event.rrule, event_start(event))


def event_start(event: Event) -> datetime:
    """The event's start in its own timezone."""
    return from_db(event.starts_at).astimezone(zone(event.timezone))


def event_end(event: Event) -> datetime:
    """The event's end in its own timezone."""
    return from_db(event.ends_at).astimezone(zone(event.timezone))


def expand(
    event: Event, start: datetime, end: datetime, exceptions: Iterable[Event] = ()
) -> list[tuple[datetime, datetime]]:
    """The (start, end) of every occurrence of ``event`` that overlaps [start, end), in time order.

    A one-off event gives at most itself. A series honours its exdates; ``exceptions`` are the rows that
    replace single occurrences (``series_id`` = the series): the occurrence they replace is dropped and
    the exception appears at its own time unless it is cancelled. A cancelled event gives nothing.
    """
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidArgument(
            f"expand needs times with a timezone; got {start.isoformat()} to {end.isoformat()}"
        )
    return [(o.start, o.end) for o in _occurrences(event, start, end, list(exceptions))]


def _occurrences(
    event: Event, start: datetime, end: datetime, exceptions: Sequence[Event]
) -> list[Occurrence]:
    if event.status == "cancelled":
        return []
    first, last = event_start(event), event_end(event)
    if not event.rrule:
        return [Occurrence(event, first, last)] if first < end and last > start else []
    duration = last - first
    replaced = set(event.exdates) | {e.original_start for e in exceptions}
    found = [
        Occurrence(event, moment, moment + duration)
        for moment in _rule(event.rrule, first).between(start - duration, end, inc=True)
        if to_db(moment) not in replaced and moment + duration > start and moment < end
    ]
    for exception in exceptions:
        found.extend(_occurrences(exception, start, end, ()))
    return sorted(found, key=lambda o: (o.start, o.event.id))


def is_occurrence(event: Event, moment: datetime) -> bool:
    """Whether a series has an occurrence starting at ``moment`` (its original, rule-given start)."""
    if not event.rrule:
        return False
    return any(o == moment for o in _rule(event.rrule, event_start(event)).between(moment, moment, inc=True))


def nearest(event: Event, moment: datetime) -> list[datetime]:
    """The occurrences of a series just before and after ``moment`` (for error messages)."""
    if not event.rrule:
        return []
    rule = _rule(event.rrule, event_start(event))
    return [found for found in (rule.before(moment), rule.after(moment)) if found is not None]


def occurrences(tx: Tx, start: datetime, end: datetime, calendar_id: str | None = None) -> list[Occurrence]:
    """Every occurrence of every event (of one calendar, or all) that overlaps [start, end), in time order."""
    where, params = "series_id = '' AND status != 'cancelled'", []
    if calendar_id is not None:
        where, params = f"{where} AND calendar_id = ?", [calendar_id]
    # a series may start long before the range; one-off events are bounded by the range
    where += " AND (rrule != '' OR (starts_at < ? AND ends_at > ?))"
    params += [to_db(end), to_db(start)]
    events = tx.select(Event, where, *params, order="starts_at, id")
    series = [e.id for e in events if e.rrule]
    exceptions: dict[str, list[Event]] = {}
    if series:
        marks = ", ".join("?" * len(series))
        for exception in tx.select(Event, f"series_id IN ({marks})", *series):
            exceptions.setdefault(exception.series_id, []).append(exception)
    found: list[Occurrence] = []
    for event in events:
        found.extend(_occurrences(event, start, end, exceptions.get(event.id, [])))
    return sorted(found, key=lambda o: (o.start, o.event.id))


_FREQUENCIES = {
    "DAILY": ("Daily", "day"),
    "WEEKLY": ("Weekly", "week"),
    "MONTHLY": ("Monthly", "month"),
    "YEARLY": ("Annually", "year"),
    "HOURLY": ("Hourly", "hour"),
}
_DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}


@lru_cache(maxsize=1024)
def describe_rrule(text: str, tz: ZoneInfo) -> str:
    """A series' rule in words, e.g. "Weekly on Monday, Wednesday" or "Every 2 weeks on Friday, 4 times"."""
    parts = dict(p.split("=", 1) for p in text.upper().split(";") if "=" in p)
    single, unit = _FREQUENCIES.get(parts.get("FREQ", ""), (parts.get("FREQ", "").title(), ""))
    interval = int(parts.get("INTERVAL", "1") or "1")
    words = single if interval == 1 else f"Every {interval} {unit}s"
    days = [_DAYS.get(d[-2:], d) for d in parts.get("BYDAY", "").split(",") if d]
    if days:
        words += " on " + ", ".join(days)
    if "COUNT" in parts:
        words += f", {parts['COUNT']} times"
    elif "UNTIL" in parts:
        until = _parse_until(parts["UNTIL"], tz)
        words += f", until {until:%a %b} {until.day}, {until.year}"
    return words


def _parse_until(value: str, tz: ZoneInfo) -> date:
    digits = value.rstrip("Z")
    stamp = datetime.strptime(digits, "%Y%m%dT%H%M%S" if "T" in digits else "%Y%m%d").replace(tzinfo=UTC)
    return stamp.astimezone(tz).date() if value.endswith("Z") else stamp.date()


def midnight(day: date, tz: ZoneInfo) -> datetime:
    """The start of ``day`` in ``tz``."""
    return datetime.combine(day, time(), tzinfo=tz)


def next_midnight(moment: datetime) -> datetime:
    """``moment`` if it is a midnight, else the next midnight in its zone."""
    day = (
        moment.date() if moment.timetz().replace(tzinfo=None) == time() else moment.date() + timedelta(days=1)
    )
    return datetime.combine(day, time(), tzinfo=moment.tzinfo)
