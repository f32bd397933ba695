"""The calendar's write tools: events (create, change, cancel), answers to invitations, calendars."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from servers._base import Ctx, writing
from servers.calendar._args import (
    Attendees,
    CalendarName,
    EventId,
    InstanceStart,
    Notify,
    RRule,
    Scope,
    scope_of,
    tool,
)
from servers.calendar._models import CalendarInfo, Cancelled, EventDetails, calendar_info, event_details
from state import calendar as calendar_ops
from state.calendar import reading as cal
from state.db import Tx


def _details(tx: Tx, event_id: str) -> EventDetails:
    return event_details(tx, cal.event_details(tx, event_id))


@tool()
async def create_event(
    ctx: Ctx,
    title: str,
    start: Annotated[
        str, Field(description="ISO 8601 with offset; for an all-day event a date, '2026-03-05'.")
    ],
    end: Annotated[
        str, Field(description="ISO 8601 with offset; for an all-day event the day after its last day.")
    ],
    calendar: CalendarName = None,
    description: str = "",
    location: str = "",
    attendees: Attendees = None,
    rrule: RRule = None,
    all_day: bool = False,
    timezone: Annotated[
        str | None, Field(description="IANA zone the event (and its repeats) keep; default: the user's.")
    ] = None,
    reminders_minutes_before: Annotated[
        list[int] | None, Field(description="Reminders, in minutes before the start, e.g. [10, 60].")
    ] = None,
    notify_attendees: Notify = True,
) -> EventDetails:
    """Add an event the user organises, to the primary calendar unless another is named. Guests get an
    invitation mail from the user (it appears in the user's Sent folder). Returns the new event."""
    async with writing(ctx) as tx:
        event = await calendar_ops.create_event(
            tx,
            title=title,
            start=start,
            end=end,
            calendar=calendar,
            description=description,
            location=location,
            timezone=timezone,
            all_day=all_day,
            rrule=rrule or "",
            attendees=attendees,
            reminders=reminders_minutes_before,
            notify=notify_attendees,
        )
        return _details(tx, event.id)


@tool()
async def update_event(
    ctx: Ctx,
    event_id: EventId,
    title: str | None = None,
    start: Annotated[
        str | None, Field(description="New start, ISO 8601 with offset; alone it keeps the duration.")
    ] = None,
    end: Annotated[str | None, Field(description="New end, ISO 8601 with offset.")] = None,
    description: str | None = None,
    location: str | None = None,
    attendees: Annotated[
        list[str] | None,
        Field(description="The whole new guest list: new guests are invited, left-out ones told it is off."),
    ] = None,
    rrule: RRule = None,
    scope: Scope = None,
    instance_start: InstanceStart = None,
    notify_attendees: Notify = True,
) -> EventDetails:
    """Change an event the user organises; fields left out stay as they are. For one occurrence of a
    recurring event give the series id and instance_start; otherwise the whole series changes. Guests are
    mailed the change, and a new time asks them to answer again. Returns the changed event (for one
    occurrence: that occurrence, with its own event_id from now on)."""
    async with writing(ctx) as tx:
        event = await calendar_ops.update_event(
            tx,
            event_id=event_id,
            title=title,
            start=start,
            end=end,
            description=description,
            location=location,
            rrule=rrule,
            attendees=attendees,
            scope=scope_of(scope, instance_start),
            instance_start=instance_start,
            notify=notify_attendees,
        )
        return _details(tx, event.id)


@tool(destructive=True)
async def cancel_event(
    ctx: Ctx,
    event_id: EventId,
    scope: Scope = None,
    instance_start: InstanceStart = None,
    notify_attendees: Notify = True,
) -> Cancelled:
    """Cancel an event the user organises, or one occurrence of a recurring one (series id and
    instance_start). Guests are mailed the cancellation. The event stays in the world marked cancelled and
    no longer appears in list_events."""
    chosen = scope_of(scope, instance_start)
    async with writing(ctx) as tx:
        before = cal.event_details(tx, event_id, instance_start if chosen == "instance" else None)
        event = await calendar_ops.cancel_event(
            tx, event_id=event_id, scope=chosen, instance_start=instance_start, notify=notify_attendees
        )
        told = [a.email for a in before.attendees if a.email != event.organizer] if notify_attendees else []
        return Cancelled(
            event_id=event.id,
            title=before.event.title,
            scope=chosen,
            instance_start=event_details(tx, before).instance_start,
            attendees_notified=told,
        )


@tool(idempotent=True)
async def respond_to_invitation(
    ctx: Ctx,
    event_id: EventId,
    response: Literal["accepted", "declined", "tentative"],
    comment: Annotated[str, Field(description="A note to the organiser, sent with the answer.")] = "",
) -> EventDetails:
    """Answer someone else's invitation (for a recurring event: the whole series). A reply mail goes from
    the user to the organiser. Returns the event with the user's answer."""
    async with writing(ctx) as tx:
        event = await calendar_ops.respond_to_invitation(
            tx, event_id=event_id, response=response, comment=comment
        )
        return _details(tx, event.id)


@tool()
async def create_calendar(
    ctx: Ctx,
    name: str,
    color: Annotated[str, Field(description="A CSS color, e.g. '#10b981'.")] = "",
    is_primary: Annotated[bool, Field(description="Make it the calendar new events go to.")] = False,
) -> CalendarInfo:
    """Add a calendar of the user's own (e.g. 'Family'); names are unique in any case."""
    async with writing(ctx) as tx:
        return calendar_info(
            await calendar_ops.create_calendar(tx, name=name, color=color, is_primary=is_primary)
        )
