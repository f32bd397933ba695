"""Setup events a template adds on top of the world — a mail received, a draft saved, a file written, a chat
message posted, an event or invitation in the calendar — as the harness's own :class:`HistoryEvent`.

``at`` is the event time (ISO 8601 with offset: ``ctx.before(minutes)`` or ``ctx.local(moment)``); ``key``
names the row the event makes, for expectations (``refers_to``) and later events (``row(key)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from harness.generate.base import Context
from state.history import HistoryEvent


class Sender(Protocol):
    """Who a mail or an invitation is from: one of the user's people, or an :class:`Outsider`."""

    @property
    def name(self) -> str: ...

    @property
    def email(self) -> str: ...


@dataclass(frozen=True)
class Outsider:
    """A sender who is not one of the user's people: a shop, a service, someone borrowing a name."""

    name: str
    email: str


def row(key: str) -> dict[str, str]:
    """In an event's arguments: the id of the row an earlier event gave ``key``."""
    return {"$ref": key}


def event(at: str, op: str, args: dict[str, Any], key: str | None = None) -> HistoryEvent:
    return HistoryEvent(at=at, op=op, args=args, key=key)


def attachment(
    filename: str, mime_type: str, *, content: str | None = None, size: int | None = None
) -> dict[str, Any]:
    """A file attached to a received mail: its text, or only its size (a binary file)."""
    found: dict[str, Any] = {"filename": filename}
    if content is not None:
        found["content"] = content
    if size is not None:
        found["size"] = size
    found["mime_type"] = mime_type
    return found


def receive_email(
    ctx: Context,
    at: str,
    sender: Sender,
    subject: str,
    body: str,
    *,
    key: str | None = None,
    attachments: Sequence[dict[str, Any]] = (),
) -> HistoryEvent:
    """A mail from ``sender`` arrives in the user's main inbox."""
    args: dict[str, Any] = {
        "from_address": sender.email,
        "from_name": sender.name,
        "to": [ctx.email],
        "subject": subject,
        "body": body,
    }
    if attachments:
        args["attachments"] = list(attachments)
    return event(at, "mail.receive_email", args, key)


def reply_to_email(at: str, mail: str, body: str) -> HistoryEvent:
    """The user answered the mail with the stable key ``mail``."""
    return event(at, "mail.reply_to_email", {"message_id": row(mail), "body": body})


def create_draft(ctx: Context, at: str, to: list[str], subject: str, body: str, key: str) -> HistoryEvent:
    """A draft the user started in their main account."""
    args = {"to": to, "subject": subject, "body": body, "account": ctx.email}
    return event(at, "mail.create_draft", args, key)


def write_file(
    at: str, path: str, content: str, *, device: str | None = None, key: str | None = None, **extra: Any
) -> HistoryEvent:
    """A file written (``path`` under ``~``, folders made as needed) on ``device`` (default the laptop);
    ``extra``: ``size``, ``mime_type``, ``metadata``."""
    args: dict[str, Any] = {"path": path, "content": content}
    if device is not None:
        args["device"] = device
    args |= {"mode": "overwrite", "parents": True, **extra}
    return event(at, "files.write_file", args, key)


def send_chat_message(
    at: str,
    conversation: str,
    text: str,
    *,
    sender: str | None = None,
    thread: str | None = None,
    key: str | None = None,
) -> HistoryEvent:
    """A message in the persona's conversation ``conversation`` from the handle ``sender`` (the user when
    None), in the thread of the message with the stable key ``thread`` if given."""
    args: dict[str, Any] = {"conversation_id": row(f"conv-{conversation}")}
    if sender is not None:
        args["sender"] = sender
    args["text"] = text
    if thread is not None:
        args["thread_parent_id"] = row(thread)
    return event(at, "messaging.send_chat_message", args, key)


def create_event(
    at: str,
    title: str,
    span: tuple[datetime, datetime],
    *,
    attendees: list[str] | None = None,
    notify: bool | None = None,
    key: str | None = None,
) -> HistoryEvent:
    """An event the user put in their calendar."""
    args: dict[str, Any] = {"title": title, "start": span[0].isoformat(), "end": span[1].isoformat()}
    if attendees is not None:
        args["attendees"] = attendees
    if notify is not None:
        args["notify"] = notify
    return event(at, "calendar.create_event", args, key)


def receive_invitation(
    ctx: Context, at: str, organizer: Sender, title: str, span: tuple[datetime, datetime], key: str
) -> HistoryEvent:
    """``organizer`` invites the user to an event."""
    args = {
        "organizer": organizer.email,
        "organizer_name": organizer.name,
        "title": title,
        "start": span[0].isoformat(),
        "end": span[1].isoformat(),
        "attendees": [ctx.email],
    }
    return event(at, "calendar.receive_invitation", args, key)


def add_busy(at: str, email: str, span: tuple[datetime, datetime]) -> HistoryEvent:
    """Someone shared that they are busy during ``span``."""
    args = {"email": email, "start": span[0].isoformat(), "end": span[1].isoformat()}
    return event(at, "calendar.add_busy", args)


def create_contact(
    at: str, name: str, emails: list[str], phones: list[str], organization: str, key: str
) -> HistoryEvent:
    args = {"name": name, "emails": emails, "phones": phones, "organization": organization}
    return event(at, "contacts.create_contact", args, key)
