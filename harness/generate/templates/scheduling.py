"""Scheduling templates: skip one occurrence of a routine, meet someone in a free slot, make room for an
invitation by moving one's own block."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import ClassVar

from harness.generate.base import Context, Person
from harness.generate.builders import (
    between,
    change,
    equals,
    expect,
    forbid,
    includes,
    one_of,
    refers_to,
    regex,
    result,
    step,
    tolerate,
)
from harness.generate.templates._calendar import (
    Interval,
    at_clock,
    block_and_move,
    busy,
    clash_windows,
    first_slot,
    free_gaps,
    next_occurrence,
    next_work_days,
    own_routines,
)
from harness.generate.templates._setup import add_busy, create_event, receive_email, receive_invitation
from harness.generate.templates._world import (
    DAY,
    clock_text,
    day_text,
    story_person,
    user_addresses,
    weekday,
)
from harness.tasks.model import (
    Category,
    Expectations,
    Oracle,
    OracleStep,
    RowPattern,
    Task,
)
from state.clock import to_db
from state.history import HistoryEvent

_CANCELLED = {"status": equals("cancelled")}


@dataclass(frozen=True)
class _Session:
    """The next session of one of the user's own routines."""

    routine: str
    title: str
    row_id: str
    when: datetime

    @property
    def spoken(self) -> str:
        return f"{self.title} on {day_text(self.when)} ({clock_text(self.when)})"


class SkipRoutineOccurrence:
    """The user cannot make the next session of one of their own routines: cancel just that occurrence.
    Hard: two routines, each with its next session off, and neither series may be touched otherwise."""

    id: ClassVar[str] = "scheduling-skip-occurrence"
    category: ClassVar[Category] = "scheduling"

    def make(self, ctx: Context) -> Task | None:
        sessions = [
            _Session(routine, title, row_id, when)
            for routine, title, row_id in own_routines(ctx)
            if (when := next_occurrence(ctx, row_id)) is not None
        ]
        count = 2 if ctx.hard else 1
        if len(sessions) < count:
            return None
        chosen = ctx.sample(sessions, count)
        what = " and ".join(session.spoken for session in chosen)
        instruction = ctx.pick(
            (
                f"I can't make {what}. take just {'those' if ctx.hard else 'that'} out of my calendar, the rest stays",
                f"please cancel {what} — only {'those' if ctx.hard else 'that one'}, not the whole series",
                f"skip {what} for me in the calendar. just this once",
            )
        )
        return ctx.task(
            title=f"Skip {what}",
            category=self.category,
            services=["calendar"],
            instruction=instruction,
            expect=self._expect(chosen),
            oracle=Oracle(
                steps=self._steps(chosen), answer=f"I cancelled only {what}; the rest of the series stays."
            ),
        )

    def _expect(self, chosen: list[_Session]) -> Expectations:
        columns = ["exdates", "updated_at", "sequence"]
        return expect(
            changes=[
                change(
                    "update",
                    "event",
                    f"only the {day_text(s.when)} occurrence of {s.title} is cancelled",
                    key=f"routine-{s.routine}",
                    columns=columns,
                    where={"exdates": includes(to_db(s.when))},
                )
                for s in chosen
            ],
            tolerated=[tolerate("insert", "mail_message", where={"subject": regex("(?i)cancel")})],
            forbidden=[
                *(
                    forbid(
                        "update",
                        "event",
                        f"the {s.title} series itself is not cancelled",
                        key=f"routine-{s.routine}",
                        where=_CANCELLED,
                    )
                    for s in chosen
                ),
                forbid("update", "event", "nothing else is cancelled", where=_CANCELLED),
                forbid("delete", "event", "nothing is deleted"),
            ],
        )

    def _steps(self, chosen: list[_Session]) -> list[OracleStep]:
        steps: list[OracleStep] = []
        for s in chosen:
            start, end = s.when.isoformat(), (s.when + timedelta(hours=1)).isoformat()
            steps += [
                step("calendar", "search_events", query=s.title, start=start, end=end),
                step("calendar", "cancel_event", event_id=s.row_id, scope="instance", instance_start=start),
            ]
        return steps


