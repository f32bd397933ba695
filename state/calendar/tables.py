# pyright: reportIncompatibleVariableOverride=false
# (SQLModel types __tablename__ as a declared_attr; a table names itself with a plain string)
"""The calendar's tables: calendars, events (one-off and recurring), attendees, reminders, busy times."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel


class Calendar(SQLModel, table=True):
    """A calendar the user owns or subscribes to."""

    __tablename__: ClassVar[str] = "calendar"
    id: str = Field(primary_key=True)
    name: str
    owner: str  # an email address
    color: str = ""
    is_primary: bool = False
    read_only: bool = False


class Event(SQLModel, table=True):
    """An event, or a series of them (``rrule``); an exception to a series points at it with
    ``series_id`` and ``original_start``. Times are stored in UTC, ``timezone`` is the event's own."""

    __tablename__: ClassVar[str] = "event"
    id: str = Field(primary_key=True)
    calendar_id: str = Field(foreign_key="calendar.id", index=True)
    uid: str = Field(index=True)
    title: str
    description: str = ""
    location: str = ""
    starts_at: str = Field(index=True)
    ends_at: str
    timezone: str
    all_day: bool = False
    rrule: str = ""
    exdates: list[str] = Field(default_factory=list, sa_type=JSON)
    series_id: str = Field(default="", index=True)
    original_start: str = ""
    organizer: str = ""
    status: str = "confirmed"  # confirmed | tentative | cancelled
    sequence: int = 0  # iCalendar SEQUENCE: bumped by every change the attendees are told of
    created_at: str
    updated_at: str


class Attendee(SQLModel, table=True):
    """Someone invited to an event, and their answer."""

    __tablename__: ClassVar[str] = "event_attendee"
    id: str = Field(primary_key=True)
    event_id: str = Field(foreign_key="event.id", index=True)
    email: str = Field(index=True)
    name: str = ""
    response: str = "needs-action"  # needs-action | accepted | declined | tentative
    optional: bool = False
    comment: str = ""  # the note sent with the last response


class Reminder(SQLModel, table=True):
    """A reminder before an event."""

    __tablename__: ClassVar[str] = "event_reminder"
    id: str = Field(primary_key=True)
    event_id: str = Field(foreign_key="event.id", index=True)
    minutes_before: int
    method: str = "popup"


class BusyBlock(SQLModel, table=True):
    """A time someone else is known to be busy (free/busy shared with the user)."""

    __tablename__: ClassVar[str] = "busy_block"
    id: str = Field(primary_key=True)
    email: str = Field(index=True)
    starts_at: str = Field(index=True)
    ends_at: str
