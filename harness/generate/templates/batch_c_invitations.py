"""Invitation templates: make room for an invitation by moving one's own block (scheduling); two
invitations that clash, one to decline (patrol)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from harness.generate.base import Context, Person
from harness.generate.templates.batch_c_calendar import (
    block_and_move,
    free_hours,
    invitation,
    story_person,
    user_addresses,
)
from harness.generate.templates.batch_c_common import clock, day_name
from harness.tasks.model import Category, Task

_VENDORS = ("Brightwave", "Cloudnest", "Datafy", "Meetly", "Growthpath")


class MakeRoomForInvitation:
    """An invitation lands on top of the user's own block: accept it and move the block (simple: to a
    named time; hard: to the first free slot after the meeting, worked out from the calendar)."""

    id: ClassVar[str] = "scheduling-make-room-for-invite"
    category: ClassVar[Category] = "scheduling"

    def make(self, ctx: Context) -> Task | None:
        found = story_person(ctx)
        if found is None:
            return None
        story, person = found
        term = ctx.pick(story.terms)
        found_slots = block_and_move(ctx)
        if found_slots is None:
            return None
        day, meeting, (earliest, start) = found_slots
        moved = (start, start + timedelta(minutes=60))
        hour = timedelta(minutes=60)
        block_title = ctx.pick((f"Focus: {term}", f"Prep {term}", f"Deep work — {term}"))
        invite_title = f"{story.title}: {ctx.pick(story.terms)}"
        setup: list[dict[str, Any]] = [
            {
                "at": ctx.before(3 * 24 * 60),
                "op": "calendar.create_event",
                "args": {
                    "title": block_title,
                    "start": meeting[0].isoformat(),
                    "end": meeting[1].isoformat(),
                },
                "key": ctx.key("block"),
            },
            {
                "at": ctx.before(50),
                "op": "calendar.receive_invitation",
                "args": {
                    "organizer": person.email,
                    "organizer_name": person.name,
                    "title": invite_title,
                    "start": meeting[0].isoformat(),
                    "end": meeting[1].isoformat(),
                    "attendees": [ctx.email],
                },
                "key": ctx.key("invite"),
            },
        ]
        where = (
            f"to {clock(moved[0])}" if not ctx.hard else "to the first free hour after the meeting that day"
        )
        instruction = ctx.pick(
            (
                f"accept {person.first_name}'s invite for {invite_title} and move my '{block_title}' block {where}",
                f"{person.first_name} invited me to {invite_title} on {day.strftime('%A')} — say yes, and shift my {block_title} slot {where}",
            )
        )
        mine = user_addresses(ctx)
        return ctx.task(
            title=f"Accept {person.name}'s invitation and move the clashing block",
            category="scheduling",
            services=["calendar"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": [
                    {
                        "description": f"the invitation from {person.name} is accepted",
                        "table": "event_attendee",
                        "kind": "update",
                        "where": {
                            "event_id": {"ref": ctx.key("invite")},
                            "email": {"one_of": mine},
                            "response": {"equals": "accepted"},
                        },
                    },
                    {
                        "description": f"the {block_title} block moves to {clock(moved[0])}-{clock(moved[1])}",
                        "table": "event",
                        "kind": "update",
                        "key": ctx.key("block"),
                        "where": {
                            "starts_at": {"after": earliest.isoformat(), "before": start.isoformat()},
                            "ends_at": {
                                "after": (earliest + hour).isoformat(),
                                "before": moved[1].isoformat(),
                            },
                        },
                    },
                ],
                "tolerated": [
                    {
                        "table": "event",
                        "kind": "update",
                        "key": ctx.key("invite"),
                        "columns": ["sequence", "updated_at"],
                    },
                    {
                        "table": "mail_message",
                        "kind": "insert",
                        "where": {"to_addresses": {"includes": [person.email]}},
                    },
                ],
                "forbidden": [
                    {"description": "nothing is deleted", "table": "event", "kind": "delete"},
                    {
                        "description": "the block is not cancelled",
                        "table": "event",
                        "kind": "update",
                        "where": {"status": {"equals": "cancelled"}},
                    },
                ],
            },
            oracle={
                "steps": [
                    {
                        "service": "calendar",
                        "tool": "search_events",
                        "args": {
                            "query": block_title,
                            "start": meeting[0].isoformat(),
                            "end": meeting[1].isoformat(),
                        },
                        "save": "block",
                    },
                    {
                        "service": "calendar",
                        "tool": "search_events",
                        "args": {
                            "query": invite_title,
                            "start": meeting[0].isoformat(),
                            "end": meeting[1].isoformat(),
                        },
                        "save": "invites",
                    },
                    {
                        "service": "calendar",
                        "tool": "respond_to_invitation",
                        "args": {"event_id": {"$result": "invites.items.0.event_id"}, "response": "accepted"},
                    },
                    {
                        "service": "calendar",
                        "tool": "update_event",
                        "args": {
                            "event_id": {"$result": "block.items.0.event_id"},
                            "start": moved[0].isoformat(),
                            "end": moved[1].isoformat(),
                        },
                    },
                ],
                "answer": f"Accepted {invite_title} and moved {block_title} to {clock(moved[0])}-{clock(moved[1])}.",
            },
        )


class DeclineClashingInvitation:
    """Two invitations arrive for the same hour: a work meeting from someone in a storyline and an
    optional vendor webinar. Decline the webinar, accept the meeting. Hard: the user only asks to check this
    morning's invitations; two more that clash with nothing are to be left unanswered, and the decline
    carries a note."""

    id: ClassVar[str] = "patrol-decline-clashing-invite"
    category: ClassVar[Category] = "patrol"

    def make(self, ctx: Context) -> Task | None:
        mine = user_addresses(ctx)
        people = {p.key: p for p in ctx.people(with_email=True) if p.email.lower() not in mine}
        stories = [
            s for s in ctx.persona.storylines if s.kind == "work" and any(k in people for k in s.people)
        ]
        hours = free_hours(ctx, 3 if ctx.hard else 1)
        if not stories or not hours:
            return None
        story = ctx.pick(stories)
        host: Person = people[ctx.pick([k for k in story.people if k in people])]
        slot, *others = ctx.sample(hours, 3 if ctx.hard else 1)
        day = slot[0].date()
        vendor = ctx.pick(_VENDORS)
        important = f"{story.title}: {ctx.pick(story.terms)} review"
        optional = f"Webinar: {vendor} product tour (optional)"
        setup = [
            invitation(ctx, host.email, host.name, important, slot, 40, ctx.key("meeting")),
            invitation(
                ctx,
                f"events@{vendor.lower()}.com",
                f"{vendor} Events",
                optional,
                (slot[0] + timedelta(minutes=15), slot[1]),
                25,
                ctx.key("webinar"),
            ),
        ]
        for index, other in enumerate(others):
            colleague = people[ctx.pick(list(people))]
            setup.append(
                invitation(
                    ctx,
                    colleague.email,
                    colleague.name,
                    f"{ctx.pick(story.terms).capitalize()} catch-up",
                    other,
                    30 - index,
                    ctx.key(f"other-{index}"),
                )
            )
        declined: dict[str, Any] = {
            "event_id": {"ref": ctx.key("webinar")},
            "email": {"one_of": mine},
            "response": {"equals": "declined"},
        }
        if ctx.hard:
            declined["comment"] = {"empty": False}
            instruction = ctx.pick(
                (
                    "go through the invitations that came in this morning. if two of them clash, decline the less important one with a short note why and accept the other. leave the rest for me",
                    "check this morning's calendar invites for clashes — where two overlap, keep the one that matters (accept it) and decline the other with a quick note. don't answer the others",
                )
            )
        else:
            instruction = ctx.pick(
                (
                    f"I got two invitations for {day_name(day)} around {clock(slot[0])} that overlap. accept the real meeting and decline the other one",
                    f"two invites clash on {day.strftime('%A')} at {clock(slot[0])} — decline the less important one and say yes to the other",
                )
            )
        forbidden: list[dict[str, Any]] = [
            {"description": "no event is deleted or cancelled", "table": "event", "kind": "delete"},
            *(
                {
                    "description": "the invitations that clash with nothing are left alone",
                    "table": "event_attendee",
                    "kind": "update",
                    "where": {"event_id": {"ref": ctx.key(f"other-{i}")}},
                }
                for i in range(len(others))
            ),
        ]
        return ctx.task(
            title=f"Resolve the clash between {important} and a webinar",
            category="patrol",
            services=["calendar", "mail"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": [
                    {
                        "description": "the optional webinar is declined",
                        "table": "event_attendee",
                        "kind": "update",
                        "where": declined,
                    },
                    {
                        "description": f"{host.name}'s meeting is accepted",
                        "table": "event_attendee",
                        "kind": "update",
                        "where": {
                            "event_id": {"ref": ctx.key("meeting")},
                            "email": {"one_of": mine},
                            "response": {"equals": "accepted"},
                        },
                    },
                ],
                "tolerated": [
                    {"table": "event", "kind": "update", "columns": ["sequence", "updated_at"]},
                    {
                        "table": "mail_message",
                        "kind": "insert",
                        "where": {"to_addresses": {"includes": [host.email]}},
                    },
                    {
                        "table": "mail_message",
                        "kind": "insert",
                        "where": {"to_addresses": {"includes": [f"events@{vendor.lower()}.com"]}},
                    },
                ],
                "forbidden": forbidden,
            },
            oracle={
                "steps": [
                    {"service": "calendar", "tool": "list_calendar_invitations", "args": {}},
                    {
                        "service": "calendar",
                        "tool": "search_events",
                        "args": {
                            "query": "webinar",
                            "start": slot[0].isoformat(),
                            "end": slot[1].isoformat(),
                        },
                        "save": "web",
                    },
                    {
                        "service": "calendar",
                        "tool": "respond_to_invitation",
                        "args": {
                            "event_id": {"$result": "web.items.0.event_id"},
                            "response": "declined",
                            "comment": f"Sorry, this clashes with {important}.",
                        },
                    },
                    {
                        "service": "calendar",
                        "tool": "search_events",
                        "args": {
                            "query": important,
                            "start": slot[0].isoformat(),
                            "end": slot[1].isoformat(),
                        },
                        "save": "meet",
                    },
                    {
                        "service": "calendar",
                        "tool": "respond_to_invitation",
                        "args": {"event_id": {"$result": "meet.items.0.event_id"}, "response": "accepted"},
                    },
                ],
                "answer": f"{important} and the {vendor} webinar overlapped at {clock(slot[0])} on {day_name(day)}: I declined the webinar and accepted {host.first_name}'s meeting.",
            },
        )