_MEETING_TOPICS = ("a quick sync on {term}", "{term}", "next steps on {term}")


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


@dataclass(frozen=True)
class _Meeting:
    person: Person
    term: str
    minutes: int
    day: date
    slot: Interval


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
        meeting = _Meeting(person, term, minutes, day, slot)
        topic = ctx.pick(_MEETING_TOPICS).format(term=term)
        body = (
            f"Hi {ctx.user_first_name},\n\ncould we find {minutes} minutes on {weekday(day)} for "
            f"{topic}? Send me an invite for whenever suits you.\n\nThanks,\n{person.first_name}"
        )
        setup = [receive_email(ctx, ctx.before(40), person, f"{minutes} min on {weekday(day)}?", body)]
        setup += [add_busy(ctx.before(30), person.email, span) for span in theirs]
        work = (at_clock(ctx, day, ctx.user.work_hours.start), at_clock(ctx, day, ctx.user.work_hours.end))
        instruction = ctx.pick(
            (
                f"{person.first_name} wants {minutes} min on {weekday(day)} about {term} — find a time I'm free and send them an invite",
                f"set up a {minutes}-minute meeting with {person.name} on {day_text(day)} for {term}, whenever I have a gap during work hours",
                f"can you put {minutes} mins with {person.first_name} ({term}) in my calendar on {weekday(day)}? pick a free slot and invite them",
            )
        )
        if ctx.hard:
            instruction += ". they shared their busy times, so make sure it works for them too"
        return ctx.task(
            title=f"Invite {person.name} to {minutes} minutes on {day_text(day)}",
            category=self.category,
            services=["calendar", "mail", "contacts"],
            instruction=instruction,
            setup=setup,
            expect=self._expect(ctx, meeting, work, busy(ctx, *work) + theirs),
            oracle=self._oracle(ctx, meeting, work),
        )

    def _expect(
        self, ctx: Context, meeting: _Meeting, work: Interval, blocked: list[Interval]
    ) -> Expectations:
        opens, closes = work[0].isoformat(), work[1].isoformat()
        latest = (work[1] - timedelta(minutes=meeting.minutes)).isoformat()
        person = meeting.person
        forbidden = [
            forbid(
                "insert",
                "event",
                f"the meeting does not clash with anything ({clock_text(a)}-{clock_text(b)} is taken)",
                where={"starts_at": between(first.isoformat(), last.isoformat())},
            )
            for (a, b), (first, last) in zip(blocked, clash_windows(blocked, meeting.minutes), strict=True)
        ]
        forbidden.append(forbid("update", "event", "nothing else is moved or cancelled"))
        where = {"starts_at": between(opens, latest), "ends_at": between(opens, closes)}
        return expect(
            changes=[
                change(
                    "insert", "event", f"a meeting on {day_text(meeting.day)} during work hours", where=where
                ),
                change(
                    "insert",
                    "event_attendee",
                    f"{person.name} is invited",
                    where={"email": equals(person.email)},
                ),
            ],
            tolerated=_attendee_rows(ctx, person.email),
            forbidden=forbidden,
        )

    def _oracle(self, ctx: Context, meeting: _Meeting, work: Interval) -> Oracle:
        person, slot, hours = meeting.person, meeting.slot, ctx.user.work_hours
        steps = [
            step(
                "calendar",
                "find_free_time",
                duration_minutes=meeting.minutes,
                attendees=[person.email],
                start=work[0].isoformat(),
                end=work[1].isoformat(),
                work_start=hours.start.strftime("%H:%M"),
                work_end=hours.end.strftime("%H:%M"),
            ),
            step(
                "calendar",
                "create_event",
                title=f"{person.first_name} / {ctx.user_first_name}: {meeting.term}",
                start=slot[0].isoformat(),
                end=slot[1].isoformat(),
                attendees=[person.email],
            ),
        ]
        answer = f"I invited {person.first_name} to {clock_text(slot[0])}-{clock_text(slot[1])} on {day_text(meeting.day)}."
        return Oracle(steps=steps, answer=answer)


