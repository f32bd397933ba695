"""Reading the calendar: calendars, events in a time range, search, one event in full, open invitations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from state.calendar._common import attendees, calendar_or_error, event_or_error, user_addresses
from state.calendar.recurrence import Occurrence, event_end, event_start, occurrences, series_rule
from state.calendar.series import occurrence_view, resolve_instance
from state.calendar.tables import Attendee, Calendar, Event, Reminder
from state.clock import parse_time, to_db
from state.db import Tx
from state.errors import InvalidArgument

MAX_RANGE_DAYS = 366

__all__ = [
    "EventDetails",
    "Occurrence",
    "event_details",
    "events_between",
    "list_calendars",
    "next_starts",
    "open_invitations",
    "search_events",
    "time_range",
    "user_addresses",
    "user_response",
]


def list_calendars(tx: Tx) -> list[Calendar]:
    """Every calendar, the primary one first, then by name."""
    return tx.select(Calendar, order="is_primary DESC, name COLLATE NOCASE, id")


def time_range(
    tx: Tx, start: str | None, end: str | None, *, default_days: int = 7, max_days: int = MAX_RANGE_DAYS
) -> tuple[datetime, datetime]:
    """[start, end) from ISO 8601 text; start defaults to the start of today, end to ``default_days`` later."""
    first = (
        parse_time(start, field="start")
        if start is not None
        else datetime.combine(tx.now.astimezone(tx.tz).date(), datetime.min.time(), tzinfo=tx.tz)
    )
    _check_year(first, "start")
    last = parse_time(end, field="end") if end is not None else first + timedelta(days=default_days)
    _check_year(last, "end")
    if last <= first:
        raise InvalidArgument(f"end {last.isoformat()} must be after start {first.isoformat()}")
    if last - first > timedelta(days=max_days):
        raise InvalidArgument(
            f"the range {first.isoformat()} to {last.isoformat()} is longer than {max_days} days; "
            "ask for a shorter one"
        )
    return first.astimezone(tx.tz), last.astimezone(tx.tz)


def _check_year(moment: datetime, field: str) -> None:
    if not 1900 <= moment.year <= 2999:
        raise InvalidArgument(f"{field} {moment.isoformat()} is out of range; use a year from 1900 to 2999")


def events_between(tx: Tx, start: datetime, end: datetime, calendar: str | None = None) -> list[Occurrence]:
    """Every occurrence overlapping [start, end) (of one calendar, by id or name, or all), in time order."""
    calendar_id = None if calendar is None else calendar_or_error(tx, calendar).id
    return occurrences(tx, start, end, calendar_id)


def _matching_ids(tx: Tx, query: str) -> set[str]:
    """Ids of the events (series, one-off or exception rows) with every word of ``query`` somewhere."""
    where: list[str] = ["status != 'cancelled'"]
    params: list[object] = []
    for word in query.split():
        where.append(
            "(e.title LIKE ? OR e.description LIKE ? OR e.location LIKE ? OR e.organizer LIKE ? "
            "OR EXISTS (SELECT 1 FROM event_attendee a WHERE a.event_id = e.id "
            "AND (a.email LIKE ? OR a.name LIKE ?)))"
        )
        params += [f"%{word}%"] * 6
    rows = tx.all(f"SELECT e.id FROM event e WHERE {' AND '.join(where)}", *params)
    return {str(r["id"]) for r in rows}


def search_events(tx: Tx, query: str, between: tuple[datetime, datetime] | None = None) -> list[Occurrence]:
    """Events whose title, description, location, organiser or attendees hold every word of ``query``.

    With ``between``: every matching occurrence in that range, in time order. Without: each matching
    event or series once (a series at its first occurrence), the latest start first.
    """
    if not query.strip():
        raise InvalidArgument("query is empty; give words to find, or use list_events for a time range")
    found = _matching_ids(tx, query)
    if between is not None:
        return [o for o in occurrences(tx, *between) if o.event.id in found]
    ids = sorted(found)
    rows = tx.select(Event, f"id IN ({', '.join('?' * len(ids))})", *ids) if ids else []
    events = [e for e in rows if not e.series_id or e.series_id not in found]
    events.sort(key=lambda e: (e.starts_at, e.id), reverse=True)
    return [Occurrence(e, event_start(e), event_end(e)) for e in events]


@dataclass(frozen=True)
class EventDetails:
    """One event (or one occurrence of a series) with everything about it."""

    event: Event
    calendar: Calendar
    attendees: list[Attendee]
    reminders: list[int]
    series: Event | None
    next_starts: list[datetime]


def event_details(tx: Tx, event_id: str, instance_start: str | None = None) -> EventDetails:
    """An event with its calendar, attendees and reminders; with ``instance_start``, that occurrence of
    the series ``event_id``. A series also gets its next few starts from now."""
    event = event_or_error(tx, event_id)
    shown = event
    if instance_start is not None:
        key, exception = resolve_instance(tx, event, instance_start)
        shown = exception or occurrence_view(event, key)
    # an occurrence not yet changed shows the series' id, attendees and reminders
    series = tx.get(Event, shown.series_id) if shown.series_id else None
    reminders = tx.select(Reminder, "event_id = ?", shown.id, order="minutes_before")
    return EventDetails(
        event=shown,
        calendar=calendar_or_error(tx, shown.calendar_id),
        attendees=attendees(tx, shown.id),
        reminders=[r.minutes_before for r in reminders],
        series=series,
        next_starts=next_starts(tx, event) if event.rrule and instance_start is None else [],
    )


def next_starts(tx: Tx, series: Event, count: int = 5) -> list[datetime]:
    """The next ``count`` starts of a series after now (cancelled ones left out, moved ones where they went)."""
    if series.status == "cancelled":
        return []
    exceptions = tx.select(Event, "series_id = ?", series.id)
    replaced = set(series.exdates) | {e.original_start for e in exceptions}
    moved = [event_start(e) for e in exceptions if e.status != "cancelled"]
    found: list[datetime] = [m for m in moved if m > tx.now]
    for moment in series_rule(series).xafter(tx.now, count=count + len(replaced)):
        if to_db(moment) not in replaced:
            found.append(moment)
    return sorted(found)[:count]


def user_response(tx: Tx, event: Event, mine: set[str] | None = None) -> str | None:
    """The user's answer to an event someone else organises (needs-action, accepted, ...); None otherwise."""
    mine = user_addresses(tx) if mine is None else mine
    if event.organizer in mine:
        return None
    row = tx.one(
        f"SELECT response FROM event_attendee WHERE event_id = ? AND email IN ({','.join('?' * len(mine))})",
        event.id,
        *sorted(mine),
    )
    return None if row is None else str(row["response"])


def open_invitations(tx: Tx) -> list[Occurrence]:
    """Invitations from others the user has not answered, to events still to come, soonest first (a
    series at its next occurrence)."""
    mine = sorted(user_addresses(tx))
    marks = ",".join("?" * len(mine))
    found = tx.select(
        Event,
        f"status != 'cancelled' AND organizer NOT IN ({marks}) AND (rrule != '' OR ends_at > ?) "
        f"AND id IN (SELECT event_id FROM event_attendee WHERE response = 'needs-action' AND email IN ({marks}))",
        *mine,
        tx.now_db,
        *mine,
        order="starts_at, id",
    )
    pending: list[Occurrence] = []
    for event in found:
        first, last = event_start(event), event_end(event)
        upcoming = next_starts(tx, event, 1) if event.rrule else [first]
        if upcoming:
            pending.append(Occurrence(event, upcoming[0], upcoming[0] + (last - first)))
    return sorted(pending, key=lambda o: (o.start, o.event.id))
