"""The user's calendar as templates read it: busy times, free gaps and slots in working hours, and their
own routines' next sessions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from harness.generate.base import Context
from harness.generate.templates._world import is_work_day
from state.calendar.recurrence import occurrences
from state.db import Tx

Interval = tuple[datetime, datetime]


def next_work_days(ctx: Context, count: int, skip: int = 1) -> list[date]:
    """The next ``count`` work days, starting ``skip`` days after the cut-off."""
    local = ctx.at.astimezone(ctx.tz)
    found: list[date] = []
    day = local.date() + timedelta(days=skip)
    while len(found) < count:
        if is_work_day(ctx, day):
            found.append(day)
        day += timedelta(days=1)
    return found


def at_clock(ctx: Context, day: date, when: time) -> datetime:
    return datetime.combine(day, when, tzinfo=ctx.tz)


def busy(ctx: Context, start: datetime, end: datetime) -> list[Interval]:
    """When the user's calendars have something between ``start`` and ``end`` (merged, all-day events
    left out)."""
    tx = Tx(ctx.conn, ctx.at, ctx.tz)
    spans = sorted(
        (o.start, o.end)
        for o in occurrences(tx, start, end)
        if not o.event.all_day and o.event.status != "cancelled"
    )
    merged: list[Interval] = []
    for first, last in spans:
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def free_gaps(ctx: Context, day: date, taken: list[Interval] | None = None) -> list[Interval]:
    """The stretches of ``day``'s working hours when the user has nothing (nor anything in ``taken``)."""
    hours = ctx.user.work_hours
    opens, closes = at_clock(ctx, day, hours.start), at_clock(ctx, day, hours.end)
    blocked: list[Interval] = sorted([*busy(ctx, opens, closes), *(taken or [])])
    gaps: list[Interval] = []
    cursor = opens
    for first, last in blocked:
        if first > cursor:
            gaps.append((cursor, min(first, closes)))
        cursor = max(cursor, last)
    if cursor < closes:
        gaps.append((cursor, closes))
    return [g for g in gaps if g[0] < g[1]]


def quarter_up(moment: datetime) -> datetime:
    """``moment`` rounded up to the next quarter hour (itself if on one)."""
    extra = (-moment.minute) % 15
    rounded = moment.replace(second=0, microsecond=0) + timedelta(minutes=extra)
    return rounded if rounded >= moment else rounded + timedelta(minutes=15)


def clash_windows(spans: list[Interval], minutes: int) -> list[Interval]:
    """For each busy span, the starts a ``minutes``-long meeting may not have (it would overlap)."""
    second = timedelta(seconds=1)
    return [(first - timedelta(minutes=minutes) + second, last - second) for first, last in spans]


def own_routines(ctx: Context) -> list[tuple[str, str, str]]:
    """(routine id, title, event row id) of the user's own recurring routines in this world."""
    found: list[tuple[str, str, str]] = []
    for routine in ctx.persona.routines:
        row_id = ctx.key_row(f"routine-{routine.id}")
        if routine.organizer != "me" or row_id is None:
            continue
        row = ctx.row("SELECT rrule, status FROM event WHERE id = ?", row_id)
        if row is not None and row["rrule"] and row["status"] != "cancelled":
            found.append((routine.id, routine.title, row_id))
    return found


def next_occurrence(ctx: Context, row_id: str) -> datetime | None:
    """The next occurrence of a series (not moved, not cancelled), from two hours after the cut-off on."""
    tx = Tx(ctx.conn, ctx.at, ctx.tz)
    start = ctx.at + timedelta(hours=2)
    for found in occurrences(tx, start, start + timedelta(days=8)):
        if found.event.id == row_id and found.start >= start:
            return found.start.astimezone(ctx.tz)
    return None


def first_slot(gaps: list[Interval], minutes: int, after: datetime | None = None) -> Interval | None:
    """The first start (on a quarter hour) in ``gaps`` with room for ``minutes``."""
    length = timedelta(minutes=minutes)
    for first, last in gaps:
        start = quarter_up(max(first, after) if after else first)
        if start + length <= last:
            return start, start + length
    return None


def block_and_move(ctx: Context) -> tuple[date, Interval, Interval] | None:
    """A coming work day, a free hour there for the block (and the meeting on top of it), and when the
    first free hour after it that day may start (from, to)."""
    days = next_work_days(ctx, 4)
    for day in ctx.sample(days, len(days)):
        clash = first_slot(free_gaps(ctx, day), 60)
        if clash is None:
            continue
        gaps = free_gaps(ctx, day, [clash])
        moved = first_slot(gaps, 60, after=clash[1])
        if moved is not None:
            # the gap may open off the quarter hour: from its opening on is as good
            opening = max([clash[1], *(first for first, last in gaps if first <= moved[0] < last)])
            return day, clash, (opening, moved[0])
    return None


def free_hours(ctx: Context, wanted: int) -> list[Interval]:
    """Free hours (on the hour, none touching another) over the coming four work days — or, when a busy
    week leaves fewer than ``wanted``, the coming eight — or [] when there are still fewer."""
    for days in (4, 8):
        hours: list[Interval] = []
        for day in next_work_days(ctx, days):
            for first, last in free_gaps(ctx, day):
                start = first.replace(minute=0, second=0, microsecond=0)
                start += timedelta(hours=1) if start < first else timedelta()
                while start + timedelta(hours=1) <= last:
                    if not hours or start >= hours[-1][1] + timedelta(minutes=30):
                        hours.append((start, start + timedelta(hours=1)))
                    start += timedelta(hours=1)
        if len(hours) >= wanted:
            return hours
    return []
