"""What the calendar tools return, and how it is built from the world's rows."""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, Field

from servers._base import Page, page_of
from state.calendar import Attendee, Calendar, Event, Occurrence
from state.calendar.free_time import FreeTime as FoundTime
from state.calendar.reading import EventDetails as Details
from state.calendar.reading import user_addresses, user_response
from state.calendar.recurrence import describe_rrule
from state.clock import local_iso, zone
from state.db import Tx

RESPONSE = "The user's answer to someone else's invitation: needs-action, accepted, declined or tentative; null when the user organises the event."
INSTANCE_START = (
    "For an occurrence of a recurring event: its original start. Pass it with series_id and scope "
    "'instance' to update_event, cancel_event or get_event to act on this occurrence only."
)


class CalendarInfo(BaseModel):
    """One of the user's calendars."""

    id: str
    name: str
    owner: str = Field(description="The email address the calendar belongs to.")
    color: str
    is_primary: bool = Field(description="New events go here when no calendar is named.")
    read_only: bool = Field(description="Events in a read-only calendar cannot be added or changed.")


class CalendarList(BaseModel):
    calendars: list[CalendarInfo]


def calendar_info(calendar: Calendar) -> CalendarInfo:
    return CalendarInfo(
        id=calendar.id,
        name=calendar.name,
        owner=calendar.owner,
        color=calendar.color,
        is_primary=calendar.is_primary,
        read_only=calendar.read_only,
    )


class EventSummary(BaseModel):
    """One event, or one occurrence of a recurring event."""

    event_id: str = Field(
        description="The event's id for get_event: for an occurrence of a recurring event, the series' id "
        "unless that occurrence was changed on its own."
    )
    title: str
    start: str
    end: str = Field(description="Exclusive: an all-day event ends at midnight after its last day.")
    all_day: bool
    location: str
    calendar: str = Field(description="The calendar's name.")
    calendar_id: str
    organizer: str = Field(description="The organiser's email address.")
    my_response: str | None = Field(description=RESPONSE)
    series_id: str | None = Field(
        description="The recurring series this belongs to; null for a one-off event."
    )
    instance_start: str | None = Field(description=INSTANCE_START)
    recurrence: str | None = Field(description="How the series repeats, in words; null for a one-off event.")


