"""The calendar server's tool registry and the argument types its tools share."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from servers._base import ToolRegistry

INSTRUCTIONS = (
    "The user's calendars: events (one-off and recurring), invitations and answers, free time. Times are "
    "ISO 8601 with a UTC offset, e.g. 2026-03-02T09:30:00+01:00, shown in the user's timezone. Event ids "
    "look like 'evt_12', calendar ids like 'cal_1'. A recurring event is one series; list_events shows "
    "each occurrence with its series_id and instance_start, which name that occurrence to update_event, "
    "cancel_event and get_event. Invitations and answers are sent by mail from the user's account."
)

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
Limit = Annotated[int, Field(description="How many per page (1-100).")]
Cursor = Annotated[str | None, Field(description="next_cursor of the previous page.")]
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


def scope_of(scope: str | None, instance_start: str | None) -> str:
    """The scope to use: the one given, else 'instance' exactly when an occurrence is named."""
    return scope or ("instance" if instance_start is not None else "series")
