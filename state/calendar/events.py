"""Operations on the user's own calendars and the events they organise."""

from __future__ import annotations

from typing import Any

from state.calendar import _notices as notices
from state.calendar._common import (
    SCOPES,
    Person,
    add_attendee,
    add_reminders,
    attendees,
    calendar_or_error,
    check_choice,
    event_or_error,
    event_times,
    event_zone,
    guests,
    insert_event,
    organised_by_user,
    people,
    person,
    user,
    user_addresses,
    writable_calendar,
)
from state.calendar.recurrence import event_end, event_start, normalize_rrule
from state.calendar.series import make_exception, occurrence_view, resolve_instance
from state.calendar.tables import Attendee, BusyBlock, Calendar, Event
from state.clock import to_db, zone
from state.db import Tx, build
from state.errors import Conflict, InvalidArgument
from state.ops import operation


@operation("calendar")
async def create_calendar(
    tx: Tx,
    name: str,
    owner: str | None = None,
    color: str = "",
    is_primary: bool = False,
    read_only: bool = False,
) -> Calendar:
    """A new calendar; ``is_primary`` makes it the one events go to when no calendar is named."""
    title = name.strip()
    if not title:
        raise InvalidArgument("calendar name must not be empty")
    clash = tx.select(Calendar, "lower(name) = ?", title.lower())
    if clash:
        raise Conflict(
            f"a calendar named {clash[0].name!r} exists already ({clash[0].id}); choose another name"
        )
    address = person(tx, owner, "owner").email if owner is not None else user(tx).email.lower()
    if is_primary:
        tx.run("UPDATE calendar SET is_primary = 0 WHERE is_primary = 1")
    calendar = build(Calendar)(
        id=tx.new_id("cal"),
        name=title,
        owner=address,
        color=color,
        is_primary=is_primary,
        read_only=read_only,
    )
    tx.insert(calendar)
    return calendar


@operation("calendar")
async def create_event(
    tx: Tx,
    title: str,
    start: str,
    end: str,
    calendar: str | None = None,
    description: str = "",
    location: str = "",
    timezone: str | None = None,
    all_day: bool = False,
    rrule: str = "",
    attendees: list[str] | None = None,
    reminders: list[int] | None = None,
    notify: bool = True,
) -> Event:
    """An event the user organises; with attendees (and ``notify``) an invitation mail goes to them."""
    cal = writable_calendar(tx, calendar)
    tz = event_zone(tx, timezone)
    first, last = event_times(start, end, tz, all_day)
    event = insert_event(
        tx,
        cal,
        cal.owner,
        title,
        (first, last),
        all_day=all_day,
        rrule=rrule,
        description=description,
        location=location,
    )
    invited = [p for p in people(tx, attendees) if p.email != cal.owner]
    if invited:
        add_attendee(tx, event.id, person(tx, cal.owner, "owner"), "accepted")
        for guest in invited:
            add_attendee(tx, event.id, guest)
    add_reminders(tx, event.id, reminders)
    if notify and invited:
        await notices.send_from_user(
            tx, cal.owner, [g.email for g in invited], *notices.invitation(tx, event)
        )
    return event


@operation("calendar")
async def update_event(
    tx: Tx,
    event_id: str,
    title: str | None = None,
    start: str | None = None,
    end: str | None = None,
    description: str | None = None,
    location: str | None = None,
    rrule: str | None = None,
    attendees: list[str] | None = None,
    scope: str = "series",
    instance_start: str | None = None,
    notify: bool = True,
) -> Event:
    """Change an event the user organises (None leaves a field as it is); attendees are told by mail.

    For one occurrence of a series give ``scope="instance"`` and its ``instance_start``: that occurrence
    becomes an exception of its own. A new time asks the guests to answer again. ``attendees`` replaces the
    guest list: new guests are invited, removed ones told it is cancelled for them.
    """
    check_choice("scope", scope, SCOPES)
    event = _target(tx, _changeable(tx, event_or_error(tx, event_id)), scope, instance_start, rrule)
    changes = _changes(tx, event, title, start, end, description, location, rrule)
    if not changes and attendees is None:
        raise InvalidArgument(
            "nothing to change: give at least one of title, start, end, description, location, rrule, attendees"
        )
    changed = [word for word, columns in _FIELD_WORDS.items() if changes.keys() & columns]
    tx.update(Event, event.id, **changes, sequence=event.sequence + 1, updated_at=tx.now_db)
    if "time" in changed:
        tx.run(
            "UPDATE event_attendee SET response = 'needs-action', comment = '' WHERE event_id = ? AND email != ?",
            event.id,
            event.organizer,
        )
    updated = event_or_error(tx, event.id)
    added, removed = _replace_guests(tx, updated, attendees) if attendees is not None else ([], [])
    if added or removed:
        changed.append("guests")
    if notify:
        await _tell_guests(tx, updated, changed, added, removed)
    return updated


def _target(tx: Tx, event: Event, scope: str, instance_start: str | None, rrule: str | None) -> Event:
    """The row an update changes: the event, or the exception row of one occurrence (made if needed)."""
    if scope == "series":
        if instance_start is not None:
            raise InvalidArgument(f"instance_start {instance_start!r} is only used with scope 'instance'")
        return event
    if rrule is not None:
        raise InvalidArgument("rrule belongs to the whole series; use scope 'series' to change it")
    key, exception = resolve_instance(tx, event, instance_start)
    return exception or make_exception(tx, event, key)