def _attendee_rows(ctx: Context, email: str) -> list[RowPattern]:
    """What inviting ``email`` to a new event adds besides the event: attendees, reminders, the invitation."""
    return [
        tolerate("insert", "event_attendee", where={"email": one_of([email, *user_addresses(ctx)])}),
        tolerate("insert", "event_reminder"),
        tolerate("insert", "mail_message", where={"to_addresses": includes(email)}),
    ]


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
        block = ctx.pick((f"Focus: {term}", f"Prep {term}", f"Deep work — {term}"))
        invite = f"{story.title}: {ctx.pick(story.terms)}"
        setup: list[HistoryEvent] = [
            create_event(ctx.before(3 * DAY), block, meeting, key=ctx.key("block")),
            receive_invitation(ctx, ctx.before(50), person, invite, meeting, ctx.key("invite")),
        ]
        where = (
            f"to {clock_text(moved[0])}"
            if not ctx.hard
            else "to the first free hour after the meeting that day"
        )
        instruction = ctx.pick(
            (
                f"accept {person.first_name}'s invite for {invite} and move my '{block}' block {where}",
                f"{person.first_name} invited me to {invite} on {weekday(day)} — say yes, and shift my {block} slot {where}",
            )
        )
        answer = f"Accepted {invite} and moved {block} to {clock_text(moved[0])}-{clock_text(moved[1])}."
        return ctx.task(
            title=f"Accept {person.name}'s invitation and move the clashing block",
            category=self.category,
            services=["calendar"],
            instruction=instruction,
            setup=setup,
            expect=self._expect(ctx, person, block, (earliest, start), moved),
            oracle=Oracle(steps=self._steps(block, invite, meeting, moved), answer=answer),
        )

    def _expect(
        self, ctx: Context, person: Person, block: str, window: Interval, moved: Interval
    ) -> Expectations:
        """``window``: when the moved block may start (the first free hour may open off the quarter hour)."""
        hour = timedelta(minutes=60)
        accepted = {
            "event_id": refers_to(ctx.key("invite")),
            "email": one_of(user_addresses(ctx)),
            "response": equals("accepted"),
        }
        moved_to = {
            "starts_at": between(window[0].isoformat(), window[1].isoformat()),
            "ends_at": between((window[0] + hour).isoformat(), moved[1].isoformat()),
        }
        description = f"the {block} block moves to {clock_text(moved[0])}-{clock_text(moved[1])}"
        return expect(
            changes=[
                change(
                    "update",
                    "event_attendee",
                    f"the invitation from {person.name} is accepted",
                    where=accepted,
                ),
                change("update", "event", description, key=ctx.key("block"), where=moved_to),
            ],
            tolerated=[
                tolerate("update", "event", key=ctx.key("invite"), columns=["sequence", "updated_at"]),
                tolerate("insert", "mail_message", where={"to_addresses": includes(person.email)}),
            ],
            forbidden=[
                forbid("delete", "event", "nothing is deleted"),
                forbid("update", "event", "the block is not cancelled", where=_CANCELLED),
            ],
        )

    def _steps(self, block: str, invite: str, meeting: Interval, moved: Interval) -> list[OracleStep]:
        span = {"start": meeting[0].isoformat(), "end": meeting[1].isoformat()}
        return [
            step("calendar", "search_events", query=block, **span, save="block"),
            step("calendar", "search_events", query=invite, **span, save="invites"),
            step(
                "calendar",
                "respond_to_invitation",
                event_id=result("invites.items.0.event_id"),
                response="accepted",
            ),
            step(
                "calendar",
                "update_event",
                event_id=result("block.items.0.event_id"),
                start=moved[0].isoformat(),
                end=moved[1].isoformat(),
            ),
        ]
