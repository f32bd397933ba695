"""Calendar: calendars, events (one-off and recurring), attendees, reminders and others' busy times.

Tables live in :mod:`state.calendar.tables`, the operations in :mod:`~state.calendar.events` (the user's
own events) and :mod:`~state.calendar.invitations` (answering and being answered), recurrence in
:mod:`~state.calendar.recurrence`.
"""

from state.calendar.events import add_busy, cancel_event, create_calendar, create_event, update_event
from state.calendar.invitations import receive_invitation, record_response, respond_to_invitation
from state.calendar.recurrence import Occurrence, expand, occurrences
from state.calendar.tables import Attendee, BusyBlock, Calendar, Event, Reminder

TABLES = (Calendar, Event, Attendee, Reminder, BusyBlock)
OPERATIONS = (
    create_calendar,
    create_event,
    update_event,
    cancel_event,
    add_busy,
    receive_invitation,
    respond_to_invitation,
    record_response,
)

__all__ = [
    "OPERATIONS",
    "TABLES",
    "Attendee",
    "BusyBlock",
    "Calendar",
    "Event",
    "Occurrence",
    "Reminder",
    "add_busy",
    "cancel_event",
    "create_calendar",
    "create_event",
    "expand",
    "occurrences",
    "receive_invitation",
    "record_response",
    "respond_to_invitation",
    "update_event",
]