_FIELD_WORDS = {
    "title": {"title"},
    "time": {"starts_at", "ends_at"},
    "location": {"location"},
    "description": {"description"},
    "recurrence": {"rrule"},
}


def _changeable(tx: Tx, event: Event) -> Event:
    organised_by_user(tx, event)
    calendar = calendar_or_error(tx, event.calendar_id)
    if calendar.read_only:
        raise Conflict(
            f"event {event.id} is in the read-only calendar {calendar.name!r}; it cannot be changed"
        )
    return event


def _changes(
    tx: Tx,
    event: Event,
    title: str | None,
    start: str | None,
    end: str | None,
    description: str | None,
    location: str | None,
    rrule: str | None,
) -> dict[str, Any]:
    """The columns that change, with their new values (a changed time is stored as starts_at and ends_at)."""
    wanted: dict[str, Any] = {"title": title, "description": description, "location": location}
    if title is not None and not title.strip():
        raise InvalidArgument("event title must not be empty")
    current = (event_start(event), event_end(event))
    first, last = event_times(start, end, zone(event.timezone), event.all_day, current)
    if start is not None or end is not None:
        wanted |= {"starts_at": to_db(first), "ends_at": to_db(last)}
    if rrule is not None or (start is not None and event.rrule):
        wanted["rrule"] = normalize_rrule(event.rrule if rrule is None else rrule, first)
    old = event.model_dump()
    return {k: v for k, v in wanted.items() if v is not None and v != old[k]}


def _replace_guests(tx: Tx, event: Event, values: list[str]) -> tuple[list[Attendee], list[Attendee]]:
    """Make the guest list ``values``; the guests added and removed (kept guests keep their answers)."""
    wanted = {p.email: p for p in people(tx, values) if p.email != event.organizer}
    current = {a.email: a for a in guests(tx, event)}
    removed = [a for email, a in current.items() if email not in wanted]
    for gone in removed:
        tx.delete(Attendee, gone.id)
    added = [add_attendee(tx, event.id, p) for email, p in wanted.items() if email not in current]
    has_organizer = any(a.email == event.organizer for a in attendees(tx, event.id))
    if wanted and not has_organizer:
        add_attendee(tx, event.id, person(tx, event.organizer, "organizer"), "accepted")
    if not wanted and has_organizer:
        tx.delete(Attendee, f"{event.id}/{event.organizer}")
    return added, removed


async def _tell_guests(
    tx: Tx, event: Event, changed: list[str], added: list[Attendee], removed: list[Attendee]
) -> None:
    new = {a.email for a in added}
    kept = [a.email for a in guests(tx, event) if a.email not in new]
    if kept and changed:
        await notices.send_from_user(tx, event.organizer, kept, *notices.update(tx, event, changed))
    if added:
        await notices.send_from_user(tx, event.organizer, sorted(new), *notices.invitation(tx, event))
    if removed:
        subject, body = notices.cancellation(tx, event)
        await notices.send_from_user(tx, event.organizer, [a.email for a in removed], subject, body)


@operation("calendar")
async def cancel_event(
    tx: Tx, event_id: str, scope: str = "series", instance_start: str | None = None, notify: bool = True
) -> Event:
    """Cancel an event the user organises, or (``scope="instance"``) one occurrence of a series.

    The event stays in the calendar with status "cancelled"; a cancelled occurrence is added to the
    series' exdates. Returns the event (for an occurrence: the series). Guests are told by mail.
    """
    check_choice("scope", scope, SCOPES)
    event = _changeable(tx, event_or_error(tx, event_id))
    told = guests(tx, event)
    if scope == "instance":
        key, exception = resolve_instance(tx, event, instance_start)
        if exception is not None:
            told = guests(tx, exception)
            tx.update(
                Event, exception.id, status="cancelled", updated_at=tx.now_db, sequence=exception.sequence + 1
            )
        tx.update(Event, event.id, exdates=sorted({*event.exdates, key}), updated_at=tx.now_db)
        subject, body = notices.cancellation(tx, event, exception or occurrence_view(event, key))
    else:
        if instance_start is not None:
            raise InvalidArgument(f"instance_start {instance_start!r} is only used with scope 'instance'")
        tx.update(Event, event.id, status="cancelled", updated_at=tx.now_db, sequence=event.sequence + 1)
        subject, body = notices.cancellation(tx, event)
    if notify and told:
        await notices.send_from_user(tx, event.organizer, [a.email for a in told], subject, body)
    return event_or_error(tx, event.id)


@operation("calendar")
async def add_busy(tx: Tx, email: str, start: str, end: str) -> BusyBlock:
    """Record that someone else is busy from ``start`` to ``end`` (free/busy they share with the user)."""
    who: Person = person(tx, email, "email")
    if who.email in user_addresses(tx):
        raise InvalidArgument(
            f"{who.email} is the user's own address; the user's busy times are their events"
        )
    first, last = event_times(start, end, tx.tz)
    block = build(BusyBlock)(
        id=tx.new_id("busy"), email=who.email, starts_at=to_db(first), ends_at=to_db(last)
    )
    tx.insert(block)
    return block
