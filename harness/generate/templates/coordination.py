"""Coordination templates, across services: an invitation by mail goes into the calendar and gets a yes in
chat; a document asked for in chat goes out by mail; a meeting moves and a group hears about it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from harness.generate.base import Context, Person
from harness.generate.builders import (
    YES,
    Where,
    at_time,
    change,
    column_of,
    equals,
    expect,
    forbid,
    icontains,
    includes,
    other_than,
    refers_to,
    regex,
    reply_marks,
    result,
    step,
    tolerate,
    unquoted,
)
from harness.generate.templates._setup import create_event, receive_email, send_chat_message, write_file
from harness.generate.templates._world import (
    DAY,
    WEEKDAYS,
    Chat,
    Group,
    clock_text,
    day_text,
    direct_chats,
    extend,
    file_title,
    future_slot,
    groups,
    home,
    terms,
    workspace_name,
)
from harness.tasks.model import Category, Expectations, Oracle, Required, Task
from state.history import HistoryEvent

_GATHERINGS = ("{term} workshop", "{term} review", "{term} kick-off", "{term} get-together")
_ROOMS = ("Room 3.14", "the Atrium", "the library café", "Studio B", "the upstairs meeting room")


@dataclass(frozen=True)
class _Gathering:
    chat: Chat
    what: str
    room: str
    start: datetime
    end: datetime


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
        person = chat.person
        stories = [s for s in ctx.persona.storylines if person.key in s.people and s.kind == "work"]
        stories = stories or [s for s in ctx.persona.storylines if s.kind == "work"] or ctx.persona.storylines
        term = ctx.pick(terms(ctx.pick(stories)))
        what, room = ctx.pick(_GATHERINGS).format(term=term), ctx.pick(_ROOMS)
        first = future_slot(ctx, ctx.rng.randrange(3, 9), ctx.pick((10, 11, 14, 15)))
        start = first.replace(hour=first.hour + 1) if ctx.hard else first
        minutes = ctx.pick((60, 90))
        gathering = _Gathering(chat, what, room, start, start + timedelta(minutes=minutes))
        return ctx.task(
            title=f"Calendar the {what} and tell {person.name}",
            category=self.category,
            services=["mail", "calendar", "messaging"],
            setup=self._setup(ctx, gathering, first),
            instruction=self._instruction(ctx, gathering),
            expect=self._expect(ctx, gathering),
            oracle=self._oracle(ctx, gathering),
        )

    def _setup(self, ctx: Context, gathering: _Gathering, first: datetime) -> list[HistoryEvent]:
        """The invitation for ``first`` (hard: three days ago, and a mail since that moves it)."""
        person, what, start = gathering.chat.person, gathering.what, gathering.start
        minutes = (gathering.end - start) // timedelta(minutes=1)
        body = (
            f"Hi {ctx.user_first_name},\n\nwould you join us for the {what}? It's on {day_text(first)} "
            f"from {clock_text(first)}, about {minutes} minutes, in {gathering.room}.\n\nBest,\n{person.first_name}"
        )
        at = ctx.before((3 if ctx.hard else 1) * DAY)
        setup = [receive_email(ctx, at, person, f"Invitation: {what}", body, key=ctx.key("invite"))]
        if ctx.hard:
            body = f"Quick update: we're starting an hour later, at {clock_text(start)}, same room.\n\n{person.first_name}"
            subject = f"Re: Invitation: {what}"
            setup.append(
                receive_email(ctx, ctx.before(DAY // 2), person, subject, body, key=ctx.key("update"))
            )
        return setup

    def _instruction(self, ctx: Context, gathering: _Gathering) -> str:
        person, what = gathering.chat.person, gathering.what
        where = workspace_name(ctx, gathering.chat.workspace)
        instruction = ctx.pick(
            (
                f"{person.first_name} invited me to the {what} by mail — put it in my calendar and tell them on {where} I'll be there",
                f"add {person.first_name}'s {what} to my calendar and let them know on {where} that I'm coming",
                f"I'm going to the {what} {person.first_name} mailed about. calendar it and message them on {where}",
            )
        )
        return instruction + (". put the room in the event and answer the mail too" if ctx.hard else "")

    def _expect(self, ctx: Context, gathering: _Gathering) -> Expectations:
        chat, person = gathering.chat, gathering.chat.person
        event: Where = {
            "starts_at": at_time(ctx.local(gathering.start)),
            "ends_at": at_time(ctx.local(gathering.end)),
        }
        yes = {
            "conversation_id": refers_to(f"conv-{chat.conversation}"),
            "sender_handle": equals(chat.user_handle),
            "text": regex(f"(?i){YES}"),
        }
        tolerated = [tolerate("insert", "event_attendee"), tolerate("insert", "event_reminder")]
        tolerated += [reply_marks(ctx.key("invite")), reply_marks(ctx.key("update"))]
        to_them = {"to_addresses": includes(person.email)}
        if ctx.hard:
            event["location"] = icontains(gathering.room.split()[-1])
        else:
            tolerated.append(tolerate("insert", "mail_message", where=to_them))
        changes: list[Required] = [
            change("insert", "event", f"the {gathering.what} in the calendar", where=event),
            change("insert", "chat_message", f"a yes to {person.name} in chat", at_least=1, where=yes),
        ]
        if ctx.hard:
            reply = {**to_them, "body": regex(unquoted(YES)), "draft": equals(False)}
            changes.append(change("insert", "mail_message", f"a reply to {person.name}'s mail", where=reply))
        return expect(
            changes=changes,
            tolerated=tolerated,
            forbidden=[forbid("update", "event", "no event moved or cancelled")],
        )

    def _oracle(self, ctx: Context, gathering: _Gathering) -> Oracle:
        chat, what = gathering.chat, gathering.what
        steps = [
            step("mail", "search_emails", query=what, save="found"),
            step(
                "calendar",
                "create_event",
                title=what.capitalize(),
                start=ctx.local(gathering.start),
                end=ctx.local(gathering.end),
                location=gathering.room,
            ),
            step(
                "messaging",
                "send_chat_message",
                to_handle=chat.handle,
                workspace=chat.workspace,
                text=f"Count me in for the {what}!",
            ),
        ]
        if ctx.hard:
            body = f"Thanks {chat.person.first_name}, I'll be there at {clock_text(gathering.start)}."
            steps.append(step("mail", "reply_to_email", email_id=result("found.items.0.id"), body=body))
        return Oracle(
            steps=steps, answer=f"The {what} is in your calendar and {chat.person.first_name} knows."
        )


class ChatRequestByMail:
    """Someone asks in chat for a document by mail; find it and mail it. Hard: older versions lie
    around, and they hear in chat that it's sent."""

    id: ClassVar[str] = "coordination-chat-request-by-mail"
    category: ClassVar[Category] = "coordination"

    def make(self, ctx: Context) -> Task | None:
        chats = direct_chats(ctx, with_email=True)
        if not chats or home(ctx) is None or not ctx.persona.storylines:
            return None
        chat = ctx.pick(chats)
        person = chat.person
        stories = [s for s in ctx.persona.storylines if person.key in s.people] or ctx.persona.storylines
        term = ctx.pick(terms(ctx.pick(stories)))
        title = f"{file_title(term)} summary"
        name = f"{title} (final).pdf" if ctx.hard else f"{title}.pdf"
        setup = self._setup(ctx, chat, term, title, name)
        body = f"Hi {person.first_name},\n\nhere's the {term} summary.\n\n{ctx.user_first_name}"
        attached = [{"device": "laptop", "path": f"~/Documents/{name}"}]
        steps = [
            step("files", "search_files", query="summary", directory="~"),
            step("mail", "send_email", to=[person.email], subject=title, body=body, attachments=attached),
        ]
        if ctx.hard:
            text = "Sent it to your mail ✉️"
            steps.append(
                step(
                    "messaging",
                    "send_chat_message",
                    to_handle=chat.handle,
                    workspace=chat.workspace,
                    text=text,
                )
            )
        return ctx.task(
            title=f"Mail {person.name} the {term} summary they asked for in chat",
            category=self.category,
            services=["messaging", "files", "mail", "contacts"],
            instruction=self._instruction(ctx, person, term, workspace_name(ctx, chat.workspace)),
            setup=setup,
            expect=self._expect(ctx, chat, name),
            oracle=Oracle(steps=steps, answer=f"I mailed {person.first_name} {name}."),
        )

    def _setup(self, ctx: Context, chat: Chat, term: str, title: str, name: str) -> list[HistoryEvent]:
        """The summary on the laptop and the ask in chat (hard: older versions in Downloads)."""
        size = ctx.rng.randrange(60000, 300000)
        ask = f"could you mail me the {term} summary? I need it as an attachment for the files"
        setup = [
            write_file(
                ctx.before(4 * DAY), f"~/Documents/{name}", "", size=size, mime_type="application/pdf"
            ),
            send_chat_message(ctx.before(30), chat.conversation, ask, sender=chat.handle),
        ]
        if ctx.hard:
            for other, days in ((f"{title} (draft).pdf", 15), (f"{title} old.pdf", 25)):
                size = ctx.rng.randrange(60000, 300000)
                setup.append(write_file(ctx.before(days * DAY), f"~/Downloads/{other}", "", size=size))
        return setup

    def _instruction(self, ctx: Context, person: Person, term: str, where: str) -> str:
        instruction = ctx.pick(
            (
                f"{person.first_name} asked on {where} for the {term} summary by mail. can you send it?",
                f"mail {person.first_name} the {term} summary they asked for on {where}",
                f"{person.name} needs my {term} summary — they want it by email, see {where}",
            )
        )
        if ctx.hard:
            more = (
                "the final one, and tell them in chat when it's sent",
                "final version only, and let them know there",
            )
            instruction = extend(instruction, ctx.pick(more))
        return instruction

    def _expect(self, ctx: Context, chat: Chat, name: str) -> Expectations:
        person = chat.person
        mail = {"to_addresses": includes(person.email), "draft": equals(False)}
        changes = [
            change("insert", "mail_message", f"a mail to {person.name}", where=mail),
            change("insert", "mail_attachment", f"with {name} attached", where={"filename": equals(name)}),
        ]
        reply: Where = {
            "conversation_id": refers_to(f"conv-{chat.conversation}"),
            "sender_handle": equals(chat.user_handle),
        }
        tolerated = [tolerate("insert", "chat_reaction")]
        if ctx.hard:
            told = {**reply, "text": regex("(?i)(sent|mail|inbox|email|on its way|done)")}
            changes.append(
                change("insert", "chat_message", "they hear in chat that it's sent", at_least=1, where=told)
            )
        else:
            tolerated.append(tolerate("insert", "chat_message", where=reply))
        other = {"filename": other_than(name)}
        return expect(
            changes=changes,
            tolerated=tolerated,
            forbidden=[forbid("insert", "mail_attachment", "no other file is sent", where=other)],
        )


