"""Finding free time: when the user and the people they name are all free, inside working hours.

What the world knows of someone else's time is what they share (busy_block rows) and the events of the
user's calendars they take part in (as organiser or as a guest who has not declined). The user is busy
during every event of their calendars they have not declined; all-day events (birthdays, holidays,
someone's out-of-office note) count only when asked to.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from state.calendar._common import people, user_addresses
from state.calendar.reading import time_range
from state.calendar.recurrence import Occurrence, occurrences
from state.clock import WEEKDAY_ABBREVIATIONS, from_db, to_db, zone
from state.db import Tx
from state.errors import InvalidArgument

WEEKDAYS = WEEKDAY_ABBREVIATIONS
MAX_RANGE_DAYS = 62
Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class WorkingHours:
    """The hours a meeting may take, on the given weekdays, in a timezone (None: the world's)."""

    start: str = "09:00"
    end: str = "17:00"
    days: tuple[str, ...] = WEEKDAYS[:5]
    timezone: str | None = None

    def windows(self, tx: Tx, first: datetime, last: datetime) -> list[Interval]:
        """The working windows that overlap [first, last), cut to it, in UTC."""
        opens, closes, days, tz = self._checked(tx)
        found: list[Interval] = []
        day: date = first.astimezone(tz).date()
        while day <= last.astimezone(tz).date():
            if day.weekday() in days:
                window = _utc(day, opens, tz), _utc(day, closes, tz)
                cut = max(window[0], first), min(window[1], last)
                if cut[0] < cut[1]:
                    found.append(cut)
            day += timedelta(days=1)
        return found

    def length(self, tx: Tx) -> timedelta:
        opens, closes, _, _ = self._checked(tx)
        return datetime.combine(date.min, closes) - datetime.combine(date.min, opens)

    def _checked(self, tx: Tx) -> tuple[time, time, set[int], ZoneInfo]:
        opens, closes = _clock(self.start, "work_start"), _clock(self.end, "work_end")
        if closes <= opens:
            raise InvalidArgument(f"work_end {self.end!r} must be after work_start {self.start!r}")
        unknown = [d for d in self.days if d not in WEEKDAYS]
        if unknown or not self.days:
            raise InvalidArgument(
                f"work_days {list(self.days)!r} must name at least one of {', '.join(WEEKDAYS)}"
            )
        tz = tx.tz if self.timezone is None else zone(self.timezone)
        return opens, closes, {WEEKDAYS.index(d) for d in self.days}, tz

    def describe(self, tx: Tx) -> str:
        """E.g. "09:00-17:00 Mon, Tue, Wed, Thu, Fri (Europe/Berlin)"."""
        tz = self.timezone or str(tx.tz)
        return f"{self.start}-{self.end} {', '.join(d for d in WEEKDAYS if d in self.days)} ({tz})"


def _clock(value: str, field: str) -> time:
    try:
        parsed = time.fromisoformat(value.strip())
    except ValueError:
        raise InvalidArgument(
            f"{field} {value!r} is not a time of day; expected HH:MM, e.g. '09:00'"
        ) from None
    if parsed.tzinfo is not None:
        raise InvalidArgument(f"{field} {value!r} must be a plain HH:MM; give the zone as timezone")
    return parsed


def _utc(day: date, clock: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class FreeSlot:
    """A time that fits the meeting: ``start`` to ``end`` (the asked duration), free until ``free_until``."""

    start: datetime
    end: datetime
    free_until: datetime


@dataclass(frozen=True)
class FreeTime:
    """Free slots, and for whom the world knew busy times in the range (for the others it knows none)."""

    slots: list[FreeSlot]
    known_busy: list[str]
    unknown_busy: list[str]
    working_hours: str
    all_day_not_counted: list[Occurrence]


def find_free_time(
    tx: Tx,
    duration_minutes: int,
    start: str | None = None,
    end: str | None = None,
    attendees: list[str] | None = None,
    hours: WorkingHours | None = None,
    all_day_events_busy: bool = False,
) -> FreeTime:
    """When the user and ``attendees`` are all free for ``duration_minutes`` inside working hours, and
    the all-day events in the range that were not counted (unless ``all_day_events_busy``).

    The range defaults to now until 7 days later and never starts before now (rounded up to the next
    quarter hour). Each free stretch long enough gives one slot, at its start, in time order.
    """
    hours = hours or WorkingHours()
    duration = _duration(tx, duration_minutes, hours)
    now = tx.now.astimezone(tx.tz)
    first, last = time_range(tx, start or now.isoformat(), end, max_days=MAX_RANGE_DAYS)
    first = max(first, _next_quarter(tx.now))
    guests = [p.email for p in people(tx, attendees, "attendee") if p.email not in user_addresses(tx)]
    every = occurrences(tx, first, last) if first < last else []
    skipped = [o for o in every if o.event.all_day and not all_day_events_busy]
    counted = [o for o in every if all_day_events_busy or not o.event.all_day]
    answers = _answers(tx, {o.event.id for o in counted})
    found = [(o, answers.get(o.event.id, {})) for o in counted]
    busy = _user_busy(tx, found)
    known: list[str] = []
    for email in guests:
        theirs = _busy_of(tx, email, found, (first, last))
        known += [email] if theirs else []
        busy += theirs
    windows = hours.windows(tx, first, last) if first < last else []
    slots = [
        FreeSlot(free[0], free[0] + duration, free[1])
        for free in _subtract(windows, _merged(busy))
        if free[1] - free[0] >= duration
    ]
    return FreeTime(slots, known, [g for g in guests if g not in known], hours.describe(tx), skipped)


def _duration(tx: Tx, minutes: int, hours: WorkingHours) -> timedelta:
    if minutes < 1:
        raise InvalidArgument(f"duration_minutes {minutes} must be 1 or more")
    if minutes > hours.length(tx).total_seconds() / 60:
        raise InvalidArgument(
            f"duration_minutes {minutes} is longer than the working day {hours.start}-{hours.end}; "
            "give wider work_start and work_end"
        )
    return timedelta(minutes=minutes)


def _next_quarter(moment: datetime) -> datetime:
    utc = moment.astimezone(UTC).replace(second=0, microsecond=0)
    extra = (-utc.minute) % 15
    if extra == 0 and moment.astimezone(UTC) > utc:
        extra = 15
    return utc + timedelta(minutes=extra)


def _answers(tx: Tx, event_ids: set[str]) -> dict[str, dict[str, str]]:
    """Event id -> each attendee's answer, by address."""
    ids = sorted(event_ids)
    found: dict[str, dict[str, str]] = {}
    if not ids:
        return found
    for row in tx.all(
        f"SELECT event_id, email, response FROM event_attendee WHERE event_id IN ({', '.join('?' * len(ids))})",
        *ids,
    ):
        found.setdefault(row["event_id"], {})[row["email"]] = row["response"]
    return found


def _user_busy(tx: Tx, found: list[tuple[Occurrence, dict[str, str]]]) -> list[Interval]:
    mine = user_addresses(tx)
    return [
        (occurrence.start, occurrence.end)
        for occurrence, answers in found
        if not any(answers.get(address) == "declined" for address in mine)
    ]


def _busy_of(
    tx: Tx, email: str, found: list[tuple[Occurrence, dict[str, str]]], between: Interval
) -> list[Interval]:
    """What the world knows of ``email``'s busy times in ``between``: shared blocks and events they attend."""
    rows = tx.all(
        "SELECT starts_at, ends_at FROM busy_block WHERE email = ? AND starts_at < ? AND ends_at > ?",
        email,
        to_db(between[1]),
        to_db(between[0]),
    )
    busy: list[Interval] = [(from_db(r["starts_at"]), from_db(r["ends_at"])) for r in rows]
    for occurrence, answers in found:
        if occurrence.event.organizer == email or answers.get(email, "declined") != "declined":
            busy.append((occurrence.start, occurrence.end))
    return busy


def _merged(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for first, last in sorted(intervals):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _subtract(windows: list[Interval], busy: list[Interval]) -> list[Interval]:
    """The parts of ``windows`` outside every (merged, sorted) busy interval."""
    free: list[Interval] = []
    for first, last in windows:
        cursor = first
        for busy_start, busy_end in busy:
            if busy_end <= cursor or busy_start >= last:
                continue
            if busy_start > cursor:
                free.append((cursor, busy_start))
            cursor = max(cursor, busy_end)
        if cursor < last:
            free.append((cursor, last))
    return free
