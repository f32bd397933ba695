"""The mails a calendar sends: invitations, updates, cancellations and replies, worded like real ones.

Subjects follow the big calendar services: "Invitation: Design review @ Mon Mar 2, 2026 10:00 – 11:00
(CET)", "Updated invitation: ...", "Canceled event: ...", "Accepted: Design review".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from state.calendar._common import Person, attendees, user
from state.calendar.recurrence import describe_rrule, event_end, event_start
from state.calendar.tables import Attendee, Event
from state.clock import zone
from state.db import Tx
from state.mail import receive_email, send_email

REPLY_SUBJECTS = {"accepted": "Accepted", "declined": "Declined", "tentative": "Tentatively accepted"}
_REPLY_VERBS = {"accepted": "accepted", "declined": "declined", "tentative": "tentatively accepted"}


def _day(moment: datetime) -> str:
    return f"{moment:%a %b} {moment.day}, {moment.year}"


def when(event: Event) -> str:
    """When an event happens, in its own zone: "Mon Mar 2, 2026 10:00 – 11:00 (CET)"."""
    first, last = event_start(event), event_end(event)
    if event.rrule:
        rule = describe_rrule(event.rrule, zone(event.timezone))
        if event.all_day:
            return rule
        return f"{rule} from {first:%H:%M} to {last:%H:%M} ({first:%Z})"
    if event.all_day:
        final = last - timedelta(days=1)
        return _day(first) if final.date() == first.date() else f"{_day(first)} – {_day(final)}"
    if first.date() == last.date():
        return f"{_day(first)} {first:%H:%M} – {last:%H:%M} ({first:%Z})"
    return f"{_day(first)} {first:%H:%M} – {_day(last)} {last:%H:%M} ({first:%Z})"


def _details(event: Event, guests: Sequence[Attendee], changed: Sequence[str] = ()) -> str:
    lines = [event.title, f"When: {when(event)}"]
    if event.rrule:
        lines.append(f"First: {_day(event_start(event))}")
    if event.location:
        lines.append(f"Where: {event.location}")
    if changed:
        lines.append(f"Changed: {', '.join(changed)}")
    organizer = next(
        (Person(a.email, a.name) for a in guests if a.email == event.organizer), Person(event.organizer)
    )
    lines.append(f"Organizer: {organizer.display()}")
    lines.append("Guests:")
    for guest in sorted(guests, key=lambda a: a.email != event.organizer):
        mark = " (organizer)" if guest.email == event.organizer else ""
        lines.append(f"- {Person(guest.email, guest.name).display()}{mark}")
    if event.description:
        lines += ["", event.description]
    return "\n".join(lines)


def _organizer_name(tx: Tx, event: Event) -> str:
    row = next((a for a in attendees(tx, event.id) if a.email == event.organizer), None)
    return (row.name if row else "") or event.organizer


def invitation(tx: Tx, event: Event) -> tuple[str, str]:
    """Subject and body of the invitation to ``event``."""
    subject = f"Invitation: {event.title} @ {when(event)}"
    intro = f"{_organizer_name(tx, event)} has invited you to an event."
    return subject, f"{intro}\n\n{_details(event, attendees(tx, event.id))}\n"


def update(tx: Tx, event: Event, changed: Sequence[str]) -> tuple[str, str]:
    subject = f"Updated invitation: {event.title} @ {when(event)}"
    intro = f"{_organizer_name(tx, event)} has updated this event."
    if event.series_id:
        intro = f"{_organizer_name(tx, event)} has updated one occurrence of a recurring event."
    return subject, f"{intro}\n\n{_details(event, attendees(tx, event.id), changed)}\n"


def cancellation(tx: Tx, event: Event, instance: Event | None = None) -> tuple[str, str]:
    """Subject and body telling attendees that ``event`` (or one ``instance`` of it) is cancelled."""
    shown = instance or event
    subject = f"Canceled event: {shown.title} @ {when(shown)}"
    what = "one occurrence of a recurring event" if instance else "this event"
    intro = f"{_organizer_name(tx, event)} has canceled {what}."
    return subject, f"{intro}\n\n{_details(shown, attendees(tx, shown.id))}\n"


def reply(tx: Tx, event: Event, who: Person, response: str, comment: str) -> tuple[str, str]:
    """Subject and body of an attendee's answer to an invitation."""
    subject = f"{REPLY_SUBJECTS[response]}: {event.title}"
    text = f"{who.name or who.email} has {_REPLY_VERBS[response]} this invitation."
    if comment:
        text += f'\n\nNote: "{comment}"'
    return subject, f"{text}\n\n{_details(event, attendees(tx, event.id))}\n"


def _account(tx: Tx, address: str) -> str | None:
    row = tx.one("SELECT address FROM mail_account WHERE lower(address) = ?", address)
    return None if row is None else str(row["address"])


async def send_from_user(tx: Tx, sender: str, to: Sequence[str], subject: str, body: str) -> None:
    """A calendar mail from the user (from ``sender``'s account when they have it), filed in Sent."""
    if not to:
        return
    await send_email(tx, to=list(to), subject=subject, body=body, account=_account(tx, sender))


async def deliver_to_user(tx: Tx, sender: Person, to: Sequence[str], subject: str, body: str) -> None:
    """A calendar mail from someone else arriving in the user's Inbox."""
    await receive_email(
        tx,
        from_address=sender.email,
        to=list(to) or [user(tx).email],
        subject=subject,
        body=body,
        from_name=sender.name,
    )
