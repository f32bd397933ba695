"""The calendar's read tools: calendars, events in a range, search, one event, invitations, free time."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from servers._args import Cursor, Limit
from servers._base import Ctx, Page, page_bounds, page_of, reading
from servers.calendar._args import CalendarName, End, EventId, InstanceStart, Start, Weekday, tool
from servers.calendar._models import (
    CalendarList,
    EventDetails,
    EventSummary,
    FreeTime,
    Summaries,
    calendar_info,
    event_details,
    free_time_page,
)
from state.calendar import free_time
from state.calendar import reading as cal


@tool(read_only=True)
async def list_calendars(ctx: Ctx) -> CalendarList:
    """The user's calendars (work, personal, shared...), the primary one first. Events go to the primary
    calendar unless another is named."""
    async with reading(ctx) as tx:
        return CalendarList(calendars=[calendar_info(c) for c in cal.list_calendars(tx)])


@tool(read_only=True)
async def list_events(
    ctx: Ctx,
    start: Start = None,
    end: End = None,
    calendar: CalendarName = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[EventSummary]:
    """Events that overlap a time range, in all calendars or one, sorted by start. A recurring event
    appears once per occurrence, each with its series_id and instance_start; cancelled events are left out.
    Example range for one day: start '2026-03-02T00:00:00+01:00', end '2026-03-03T00:00:00+01:00'."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        between = cal.time_range(tx, start, end)
        found = cal.events_between(tx, *between, calendar=calendar)[offset : offset + size + 1]
        summaries = Summaries(tx)
        items, next_cursor = page_of([summaries.of(o) for o in found], size, offset)
    return Page[EventSummary](items=items, next_cursor=next_cursor)


@tool(read_only=True)
async def search_events(
    ctx: Ctx,
    query: Annotated[
        str, Field(description="Words to find in the title, description, location, organiser or attendees.")
    ],
    start: Annotated[
        str | None, Field(description="Only occurrences from then on (ISO 8601 with offset).")
    ] = None,
    end: Annotated[
        str | None, Field(description="Only occurrences before then (ISO 8601 with offset).")
    ] = None,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Page[EventSummary]:
    """Find events by text: every word must match somewhere (any case), e.g. "northwind contract".
    Without start/end each matching event or recurring series appears once (a series at its first
    occurrence, with its rule), latest first; with start or end, every matching occurrence in that range
    in time order (a missing start is the start of today, a missing end 7 days after start)."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        between = None if start is None and end is None else cal.time_range(tx, start, end)
        found = cal.search_events(tx, query, between)[offset : offset + size + 1]
        summaries = Summaries(tx)
        items = [summaries.of(o, whole_series=between is None) for o in found]
        page, next_cursor = page_of(items, size, offset)
    return Page[EventSummary](items=page, next_cursor=next_cursor)


@tool(read_only=True)
async def get_event(ctx: Ctx, event_id: EventId, instance_start: InstanceStart = None) -> EventDetails:
    """Everything about one event: times, place, description, organiser, attendees with their answers,
    reminders, and for a recurring event its rule (in words and as RRULE) and next occurrences. With
    instance_start, one occurrence of the recurring event event_id."""
    async with reading(ctx) as tx:
        return event_details(tx, cal.event_details(tx, event_id, instance_start))


@tool(read_only=True)
async def list_calendar_invitations(ctx: Ctx, limit: Limit = 20, cursor: Cursor = None) -> Page[EventSummary]:
    """Invitations from other people that the user has not answered yet, for events still to come,
    soonest first. Answer them with respond_to_invitation."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        found = cal.open_invitations(tx)[offset : offset + size + 1]
        summaries = Summaries(tx)
        items = [summaries.of(o, whole_series=True) for o in found]
        page, next_cursor = page_of(items, size, offset)
    return Page[EventSummary](items=page, next_cursor=next_cursor)


@tool(read_only=True)
async def find_free_time(
    ctx: Ctx,
    duration_minutes: Annotated[int, Field(description="How long the meeting is, in minutes.")],
    attendees: Annotated[
        list[str] | None, Field(description="Email addresses of the other people who must be free.")
    ] = None,
    start: Annotated[
        str | None, Field(description="Search from (ISO 8601 with offset); default: now.")
    ] = None,
    end: Annotated[
        str | None, Field(description="Search until (ISO 8601 with offset); default: 7 days after start.")
    ] = None,
    work_start: Annotated[str, Field(description="Earliest time of day, HH:MM.")] = "09:00",
    work_end: Annotated[str, Field(description="Latest end time of day, HH:MM.")] = "17:00",
    work_days: Annotated[list[Weekday] | None, Field(description="Default: Mon to Fri.")] = None,
    timezone: Annotated[
        str | None, Field(description="IANA zone of the working hours; default: the user's.")
    ] = None,
    all_day_events_busy: Annotated[
        bool, Field(description="Count all-day events (birthdays, trips, out-of-office) as busy.")
    ] = False,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> FreeTime:
    """Times when the user and the attendees are all free for duration_minutes, inside working hours
    (default 09:00-17:00 Mon-Fri in the user's timezone), never in the past; sorted by start. Busy means:
    the user's own events they have not declined, and for attendees the busy times they share plus the
    user's events they take part in. Each free stretch gives one slot at its start; free_until says how
    far it reaches. Attendees of whom nothing is known are listed apart: they may still be busy."""
    size, offset = page_bounds(limit, cursor)
    hours = free_time.WorkingHours(work_start, work_end, tuple(work_days or free_time.WEEKDAYS[:5]), timezone)
    async with reading(ctx) as tx:
        found = free_time.find_free_time(
            tx, duration_minutes, start, end, attendees, hours, all_day_events_busy
        )
        return free_time_page(tx, found, size, offset)