@dataclass(frozen=True)
class _Move:
    group: Group
    person: Person
    term: str
    title: str
    old: datetime
    new: datetime


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
        days = (old.date() - ctx.at.astimezone(ctx.tz).date()).days + 1
        new = future_slot(ctx, days, ctx.pick((9, 13, 16)))
        move = _Move(group, person, term, title, old, new)
        instruction = ctx.pick(
            (
                f"{person.first_name} wants to move our {term} catch-up — move it to the time they suggested and tell {group.name}",
                f"move my {term} meeting with {person.first_name} to what they proposed by mail, then let the {group.name} chat know the new time",
            )
        )
        if ctx.hard:
            instruction += ", and reply to their mail so they know it's done"
        return ctx.task(
            title=f"Move the {term} catch-up with {person.name} and tell {group.name}",
            category=self.category,
            services=["mail", "calendar", "messaging"],
            instruction=instruction,
            setup=self._setup(ctx, move),
            expect=self._expect(ctx, move),
            oracle=self._oracle(ctx, move),
        )

    def _setup(self, ctx: Context, move: _Move) -> list[HistoryEvent]:
        """The meeting at the old time and the mail that asks to move it."""
        person, old, new = move.person, move.old, move.new
        body = (
            f"Hi,\n\nsomething came up on {day_text(old)}. Could we do {day_text(new)} at {clock_text(new)} instead, "
            f"same length?\n\nThanks,\n{person.first_name}"
        )
        span, key = (old, old + timedelta(minutes=30)), ctx.key("meeting")
        subject = f"Move our {move.term} catch-up?"
        return [
            create_event(
                ctx.before(6 * DAY), move.title, span, attendees=[person.email], notify=False, key=key
            ),
            receive_email(
                ctx, ctx.before(DAY if ctx.hard else 90), person, subject, body, key=ctx.key("ask")
            ),
        ]

    def _expect(self, ctx: Context, move: _Move) -> Expectations:
        group, person, new = move.group, move.person, move.new
        moved = {
            "starts_at": at_time(ctx.local(new)),
            "ends_at": at_time(ctx.local(new + timedelta(minutes=30))),
        }
        told = {
            "conversation_id": refers_to(f"conv-{group.conversation}"),
            "sender_handle": equals(group.user_handle),
            "text": regex(_when(new)),
        }
        changes = [
            change("update", "event", "the meeting is at the new time", key=ctx.key("meeting"), where=moved),
            change("insert", "chat_message", f"{group.name} hears about it", at_least=1, where=told),
        ]
        if ctx.hard:
            reply = {
                "in_reply_to": column_of(ctx.key("ask"), "message_id"),
                "to_addresses": includes(person.email),
            }
            changes.append(change("insert", "mail_message", f"a reply to {person.name}", where=reply))
        return expect(
            changes=changes,
            tolerated=[
                reply_marks(ctx.key("ask")),
                tolerate("update", "event_attendee"),
                tolerate("insert", "mail_message", where={"subject": icontains(move.term)}),
            ],
            forbidden=[forbid("delete", "event", "no event cancelled")],
        )

    def _oracle(self, ctx: Context, move: _Move) -> Oracle:
        group, person, term, new = move.group, move.person, move.term, move.new
        when = f"{day_text(new)} at {clock_text(new)}"
        found = [step("calendar", "search_events", query=move.title, save="found")]
        if ctx.hard:
            found.append(step("mail", "search_emails", query=f"move {term}", save="ask"))
        steps = [
            *found,
            step(
                "calendar",
                "update_event",
                event_id=result("found.items.0.event_id"),
                start=ctx.local(new),
                end=ctx.local(new + timedelta(minutes=30)),
            ),
            step(
                "messaging",
                "send_chat_message",
                conversation_id=group.name,
                workspace=group.workspace,
                text=f"Heads-up: my {term} catch-up with {person.first_name} moved to {when}.",
            ),
        ]
        if ctx.hard:
            body = f"Done — moved to {day_text(new)}, {clock_text(new)}."
            steps.append(step("mail", "reply_to_email", email_id=result("ask.items.0.id"), body=body))
        return Oracle(steps=steps, answer=f"Moved to {when} and told {group.name}.")


def _when(moment: datetime) -> str:
    """A regex for a message naming ``moment``'s day or time: ``Thu``, ``5th``, ``16:00``, ``4pm``."""
    hour12 = (moment.hour - 1) % 12 + 1
    return (
        rf"(?i)\b({WEEKDAYS[moment.weekday()][:3]}|{moment.day}(st|nd|rd|th)?\b|{clock_text(moment)}|"
        rf"{moment.hour}[:h.]|{hour12}\s?(am|pm))"
    )
