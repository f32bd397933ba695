"""The calendar tools' registry and the argument types they share."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from servers._base import ToolRegistry

tool = ToolRegistry()

EventId = Annotated[str, Field(description="An event id from list_events or search_events, e.g. 'evt_12'.")]
CalendarName = Annotated[
    str | None, Field(description="A calendar id or name from list_calendars, e.g. 'cal_2' or 'Personal'.")
]
Start = Annotated[
    str | None, Field(description="Range start, ISO 8601 with offset; default: the start of today.")
]
End = Annotated[
    str | None, Field(description="Range end (exclusive), ISO 8601 with offset; default: 7 days after start.")
]
Scope = Annotated[
    Literal["series", "instance"] | None,
    Field(
        description="'instance': only the occurrence starting at instance_start; 'series': the whole event or "
        "series. Default: 'instance' when instance_start is given, else 'series'."
    ),
]
InstanceStart = Annotated[
    str | None,
    Field(
        description="The original start of one occurrence of a recurring event (instance_start from "
        "list_events), e.g. '2026-03-09T09:00:00+01:00'; event_id is then the series id."
    ),
]
Notify = Annotated[bool, Field(description="Mail the attendees about it (as a calendar app would).")]
Attendees = Annotated[
    list[str] | None,
    Field(
        description="Guests' addresses, 'ana@x.org' or 'Ana Ruiz <ana@x.org>'; each gets an invitation mail."
    ),
]
RRule = Annotated[
    str | None,
    Field(
        description="How it repeats, an RFC 5545 RRULE, e.g. 'FREQ=WEEKLY;BYDAY=MO' or 'FREQ=DAILY;COUNT=5'."
    ),
]
Weekday = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def scope_of(scope: str | None, instance_start: str | None) -> str:
    """The scope to use: the one given, else 'instance' exactly when an occurrence is named."""
    return scope or ("instance" if instance_start is not None else "series")
