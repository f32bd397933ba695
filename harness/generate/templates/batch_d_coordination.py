"""Coordination around the calendar: an invitation by mail goes into the calendar and gets a yes in
chat; a meeting moves and a group hears about it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, ClassVar

from harness.generate.base import Context
from harness.generate.templates.batch_d_common import (
    DAY,
    WEEKDAYS,
    YES,
    clock_text,
    day_text,
    direct_chats,
    future_slot,
    groups,
    receive,
    reply_flags,
    terms,
    unquoted,
    workspace_name,
)
from harness.tasks.model import Category, Task

_GATHERINGS = ("{term} workshop", "{term} review", "{term} kick-off", "{term} get-together")
_ROOMS = ("Room 3.14", "the Atrium", "the library café", "Studio B", "the upstairs meeting room")
_FOLLOW_UP = ("event_attendee", "event_reminder")


class InvitationToCalendar:
    """Someone invites the user by mail; put it in the calendar and tell them yes in chat. Hard: a later
    mail moves the start, the place must be in the event, and the mail gets a reply too."""

    id: ClassVar[str] = "coordination-invitation-to-calendar"
    category: ClassVar[Category] = "coordination"

    def make(self, ctx: Context) -> Task | None:
        chats = direct_chats(ctx, with_email=True)
        if not chats or not ctx.persona.storylines:
            return None
        chat = ctx.pick(chats)
        stories = [s for s in ctx.persona.storylines if chat.person.key in s.people and s.kind == "work"]
        stories = stories or [s for s in ctx.persona.storylines if s.kind == "work"] or ctx.persona.storylines
        term = ctx.pick(terms(ctx.pick(stories)))
        what = ctx.pick(_GATHERINGS).format(term=term)
        room = ctx.pick(_ROOMS)
        first = future_slot(ctx, ctx.rng.randrange(3, 9), ctx.pick((10, 11, 14, 15)))
        start = first.replace(hour=first.hour + 1) if ctx.hard else first
        minutes = ctx.pick((60, 90))
        body = (
            f"Hi {ctx.user.name.split()[0]},\n\nwould you join us for the {what}? It's on {day_text(first)} "
            f"from {clock_text(first)}, about {minutes} minutes, in {room}.\n\nBest,\n{chat.person.first_name}"
        )
        setup: list[dict[str, Any]] = [
            receive(
                ctx, chat.person, f"Invitation: {what}", body, (3 if ctx.hard else 1) * DAY, ctx.key("invite")
            )
        ]
        if ctx.hard:
            setup.append(
                receive(
                    ctx,
                    chat.person,
                    f"Re: Invitation: {what}",
                    f"Quick update: we're starting an hour later, at {clock_text(start)}, same room.\n\n{chat.person.first_name}",
                    DAY // 2,
                    ctx.key("update"),
                )
            )
        where = workspace_name(ctx, chat.workspace)
        instruction = ctx.pick(
            (
                f"{chat.person.first_name} invited me to the {what} by mail — put it in my calendar and tell them on {where} I'll be there",
                f"add {chat.person.first_name}'s {what} to my calendar and let them know on {where} that I'm coming",
                f"I'm going to the {what} {chat.person.first_name} mailed about. calendar it and message them on {where}",
            )
        )
        end = ctx.local(start + timedelta(minutes=minutes))
        event: dict[str, Any] = {"starts_at": {"time": ctx.local(start)}, "ends_at": {"time": end}}
        create: dict[str, Any] = {
            "title": what.capitalize(),
            "start": ctx.local(start),
            "end": end,
            "location": room,
        }
        steps: list[dict[str, Any]] = [
            {"service": "mail", "tool": "search_emails", "args": {"query": what}, "save": "found"},
            {"service": "calendar", "tool": "create_event", "args": create},
            {
                "service": "messaging",
                "tool": "send_chat_message",
                "args": {
                    "to_handle": chat.handle,
                    "workspace": chat.workspace,
                    "text": f"Count me in for the {what}!",
                },
            },
        ]
        changes: list[dict[str, Any]] = [
            {
                "description": f"the {what} in the calendar",
                "table": "event",
                "kind": "insert",
                "where": event,
            },
            {
                "description": f"a yes to {chat.person.name} in chat",
                "at_least": 1,
                "table": "chat_message",
                "kind": "insert",
                "where": {
                    "conversation_id": {"ref": f"conv-{chat.conversation}"},
                    "sender_handle": {"equals": chat.user_handle},
                    "text": {"regex": f"(?i){YES}"},
                },
            },
        ]
        tolerated: list[dict[str, Any]] = [{"table": t, "kind": "insert"} for t in _FOLLOW_UP]
        tolerated += [reply_flags(ctx.key("invite")), reply_flags(ctx.key("update"))]
        if ctx.hard:
            instruction += ". put the room in the event and answer the mail too"
            event["location"] = {"icontains": room.split()[-1]}
            steps.append(
                {
                    "service": "mail",
                    "tool": "reply_to_email",
                    "args": {
                        "email_id": {"$result": "found.items.0.id"},
                        "body": f"Thanks {chat.person.first_name}, I'll be there at {clock_text(start)}.",
                    },
                }
            )
            changes.append(
                {
                    "description": f"a reply to {chat.person.name}'s mail",
                    "table": "mail_message",
                    "kind": "insert",
                    "where": {
                        "to_addresses": {"includes": [chat.person.email]},
                        "body": {"regex": unquoted(YES)},
                        "draft": {"equals": False},
                    },
                }
            )
        else:
            tolerated.append(
                {
                    "table": "mail_message",
                    "kind": "insert",
                    "where": {"to_addresses": {"includes": [chat.person.email]}},
                }
            )
        return ctx.task(
            title=f"Calendar the {what} and tell {chat.person.name}",
            category="coordination",
            services=["mail", "calendar", "messaging"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": changes,
                "tolerated": tolerated,
                "forbidden": [
                    {"description": "no event moved or cancelled", "table": "event", "kind": "update"}
                ],
            },
            oracle={
                "steps": steps,
                "answer": f"The {what} is in your calendar and {chat.person.first_name} knows.",
            },
        )


class RescheduleTellGroup:
    """Someone asks by mail to move a meeting with the user; move it and tell a group chat. Hard: the
    mail gets a confirming reply too, and the group hears the new day and time."""

    id: ClassVar[str] = "coordination-reschedule-tell-group"
    category: ClassVar[Category] = "coordination"

    def make(self, ctx: Context) -> Task | None:
        options = [(g, p) for g in groups(ctx) for p in g.members if p.email]
        if not options or not ctx.persona.storylines:
            return None
        group, person = ctx.pick(options)
        term = ctx.pick(terms(ctx.pick(ctx.persona.storylines)))
        title = f"{term[0].upper()}{term[1:]} catch-up with {person.first_name}"
        old = future_slot(ctx, ctx.rng.randrange(2, 5), ctx.pick((10, 11, 14)))
        new = future_slot(
            ctx, (old.date() - ctx.at.astimezone(ctx.tz).date()).days + 1, ctx.pick((9, 13, 16))
        )
        setup: list[dict[str, Any]] = [
            {
                "at": ctx.before(6 * DAY),
                "op": "calendar.create_event",
                "args": {
                    "title": title,
                    "start": ctx.local(old),
                    "end": ctx.local(old + timedelta(minutes=30)),
                    "attendees": [person.email],
                    "notify": False,
                },
                "key": ctx.key("meeting"),
            },
            receive(
                ctx,
                person,
                f"Move our {term} catch-up?",
                f"Hi,\n\nsomething came up on {day_text(old)}. Could we do {day_text(new)} at {clock_text(new)} instead, "
                f"same length?\n\nThanks,\n{person.first_name}",
                (DAY if ctx.hard else 90),
                ctx.key("ask"),
            ),
        ]
        instruction = ctx.pick(
            (
                f"{person.first_name} wants to move our {term} catch-up — move it to the time they suggested and tell {group.name}",
                f"move my {term} meeting with {person.first_name} to what they proposed by mail, then let the {group.name} chat know the new time",
            )
        )
        steps: list[dict[str, Any]] = [
            {"service": "calendar", "tool": "search_events", "args": {"query": title}, "save": "found"},
            {
                "service": "calendar",
                "tool": "update_event",
                "args": {
                    "event_id": {"$result": "found.items.0.event_id"},
                    "start": ctx.local(new),
                    "end": ctx.local(new + timedelta(minutes=30)),
                },
            },
            {
                "service": "messaging",
                "tool": "send_chat_message",
                "args": {
                    "conversation_id": group.name,
                    "workspace": group.workspace,
                    "text": f"Heads-up: my {term} catch-up with {person.first_name} moved to {day_text(new)} at {clock_text(new)}.",
                },
            },
        ]
        changes: list[dict[str, Any]] = [
            {
                "description": "the meeting is at the new time",
                "table": "event",
                "kind": "update",
                "key": ctx.key("meeting"),
                "where": {
                    "starts_at": {"time": ctx.local(new)},
                    "ends_at": {"time": ctx.local(new + timedelta(minutes=30))},
                },
            },
            {
                "description": f"{group.name} hears about it",
                "at_least": 1,
                "table": "chat_message",
                "kind": "insert",
                "where": {
                    "conversation_id": {"ref": f"conv-{group.conversation}"},
                    "sender_handle": {"equals": group.user_handle},
                    "text": {"regex": _when(new)},
                },
            },
        ]
        tolerated: list[dict[str, Any]] = [
            reply_flags(ctx.key("ask")),
            {"table": "event_attendee", "kind": "update"},
            {"table": "mail_message", "kind": "insert", "where": {"subject": {"icontains": term}}},
        ]
        if ctx.hard:
            instruction += ", and reply to their mail so they know it's done"
            steps.insert(
                1,
                {
                    "service": "mail",
                    "tool": "search_emails",
                    "args": {"query": f"move {term}"},
                    "save": "ask",
                },
            )
            steps.append(
                {
                    "service": "mail",
                    "tool": "reply_to_email",
                    "args": {
                        "email_id": {"$result": "ask.items.0.id"},
                        "body": f"Done — moved to {day_text(new)}, {clock_text(new)}.",
                    },
                }
            )
            changes.append(
                {
                    "description": f"a reply to {person.name}",
                    "table": "mail_message",
                    "kind": "insert",
                    "where": {
                        "in_reply_to": {"ref": f"{ctx.key('ask')}.message_id"},
                        "to_addresses": {"includes": [person.email]},
                    },
                }
            )
        return ctx.task(
            title=f"Move the {term} catch-up with {person.name} and tell {group.name}",
            category="coordination",
            services=["mail", "calendar", "messaging"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": changes,
                "tolerated": tolerated,
                "forbidden": [{"description": "no event cancelled", "table": "event", "kind": "delete"}],
            },
            oracle={
                "steps": steps,
                "answer": f"Moved to {day_text(new)} at {clock_text(new)} and told {group.name}.",
            },
        )


def _when(moment: datetime) -> str:
    """A regex for a message naming ``moment``'s day or time: ``Thu``, ``5th``, ``16:00``, ``4pm``."""
    hour12 = (moment.hour - 1) % 12 + 1
    return (
        rf"(?i)\b({WEEKDAYS[moment.weekday()][:3]}|{moment.day}(st|nd|rd|th)?\b|{clock_text(moment)}|"
        rf"{moment.hour}[:h.]|{hour12}\s?(am|pm))"
    )
