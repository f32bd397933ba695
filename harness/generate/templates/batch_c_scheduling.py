"""Scheduling templates: skip one occurrence of a routine, meet someone in a free slot."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, ClassVar

from harness.generate.base import Context
from harness.generate.templates.batch_c_calendar import (
    Interval,
    busy,
    clash_windows,
    first_slot,
    free_gaps,
    next_occurrence,
    next_work_days,
    own_routines,
    story_person,
    user_addresses,
)
from harness.generate.templates.batch_c_common import (
    clock,
    day_name,
    db_time,
    mail_in,
)
from harness.tasks.model import Category, Task

_MEETING_TOPICS = ("a quick sync on {term}", "{term}", "next steps on {term}")


class SkipRoutineOccurrence:
    """The user cannot make the next session of one of their own routines: cancel just that occurrence.
    Hard: two routines, each with its next session off, and neither series may be touched otherwise."""

    id: ClassVar[str] = "scheduling-skip-occurrence"
    category: ClassVar[Category] = "scheduling"

    def make(self, ctx: Context) -> Task | None:
        usable: list[tuple[str, str, str, datetime]] = []
        for routine, title, row_id in own_routines(ctx):
            when = next_occurrence(ctx, row_id)
            if when is not None:
                usable.append((routine, title, row_id, when))
        count = 2 if ctx.hard else 1
        if len(usable) < count:
            return None
        chosen = ctx.sample(usable, count)
        changes: list[dict[str, Any]] = []
        steps: list[dict[str, Any]] = []
        forbidden: list[dict[str, Any]] = []
        spoken: list[str] = []
        for routine, title, row_id, when in chosen:
            spoken.append(f"{title} on {day_name(when)} ({clock(when)})")
            changes.append(
                {
                    "description": f"only the {day_name(when)} occurrence of {title} is cancelled",
                    "table": "event",
                    "kind": "update",
                    "key": f"routine-{routine}",
                    "columns": ["exdates", "updated_at", "sequence"],
                    "where": {"exdates": {"includes": [db_time(when)]}},
                }
            )
            forbidden.append(
                {
                    "description": f"the {title} series itself is not cancelled",
                    "table": "event",
                    "kind": "update",
                    "key": f"routine-{routine}",
                    "where": {"status": {"equals": "cancelled"}},
                }
            )
            steps += [
                {
                    "service": "calendar",
                    "tool": "search_events",
                    "args": {
                        "query": title,
                        "start": when.isoformat(),
                        "end": (when + timedelta(hours=1)).isoformat(),
                    },
                },
                {
                    "service": "calendar",
                    "tool": "cancel_event",
                    "args": {"event_id": row_id, "scope": "instance", "instance_start": when.isoformat()},
                },
            ]
        forbidden.append(
            {
                "description": "nothing else is cancelled",
                "table": "event",
                "kind": "update",
                "where": {"status": {"equals": "cancelled"}},
            }
        )
        forbidden.append({"description": "nothing is deleted", "table": "event", "kind": "delete"})
        what = " and ".join(spoken)
        instruction = ctx.pick(
            (
                f"I can't make {what}. take just {'those' if ctx.hard else 'that'} out of my calendar, the rest stays",
                f"please cancel {what} — only {'those' if ctx.hard else 'that one'}, not the whole series",
                f"skip {what} for me in the calendar. just this once",
            )
        )
        return ctx.task(
            title=f"Skip {what}",
            category="scheduling",
            services=["calendar"],
            instruction=instruction,
            expect={
                "changes": changes,
                "tolerated": [
                    {"table": "mail_message", "kind": "insert", "where": {"subject": {"regex": "(?i)cancel"}}}
                ],
                "forbidden": forbidden,
            },
            oracle={"steps": steps, "answer": f"I cancelled only {what}; the rest of the series stays."},
        )


def _attendee_rows(ctx: Context, emails: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "table": "event_attendee",
            "kind": "insert",
            "where": {"email": {"one_of": [*emails, *user_addresses(ctx)]}},
        },
        {"table": "event_reminder", "kind": "insert"},
        {"table": "mail_message", "kind": "insert", "where": {"to_addresses": {"includes": emails[:1]}}},
    ]


def _meeting_slot(ctx: Context, minutes: int) -> tuple[date, list[Interval], Interval] | None:
    """A coming work day with a free slot, the other person's busy times (hard: they are busy for the
    user's first free stretch, so the first slot of the user's own is wrong) and the slot."""
    days = next_work_days(ctx, 4)
    for day in ctx.sample(days, len(days)):
        gaps = free_gaps(ctx, day)
        theirs: list[Interval] = []
        first = first_slot(gaps, minutes)
        if first is not None and ctx.hard:
            theirs = [(first[0], first[0] + timedelta(minutes=minutes + 60))]
            first = first_slot(free_gaps(ctx, day, theirs), minutes)
        if first is not None:
            return day, theirs, first
    return None


class MeetInFreeSlot:
    """Someone asks for a meeting on a given day; invite them at a time the user is free. Hard: the other
    person shared their busy times too, so the slot must suit both."""

    id: ClassVar[str] = "scheduling-meet-free-slot"
    category: ClassVar[Category] = "scheduling"

    def make(self, ctx: Context) -> Task | None:
        found = story_person(ctx)
        if found is None:
            return None
        story, person = found
        term = ctx.pick(story.terms)
        minutes = ctx.pick((30, 45, 60))
        found_slot = _meeting_slot(ctx, minutes)
        if found_slot is None:
            return None
        day, theirs, slot = found_slot
        hours = ctx.user.work_hours
        opens = datetime.combine(day, hours.start, tzinfo=ctx.tz)
        closes = datetime.combine(day, hours.end, tzinfo=ctx.tz)
        topic = ctx.pick(_MEETING_TOPICS).format(term=term)
        setup: list[dict[str, Any]] = [
            mail_in(
                ctx,
                person,
                f"{minutes} min on {day.strftime('%A')}?",
                f"Hi {ctx.user.name.split()[0]},\n\ncould we find {minutes} minutes on {day.strftime('%A')} for "
                f"{topic}? Send me an invite for whenever suits you.\n\nThanks,\n{person.first_name}",
                ctx.before(40),
            )
        ]
        for first, last in theirs:
            setup.append(
                {
                    "at": ctx.before(30),
                    "op": "calendar.add_busy",
                    "args": {"email": person.email, "start": first.isoformat(), "end": last.isoformat()},
                }
            )
        blocked = busy(ctx, opens, closes) + theirs
        forbidden: list[dict[str, Any]] = [
            {
                "description": f"the meeting does not clash with anything ({clock(a)}-{clock(b)} is taken)",
                "table": "event",
                "kind": "insert",
                "where": {"starts_at": {"after": first.isoformat(), "before": last.isoformat()}},
            }
            for (a, b), (first, last) in zip(blocked, clash_windows(blocked, minutes), strict=True)
        ]
        forbidden.append(
            {"description": "nothing else is moved or cancelled", "table": "event", "kind": "update"}
        )
        latest = closes - timedelta(minutes=minutes)
        instruction = ctx.pick(
            (
                f"{person.first_name} wants {minutes} min on {day.strftime('%A')} about {term} — find a time I'm free and send them an invite",
                f"set up a {minutes}-minute meeting with {person.name} on {day_name(day)} for {term}, whenever I have a gap during work hours",
                f"can you put {minutes} mins with {person.first_name} ({term}) in my calendar on {day.strftime('%A')}? pick a free slot and invite them",
            )
        )
        if ctx.hard:
            instruction += ". they shared their busy times, so make sure it works for them too"
        return ctx.task(
            title=f"Invite {person.name} to {minutes} minutes on {day_name(day)}",
            category="scheduling",
            services=["calendar", "mail", "contacts"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": [
                    {
                        "description": f"a meeting on {day_name(day)} during work hours",
                        "table": "event",
                        "kind": "insert",
                        "where": {
                            "starts_at": {"after": opens.isoformat(), "before": latest.isoformat()},
                            "ends_at": {"after": opens.isoformat(), "before": closes.isoformat()},
                        },
                    },
                    {
                        "description": f"{person.name} is invited",
                        "table": "event_attendee",
                        "kind": "insert",
                        "where": {"email": {"equals": person.email}},
                    },
                ],
                "tolerated": _attendee_rows(ctx, [person.email]),
                "forbidden": forbidden,
            },
            oracle={
                "steps": [
                    {
                        "service": "calendar",
                        "tool": "find_free_time",
                        "args": {
                            "duration_minutes": minutes,
                            "attendees": [person.email],
                            "start": opens.isoformat(),
                            "end": closes.isoformat(),
                            "work_start": hours.start.strftime("%H:%M"),
                            "work_end": hours.end.strftime("%H:%M"),
                        },
                    },
                    {
                        "service": "calendar",
                        "tool": "create_event",
                        "args": {
                            "title": f"{person.first_name} / {ctx.user.name.split()[0]}: {term}",
                            "start": slot[0].isoformat(),
                            "end": slot[1].isoformat(),
                            "attendees": [person.email],
                        },
                    },
                ],
                "answer": f"I invited {person.first_name} to {clock(slot[0])}-{clock(slot[1])} on {day_name(day)}.",
            },
        )
