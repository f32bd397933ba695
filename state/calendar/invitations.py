"""Invitations between the user and other people: receiving one, answering it, hearing an answer."""

from __future__ import annotations

from state.calendar import _notices as notices
from state.calendar._common import (
    RESPONSES,
    Person,
    add_attendee,
    attendees,
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
from state.calendar.tables import Attendee, Event
from state.db import Tx
from state.errors import Conflict, InvalidArgument, NotFound
from state.ops import operation


@operation("calendar")
async def receive_invitation(
    tx: Tx,
    organizer: str,
    title: str,
    start: str,
    end: str,
    organizer_name: str = "",
    attendees: list[str] | None = None,
    description: str = "",
    location: str = "",
    timezone: str | None = None,
    rrule: str = "",
    calendar: str | None = None,
) -> Event:
    """Someone else invites the user: the event lands in the (primary) calendar awaiting the user's answer,
    and the invitation mail arrives in the Inbox."""
    host = person(tx, organizer, "organizer")
    host = Person(host.email, organizer_name.strip() or host.name)
    mine = user_addresses(tx)
    if host.email in mine:
        raise InvalidArgument(
            f"organizer {host.email} is the user; the user's own events are made with create_event"
        )
    cal = writable_calendar(tx, calendar)
    tz = event_zone(tx, timezone)
    first, last = event_times(start, end, tz)
    event = insert_event(
        tx, cal, host.email, title, (first, last), rrule=rrule, description=description, location=location
    )
    invited = [p for p in people(tx, attendees) if p.email != host.email]
    if not any(p.email in mine for p in invited):
        invited.append(person(tx, user(tx).email, "user"))
    add_attendee(tx, event.id, host, "accepted")
    for guest in invited:
        add_attendee(tx, event.id, guest)
    await notices.deliver_to_user(tx, host, [p.email for p in invited], *notices.invitation(tx, event))
    return event


@operation("calendar")
async def respond_to_invitation(tx: Tx, event_id: str, response: str, comment: str = "") -> Event:
    """Answer an invitation: accepted, declined or tentative. The reply mail goes to the organiser."""
    check_choice("response", response, RESPONSES)
    event = event_or_error(tx, event_id)
    mine = user_addresses(tx)
    if event.organizer in mine:
        raise Conflict(
            f"the user organises event {event.id} ({event.title!r}); only its guests answer it (their answers "
            "arrive by mail and are recorded with calendar.record_response)"
        )
    if event.status == "cancelled":
        raise Conflict(f"event {event.id} ({event.title!r}) was cancelled by its organiser {event.organizer}")
    row = next((a for a in attendees(tx, event.id) if a.email in mine), None)
    if row is None:
        raise Conflict(f"the user is not among the attendees of event {event.id} ({event.title!r})")
    tx.update(Attendee, row.id, response=response, comment=comment)
    me = Person(row.email, row.name or user(tx).name)
    await notices.send_from_user(
        tx, row.email, [event.organizer], *notices.reply(tx, event, me, response, comment)
    )
    return event_or_error(tx, event.id)


@operation("calendar")
async def record_response(tx: Tx, event_id: str, email: str, response: str, comment: str = "") -> Event:
    """An attendee answers the user's invitation (accepted, declined or tentative); their reply mail arrives."""
    check_choice("response", response, RESPONSES)
    event = organised_by_user(tx, event_or_error(tx, event_id))
    who = person(tx, email, "email")
    row = tx.get(Attendee, f"{event.id}/{who.email}")
    if row is None or row.email == event.organizer:
        invited = ", ".join(a.email for a in guests(tx, event)) or "none"
        raise NotFound(f"{who.email} is not a guest of event {event.id} ({event.title!r}); guests: {invited}")
    tx.update(Attendee, row.id, response=response, comment=comment)
    sender = Person(row.email, row.name)
    await notices.deliver_to_user(
        tx, sender, [event.organizer], *notices.reply(tx, event, sender, response, comment)
    )
    return event_or_error(tx, event.id)
