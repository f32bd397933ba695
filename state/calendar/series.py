"""Single occurrences of a recurring series: finding one, and turning one into an exception row."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from state.calendar._common import attendees
from state.calendar.recurrence import event_end, event_start, is_occurrence, nearest
from state.calendar.tables import Attendee, Event, Reminder
from state.clock import from_db, parse_time, to_db, zone
from state.db import Tx, build
from state.errors import Conflict, InvalidArgument, NotFound


def resolve_instance(tx: Tx, series: Event, instance_start: str | None) -> tuple[str, Event | None]:
    """The stored original start of one occurrence of ``series``, and the exception row replacing it if any."""
    if series.series_id:
        raise InvalidArgument(
            f"event {series.id} is already a single occurrence of series {series.series_id}; change it with "
            f"scope 'series', or give the series id {series.series_id} with scope 'instance'"
        )
    if not series.rrule:
        raise InvalidArgument(f"event {series.id} ({series.title!r}) does not repeat; use scope 'series'")
    if instance_start is None:
        raise InvalidArgument(
            "scope 'instance' needs instance_start, the original start of the occurrence, e.g. "
            f"{event_start(series).isoformat()!r}"
        )
    tz = zone(series.timezone)
    moment = parse_time(instance_start, field="instance_start", tz=tz)
    key = to_db(moment)
    found = tx.select(Event, "series_id = ? AND original_start = ?", series.id, key)
    if key in series.exdates or (found and found[0].status == "cancelled"):
        raise Conflict(f"the occurrence of {series.title!r} at {moment.isoformat()} is cancelled already")
    if found:
        return key, found[0]
    if not is_occurrence(series, moment):
        near = " or ".join(m.isoformat() for m in nearest(series, moment)) or "none"
        raise NotFound(
            f"series {series.id} ({series.title!r}) has no occurrence starting at {moment.astimezone(tz).isoformat()}; "
            f"the nearest are {near}"
        )
    return key, None


def occurrence_view(series: Event, key: str) -> Event:
    """One occurrence of a series as an (unsaved) event, for showing it."""
    duration: timedelta = event_end(series) - event_start(series)
    fields: dict[str, Any] = series.model_dump() | {
        "rrule": "",
        "exdates": [],
        "starts_at": key,
        "ends_at": to_db(from_db(key) + duration),
        "series_id": series.id,
        "original_start": key,
    }
    return Event.model_validate(fields)


def make_exception(tx: Tx, series: Event, key: str) -> Event:
    """Save one occurrence as an exception row with the series' attendees (and their answers) and reminders."""
    exception = occurrence_view(series, key)
    exception.id = tx.new_id("evt")
    exception.created_at = exception.updated_at = tx.now_db
    tx.insert(exception)
    for attendee in attendees(tx, series.id):
        copy: dict[str, Any] = attendee.model_dump() | {"id": f"{exception.id}/{attendee.email}"}
        tx.insert(Attendee.model_validate(copy | {"event_id": exception.id}))
    for reminder in tx.select(Reminder, "event_id = ?", series.id):
        tx.insert(
            build(Reminder)(
                id=f"{exception.id}/{reminder.minutes_before}",
                event_id=exception.id,
                minutes_before=reminder.minutes_before,
                method=reminder.method,
            )
        )
    return exception
