"""Lookups and checks the calendar operations share: the user, calendars, events, addresses, times."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from state.calendar.recurrence import midnight, next_midnight, normalize_rrule
from state.calendar.tables import Attendee, Calendar, Event, Reminder
from state.clock import parse_time, to_db, zone
from state.contacts import contact_name, parse_address
from state.core import UserProfile
from state.db import Tx, build
from state.errors import Conflict, InvalidArgument, NotFound

RESPONSES = ("accepted", "declined", "tentative")
SCOPES = ("series", "instance")
MAX_REMINDER = 4 * 7 * 24 * 60


@dataclass(frozen=True)
class Person:
    """An address with the name it goes by."""

    email: str
    name: str = ""

    def display(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email


def user(tx: Tx) -> UserProfile:
    found = tx.get(UserProfile, "me")
    if found is None:
        raise InvalidArgument(
            "the world has no user yet: world.set_user must come before calendar operations"
        )
    return found


def user_addresses(tx: Tx) -> set[str]:
    """Every address that is the user's: their profile's, their mail accounts' and their calendars' owners."""
    rows = tx.all("SELECT address AS a FROM mail_account UNION SELECT owner FROM calendar")
    return {user(tx).email.lower(), *(str(r["a"]).lower() for r in rows)}


def person(tx: Tx, value: str, field: str = "attendee") -> Person:
    """An address given as "Name <addr>" or "addr", lower-cased, named from the contacts if not given."""
    name, address = parse_address(value, field=field)
    return Person(address, name or contact_name(tx, address))


def people(tx: Tx, values: list[str] | None, field: str = "attendee") -> list[Person]:
    """Addresses parsed, the first mention of each kept."""
    seen: dict[str, Person] = {}
    for value in values or []:
        found = person(tx, value, field)
        seen.setdefault(found.email, found)
    return list(seen.values())


def calendar_or_error(tx: Tx, calendar: str | None) -> Calendar:
    """A calendar by id or name (case-insensitive); None is the primary calendar."""
    if calendar is None:
        return primary_calendar(tx)
    found = tx.get(Calendar, calendar) or next(
        iter(tx.select(Calendar, "lower(name) = ?", calendar.strip().lower())), None
    )
    if found is None:
        names = ", ".join(f"{c.name} ({c.id})" for c in tx.select(Calendar)) or "none yet"
        raise NotFound(f"calendar {calendar!r} does not exist; calendars: {names}")
    return found


def primary_calendar(tx: Tx) -> Calendar:
    found = tx.select(Calendar, "is_primary = 1") or tx.select(Calendar, "read_only = 0")
    if not found:
        raise NotFound("the user has no calendar yet; create one with create_calendar(name, is_primary=True)")
    return found[0]


def writable_calendar(tx: Tx, calendar: str | None) -> Calendar:
    found = calendar_or_error(tx, calendar)
    if found.read_only:
        raise Conflict(
            f"calendar {found.name!r} ({found.id}) is read-only; events cannot be added or changed in it"
        )
    return found


def event_or_error(tx: Tx, event_id: str) -> Event:
    found = tx.get(Event, event_id)
    if found is None:
        raise NotFound(f"event {event_id!r} does not exist; event ids look like 'evt_12'")
    return found


def organised_by_user(tx: Tx, event: Event) -> Event:
    """``event`` if the user organises it; others' events change only through their organiser."""
    if event.organizer not in user_addresses(tx):
        raise Conflict(
            f"event {event.id} ({event.title!r}) is organised by {event.organizer}; only the organiser can change "
            "or cancel it; the user can only answer it (respond_to_invitation)"
        )
    if event.status == "cancelled":
        raise Conflict(f"event {event.id} ({event.title!r}) is cancelled already")
    return event


def event_uid(event_id: str, organizer: str, starts_at: str) -> str:
    """A stable iCalendar UID, in the organiser's domain."""
    digest = hashlib.sha256(f"{event_id}|{organizer}|{starts_at}".encode()).hexdigest()[:16]
    return f"{digest}@{organizer.rsplit('@', 1)[-1]}"


def insert_event(
    tx: Tx,
    calendar: Calendar,
    organizer: str,
    title: str,
    times: tuple[datetime, datetime],
    *,
    all_day: bool = False,
    rrule: str = "",
    description: str = "",
    location: str = "",
) -> Event:
    """Save a new event (times aware, in the event's zone) after checking its title and rule."""
    if not title.strip():
        raise InvalidArgument("event title must not be empty")
    first, last = times
    event_id = tx.new_id("evt")
    event = build(Event)(
        id=event_id,
        calendar_id=calendar.id,
        uid=event_uid(event_id, organizer, to_db(first)),
        title=title.strip(),
        description=description,
        location=location,
        starts_at=to_db(first),
        ends_at=to_db(last),
        timezone=str(first.tzinfo),
        all_day=all_day,
        rrule=normalize_rrule(rrule, first),
        organizer=organizer,
        created_at=tx.now_db,
        updated_at=tx.now_db,
    )
    tx.insert(event)
    return event


def attendees(tx: Tx, event_id: str) -> list[Attendee]:
    return tx.select(Attendee, "event_id = ?", event_id, order="rowid")


def guests(tx: Tx, event: Event) -> list[Attendee]:
    """The attendees other than the organiser."""
    return [a for a in attendees(tx, event.id) if a.email != event.organizer]


def add_attendee(tx: Tx, event_id: str, who: Person, response: str = "needs-action") -> Attendee:
    row = build(Attendee)(
        id=f"{event_id}/{who.email}", event_id=event_id, email=who.email, name=who.name, response=response
    )
    tx.insert(row)
    return row


def add_reminders(tx: Tx, event_id: str, reminders: list[int] | None) -> None:
    for minutes in sorted(set(reminders or [])):
        if not 0 <= minutes <= MAX_REMINDER:
            raise InvalidArgument(
                f"reminder {minutes} must be minutes before the event, 0 to {MAX_REMINDER} (4 weeks)"
            )
        tx.insert(build(Reminder)(id=f"{event_id}/{minutes}", event_id=event_id, minutes_before=minutes))


def event_zone(tx: Tx, timezone: str | None) -> ZoneInfo:
    return tx.tz if timezone is None else zone(timezone)


def event_times(
    start: str | None,
    end: str | None,
    tz: ZoneInfo,
    all_day: bool = False,
    current: tuple[datetime, datetime] | None = None,
) -> tuple[datetime, datetime]:
    """Start and end in the event's zone; an all-day event runs from midnight to midnight (end exclusive).

    With ``current`` (an event being changed) either may be None: a new start alone keeps the duration.
    """
    first = _moment(start, "start", tz, all_day) if start is not None else None
    last = _moment(end, "end", tz, all_day) if end is not None else None
    if current is not None:
        if last is None:
            last = current[1] if first is None else first + (current[1] - current[0])
        first = first or current[0]
    if first is None or last is None:
        raise InvalidArgument("an event needs both start and end, ISO 8601 with an offset")
    if all_day:
        first, last = midnight(first.date(), tz), next_midnight(last)
    if last <= first:
        hint = " (an all-day event's end is the day after its last day)" if all_day else ""
        raise InvalidArgument(f"end {last.isoformat()} must be after start {first.isoformat()}{hint}")
    return first, last


def _moment(value: str, field: str, tz: ZoneInfo, all_day: bool) -> datetime:
    return parse_time(value, field=field, tz=tz if all_day else None).astimezone(tz)


def check_choice(field: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise InvalidArgument(f"{field} {value!r} is not one of {'|'.join(allowed)}")
    return value