class Summaries:
    """Builds summaries, looking each calendar and the user's addresses up once."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.mine = user_addresses(tx)
        self.calendars = {c.id: c.name for c in tx.select(Calendar)}
        self._responses: dict[str, str | None] = {}  # occurrences of a series share their answer

    def of(self, occurrence: Occurrence, *, whole_series: bool = False) -> EventSummary:
        event, tx = occurrence.event, self.tx
        series_id = event.series_id or (event.id if event.rrule else None)
        instance = None
        if event.series_id:
            instance = local_iso(event.original_start, tx.tz)
        elif event.rrule and not whole_series:
            instance = local(occurrence.start, tx)
        return EventSummary(
            event_id=event.id,
            title=event.title,
            start=local(occurrence.start, tx),
            end=local(occurrence.end, tx),
            all_day=event.all_day,
            location=event.location,
            calendar=self.calendars.get(event.calendar_id, ""),
            calendar_id=event.calendar_id,
            organizer=event.organizer,
            my_response=self._response(event),
            series_id=series_id,
            instance_start=instance,
            recurrence=describe_rrule(event.rrule, zone(event.timezone)) if event.rrule else None,
        )

    def _response(self, event: Event) -> str | None:
        if event.id not in self._responses:
            self._responses[event.id] = user_response(self.tx, event, self.mine)
        return self._responses[event.id]


class AttendeeInfo(BaseModel):
    email: str
    name: str
    response: str = Field(description="needs-action (not answered yet), accepted, declined or tentative.")
    comment: str = Field(description="The note sent with the answer, if any.")
    is_organizer: bool
    optional: bool


class Recurrence(BaseModel):
    rule: str = Field(description="How it repeats, in words, e.g. 'Weekly on Monday'.")
    rrule: str = Field(description="The RFC 5545 RRULE, e.g. 'FREQ=WEEKLY;BYDAY=MO'.")
    cancelled_occurrences: list[str] = Field(
        description="Original starts of occurrences cancelled one by one."
    )
    next_occurrences: list[str] = Field(description="The next few starts from now.")


class EventDetails(BaseModel):
    """Everything about one event (or one occurrence of a recurring event)."""

    event_id: str
    title: str
    start: str = Field(description="For a recurring event: its first occurrence (see recurrence).")
    end: str = Field(description="Exclusive: an all-day event ends at midnight after its last day.")
    all_day: bool
    timezone: str = Field(
        description="The event's own timezone (a series repeats at the same local time there)."
    )
    location: str
    description: str
    calendar: str
    calendar_id: str
    status: str = Field(description="confirmed, tentative or cancelled.")
    organizer: str = Field(description="The organiser's email address.")
    organizer_name: str
    user_is_organizer: bool = Field(description="Only the organiser can change or cancel the event.")
    my_response: str | None = Field(description=RESPONSE)
    attendees: list[AttendeeInfo] = Field(description="Everyone invited, the organiser included.")
    reminders_minutes_before: list[int]
    recurrence: Recurrence | None = Field(description="How the event repeats; null if it does not.")
    series_id: str | None = Field(description="For one occurrence of a recurring event: the series.")
    instance_start: str | None = Field(description=INSTANCE_START)
    updated_at: str


def _attendee(row: Attendee, organizer: str) -> AttendeeInfo:
    return AttendeeInfo(
        email=row.email,
        name=row.name,
        response=row.response,
        comment=row.comment,
        is_organizer=row.email == organizer,
        optional=row.optional,
    )


def _recurrence(tx: Tx, event: Event, found: Details) -> Recurrence | None:
    if not event.rrule:
        return None
    return Recurrence(
        rule=describe_rrule(event.rrule, zone(event.timezone)),
        rrule=event.rrule,
        cancelled_occurrences=[local_iso(d, tx.tz) for d in sorted(event.exdates)],
        next_occurrences=[local(m, tx) for m in found.next_starts],
    )


def event_details(tx: Tx, found: Details) -> EventDetails:
    event, mine = found.event, user_addresses(tx)
    organizer = next((a for a in found.attendees if a.email == event.organizer), None)
    return EventDetails(
        event_id=event.id,
        title=event.title,
        start=local_iso(event.starts_at, tx.tz),
        end=local_iso(event.ends_at, tx.tz),
        all_day=event.all_day,
        timezone=event.timezone,
        location=event.location,
        description=event.description,
        calendar=found.calendar.name,
        calendar_id=found.calendar.id,
        status=event.status,
        organizer=event.organizer,
        organizer_name=organizer.name if organizer else "",
        user_is_organizer=event.organizer in mine,
        my_response=user_response(tx, event, mine),
        attendees=[_attendee(a, event.organizer) for a in found.attendees],
        reminders_minutes_before=found.reminders,
        recurrence=_recurrence(tx, event, found),
        series_id=event.series_id or None,
        instance_start=local_iso(event.original_start, tx.tz) if event.series_id else None,
        updated_at=local_iso(event.updated_at, tx.tz),
    )


class FreeSlot(BaseModel):
    start: str
    end: str = Field(description="start plus the asked duration.")
    free_until: str = Field(description="Everyone stays free until then; a later start up to it also fits.")


class AllDayEvent(BaseModel):
    event_id: str
    title: str
    calendar: str
    first_day: str = Field(description="YYYY-MM-DD")
    last_day: str = Field(description="YYYY-MM-DD, inclusive")


def all_day_event(tx: Tx, occurrence: Occurrence, calendars: dict[str, str]) -> AllDayEvent:
    last = occurrence.end.astimezone(tx.tz) - timedelta(days=1)
    return AllDayEvent(
        event_id=occurrence.event.id,
        title=occurrence.event.title,
        calendar=calendars.get(occurrence.event.calendar_id, ""),
        first_day=occurrence.start.astimezone(tx.tz).date().isoformat(),
        last_day=max(last, occurrence.start.astimezone(tx.tz)).date().isoformat(),
    )


class FreeTime(Page[FreeSlot]):
    """Slots when the user and the attendees are all free, in time order."""

    working_hours: str = Field(
        description="The hours searched, e.g. '09:00-17:00 Mon, ..., Fri (Europe/Berlin)'."
    )
    attendees_with_known_busy_times: list[str]
    attendees_with_no_known_busy_times: list[str] = Field(
        description="Nothing is known of their time in the range: they may still be busy; ask them."
    )
    all_day_events_not_counted: list[AllDayEvent] = Field(
        description="All-day events in the range (trips, someone's vacation...) that did not block any slot."
    )


def local(value: datetime, tx: Tx) -> str:
    """A time shown in the world's timezone."""
    return value.astimezone(tx.tz).isoformat()


def free_time_page(tx: Tx, found: FoundTime, size: int, offset: int) -> FreeTime:
    """One page of the free slots, with what the search knew and left out."""
    calendars = {c.id: c.name for c in tx.select(Calendar)}
    slots = [
        FreeSlot(start=local(s.start, tx), end=local(s.end, tx), free_until=local(s.free_until, tx))
        for s in found.slots[offset : offset + size + 1]
    ]
    items, next_cursor = page_of(slots, size, offset)
    return FreeTime(
        items=items,
        next_cursor=next_cursor,
        working_hours=found.working_hours,
        attendees_with_known_busy_times=found.known_busy,
        attendees_with_no_known_busy_times=found.unknown_busy,
        all_day_events_not_counted=[all_day_event(tx, o, calendars) for o in found.all_day_not_counted],
    )


class Cancelled(BaseModel):
    """What was cancelled."""

    event_id: str
    title: str
    scope: str = Field(description="'series' (the whole event) or 'instance' (one occurrence).")
    instance_start: str | None
    attendees_notified: list[str]
