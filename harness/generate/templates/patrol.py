"""Patrol templates: the user asks to look around and put right what needs it — a duplicate contact, two
invitations that clash, confirmation requests still unanswered, a question in a group thread left hanging."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from fixtures.persona import Storyline
from harness.generate.base import Context, Person
from harness.generate.builders import (
    YES,
    Where,
    change,
    column_of,
    equals,
    expect,
    forbid,
    includes,
    not_empty,
    one_of,
    other_than,
    refers_to,
    regex,
    reply_marks,
    result,
    step,
    tolerate,
    unquoted,
)
from harness.generate.templates._calendar import Interval, free_hours
from harness.generate.templates._setup import (
    Outsider,
    create_contact,
    receive_email,
    receive_invitation,
    reply_to_email,
    send_chat_message,
)
from harness.generate.templates._world import (
    DAY,
    Group,
    clock_text,
    contact_addresses,
    day_text,
    future_slot,
    groups,
    keyword,
    misspelt,
    slug,
    terms,
    user_addresses,
    weekday,
)
from harness.tasks.model import Category, Expectations, Oracle, OracleStep, Task
from state.history import HistoryEvent

_DOMAINS = ("gmail.com", "outlook.com", "posteo.net", "icloud.com")


class MergeDuplicateContact:
    """A duplicate of a contact, its last name misspelt, appeared this weekend: delete it, keep the real
    one. Hard: the user does not say who, and the copy has an address the real one lacks, to keep."""

    id: ClassVar[str] = "patrol-merge-duplicate-contact"
    category: ClassVar[Category] = "patrol"

    def make(self, ctx: Context) -> Task | None:
        shared = contact_addresses(ctx, shared=True)
        people = [(p, misspelt(p.name)) for p in ctx.people(with_email=True) if p.email.lower() not in shared]
        usable = [(p, t) for p, t in people if t is not None]
        if not usable:
            return None
        person, typo = ctx.pick(usable)
        real = ctx.key_row(f"contact-{person.key}")
        if real is None or ctx.row("SELECT 1 FROM contact WHERE name = ?", typo):
            return None
        local = slug(person.name).replace("-", ".")
        taken = contact_addresses(ctx, shared=False)
        fresh = [f"{local}@{domain}" for domain in _DOMAINS if f"{local}@{domain}" not in taken]
        if not fresh:
            return None
        extra = ctx.pick(fresh)
        return ctx.task(
            title=f"Merge the duplicate contact of {person.name}",
            category=self.category,
            services=["contacts"],
            setup=[self._copy(ctx, person, typo, extra)],
            instruction=self._instruction(ctx, person, typo, bool(shared)),
            expect=self._expect(ctx, person, typo, extra),
            oracle=self._oracle(ctx, person, typo, extra, real),
        )

    def _copy(self, ctx: Context, person: Person, typo: str, extra: str) -> HistoryEvent:
        """The misspelt copy, added a day or two ago (hard: with ``extra``, an address the real one lacks)."""
        emails = [person.email, extra] if ctx.hard else [person.email]
        phone = next((p.phone for p in ctx.persona.people if p.id == person.key and p.phone), "")
        at = ctx.before(ctx.rng.randrange(DAY, 3 * DAY))
        return create_contact(
            at, typo, emails, [phone] if phone else [], person.organization, ctx.key("duplicate")
        )

    def _instruction(self, ctx: Context, person: Person, typo: str, shared: bool) -> str:
        """``shared``: the world has a duplicate of its own, so the hard instruction says whose copy is meant."""
        if not ctx.hard:
            return ctx.pick(
                (
                    f"{person.first_name} shows up twice in my contacts now, one spelt '{typo}'. delete the duplicate, keep the real one",
                    f"clean up my contacts: '{typo}' is a misspelt copy of {person.name}. remove it",
                )
            )
        instruction = ctx.pick(
            (
                "I think my phone created a duplicate in my contacts in the last few days. merge it into the original — keep the real entry, but don't lose anything the copy has that the original doesn't",
                "there's a duplicate contact somewhere since the weekend. clean it up: keep the original, move over any extra details from the copy, then delete the copy",
            )
        )
        return instruction + (f" (it's {person.first_name}'s)" if shared else "")

    def _expect(self, ctx: Context, person: Person, typo: str, extra: str) -> Expectations:
        contact = f"contact-{person.key}"
        changes = [
            change("delete", "contact", f"the duplicate '{typo}' is removed", key=ctx.key("duplicate"))
        ]
        if ctx.hard:
            where = {"contact_id": refers_to(contact), "value": equals(extra)}
            description = f"{extra} is kept on {person.name}'s contact"
            changes.append(change("insert", "contact_point", description, where=where))
        return expect(
            changes=changes,
            tolerated=[
                tolerate("delete", "contact_point", where={"contact_id": refers_to(ctx.key("duplicate"))}),
                tolerate("update", "contact", key=contact),
                tolerate("insert", "contact_point", where={"contact_id": refers_to(contact)}),
            ],
            forbidden=[
                forbid("delete", "contact", f"the real {person.name} stays", key=contact),
                forbid("delete", "contact", "no other contact is deleted", where={"name": other_than(typo)}),
            ],
        )

    def _oracle(self, ctx: Context, person: Person, typo: str, extra: str, real: str) -> Oracle:
        steps = [
            step("contacts", "search_contacts", query=person.email),
            step("contacts", "search_contacts", query=typo, save="dup"),
        ]
        if ctx.hard:
            steps.append(step("contacts", "update_contact", contact_id=real, add_emails=[extra]))
        steps.append(step("contacts", "delete_contact", contact_id=result("dup.items.0.id")))
        return Oracle(steps=steps, answer=f"I removed the duplicate '{typo}' and kept {person.name}.")


_VENDORS = ("Brightwave", "Cloudnest", "Datafy", "Meetly", "Growthpath")


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
        host = people[ctx.pick([k for k in story.people if k in people])]
        slot, *others = ctx.sample(hours, 3 if ctx.hard else 1)
        vendor = ctx.pick(_VENDORS)
        events = Outsider(f"{vendor} Events", f"events@{vendor.lower()}.com")
        important = f"{story.title}: {ctx.pick(story.terms)} review"
        webinar, quarter = f"Webinar: {vendor} product tour (optional)", timedelta(minutes=15)
        setup = [
            receive_invitation(ctx, ctx.before(40), host, important, slot, ctx.key("meeting")),
            receive_invitation(
                ctx, ctx.before(25), events, webinar, (slot[0] + quarter, slot[1]), ctx.key("webinar")
            ),
            *self._unrelated(ctx, story, list(people.values()), others),
        ]
        answer = f"{important} and the {vendor} webinar overlapped at {clock_text(slot[0])} on {day_text(slot[0])}: I declined the webinar and accepted {host.first_name}'s meeting."
        return ctx.task(
            title=f"Resolve the clash between {important} and a webinar",
            category=self.category,
            services=["calendar", "mail"],
            instruction=self._instruction(ctx, slot),
            setup=setup,
            expect=self._expect(ctx, host, events.email, len(others)),
            oracle=Oracle(steps=self._steps(important, slot), answer=answer),
        )

    def _unrelated(
        self, ctx: Context, story: Storyline, people: list[Person], slots: list[Interval]
    ) -> list[HistoryEvent]:
        """Invitations from colleagues that clash with nothing (hard)."""
        found: list[HistoryEvent] = []
        for index, slot in enumerate(slots):
            colleague = ctx.pick(people)
            title = f"{ctx.pick(story.terms).capitalize()} catch-up"
            found.append(
                receive_invitation(
                    ctx, ctx.before(30 - index), colleague, title, slot, ctx.key(f"other-{index}")
                )
            )
        return found

    def _instruction(self, ctx: Context, slot: Interval) -> str:
        if ctx.hard:
            return ctx.pick(
                (
                    "go through the invitations that came in this morning. if two of them clash, decline the less important one with a short note why and accept the other. leave the rest for me",
                    "check this morning's calendar invites for clashes — where two overlap, keep the one that matters (accept it) and decline the other with a quick note. don't answer the others",
                )
            )
        return ctx.pick(
            (
                f"I got two invitations for {day_text(slot[0])} around {clock_text(slot[0])} that overlap. accept the real meeting and decline the other one",
                f"two invites clash on {weekday(slot[0])} at {clock_text(slot[0])} — decline the less important one and say yes to the other",
            )
        )

    def _expect(self, ctx: Context, host: Person, vendor_address: str, others: int) -> Expectations:
        mine = one_of(user_addresses(ctx))
        declined: Where = {
            "event_id": refers_to(ctx.key("webinar")),
            "email": mine,
            "response": equals("declined"),
        }
        if ctx.hard:
            declined["comment"] = not_empty()
        accepted = {"event_id": refers_to(ctx.key("meeting")), "email": mine, "response": equals("accepted")}
        alone = "the invitations that clash with nothing are left alone"
        unrelated = [{"event_id": refers_to(ctx.key(f"other-{i}"))} for i in range(others)]
        return expect(
            changes=[
                change("update", "event_attendee", "the optional webinar is declined", where=declined),
                change("update", "event_attendee", f"{host.name}'s meeting is accepted", where=accepted),
            ],
            tolerated=[
                tolerate("update", "event", columns=["sequence", "updated_at"]),
                tolerate("insert", "mail_message", where={"to_addresses": includes(host.email)}),
                tolerate("insert", "mail_message", where={"to_addresses": includes(vendor_address)}),
            ],
            forbidden=[
                forbid("delete", "event", "no event is deleted or cancelled"),
                *(forbid("update", "event_attendee", alone, where=other) for other in unrelated),
            ],
        )

    def _steps(self, important: str, slot: Interval) -> list[OracleStep]:
        span = {"start": slot[0].isoformat(), "end": slot[1].isoformat()}
        web, meet = result("web.items.0.event_id"), result("meet.items.0.event_id")
        note = f"Sorry, this clashes with {important}."
        return [
            step("calendar", "list_calendar_invitations"),
            step("calendar", "search_events", query="webinar", **span, save="web"),
            step("calendar", "respond_to_invitation", event_id=web, response="declined", comment=note),
            step("calendar", "search_events", query=important, **span, save="meet"),
            step("calendar", "respond_to_invitation", event_id=meet, response="accepted"),
        ]


_ASKS = (
    "Can you confirm {day} for {term}?",
    "Please confirm: {term} on {day}",
    "Confirm you're still OK with {term} ({day})?",
)


class UnansweredConfirmations:
    """People asked the user by mail in the last days to confirm something; confirm each one not yet
    answered. One was already answered and must not get a second reply. Hard: three waiting, spread over
    four days, and a service mail asking to "confirm" that is not a person's request."""

    id: ClassVar[str] = "patrol-unanswered-confirmations"
    category: ClassVar[Category] = "patrol"

    def make(self, ctx: Context) -> Task | None:
        waiting_count = 3 if ctx.hard else 2
        people = ctx.people(with_email=True)
        every_term = list(dict.fromkeys(t for s in ctx.persona.storylines for t in terms(s)))
        if len(people) < waiting_count + 1 or len(every_term) < waiting_count + 1:
            return None
        chosen = ctx.sample(people, waiting_count + 1)
        topics = ctx.sample(every_term, waiting_count + 1)
        setup = self._setup(ctx, chosen, topics)
        window = "the last four days" if ctx.hard else "the last couple of days"
        instruction = ctx.pick(
            (
                f"has anyone asked me to confirm something by mail in {window} that I haven't answered? confirm it for me — yes to all of them",
                f"go through my mail from {window}: people waiting on a confirmation from me get a yes",
                f"reply yes to everyone who asked me to confirm something in {window} and is still waiting",
            )
        )
        waiting, answered = chosen[:waiting_count], chosen[-1]
        return ctx.task(
            title="Confirm the requests still waiting on the user",
            category=self.category,
            services=["mail", "contacts"],
            instruction=instruction,
            setup=setup,
            expect=self._expect(ctx, waiting, answered),
            oracle=self._oracle(ctx, waiting, topics, answered),
        )

    def _setup(self, ctx: Context, chosen: list[Person], topics: list[str]) -> list[HistoryEvent]:
        """A request from each of ``chosen`` over the last days, the last one already answered (hard: and a
        service's automatic "confirm" mail)."""
        setup: list[HistoryEvent] = []
        last = len(chosen) - 1
        for index, (person, term) in enumerate(zip(chosen, topics, strict=True)):
            subject = ctx.pick(_ASKS).format(day=day_text(future_slot(ctx, 2 + index, 10)), term=term)
            minutes = (index + 1) * DAY * (1.1 if ctx.hard else 0.6) + 17 if index < last else 0.7 * DAY
            body = f"Hi,\n\n{subject} I need to know so I can plan around it.\n\nThanks,\n{person.first_name}"
            setup.append(
                receive_email(ctx, ctx.before(minutes), person, subject, body, key=ctx.key(f"ask-{index}"))
            )
        setup.append(reply_to_email(ctx.before(DAY * 0.3), ctx.key(f"ask-{last}"), "Yes, confirmed!"))
        if ctx.hard:
            service = Outsider("Example Cloud", "no-reply@accounts.example-cloud.com")
            body = "Click the link to confirm your email address. If this wasn't you, ignore this mail."
            subject = "Please confirm your email address"
            setup.append(
                receive_email(ctx, ctx.before(DAY * 0.8), service, subject, body, key=ctx.key("service"))
            )
        return setup

    def _expect(self, ctx: Context, waiting: list[Person], answered: Person) -> Expectations:
        yes = {"body": regex(unquoted(YES)), "draft": equals(False)}
        changes = [
            change(
                "insert",
                "mail_message",
                f"{person.name} gets a yes",
                where=self._reply(ctx, index, person) | yes,
            )
            for index, person in enumerate(waiting)
        ]
        again = f"no second reply to {answered.name}, who already has one"
        automatic = {"to_addresses": regex("no-?reply")}
        return expect(
            changes=changes,
            tolerated=[reply_marks(ctx.key(f"ask-{i}")) for i in range(len(waiting) + 1)],
            forbidden=[
                forbid("insert", "mail_message", again, where={"to_addresses": includes(answered.email)}),
                forbid("delete", "mail_message", "nothing deleted"),
                forbid("insert", "mail_message", "no reply to an automatic mail", where=automatic),
            ],
        )

    def _reply(self, ctx: Context, index: int, person: Person) -> Where:
        """A reply to the ``index``-th request, from ``person``."""
        return {
            "in_reply_to": column_of(ctx.key(f"ask-{index}"), "message_id"),
            "to_addresses": includes(person.email),
        }

    def _oracle(self, ctx: Context, waiting: list[Person], topics: list[str], answered: Person) -> Oracle:
        steps = [step("mail", "search_emails", query="confirm", folder="Inbox")]
        for index, (person, term) in enumerate(zip(waiting, topics, strict=False)):
            body = f"Hi {person.first_name},\n\nyes, confirmed.\n\n{ctx.user_first_name}"
            query = f"confirm {keyword(term)}"
            steps += [
                step("mail", "search_emails", query=query, sender=person.email, save=f"ask{index}"),
                step("mail", "reply_to_email", email_id=result(f"ask{index}.items.0.id"), body=body),
            ]
        confirmed = ", ".join(p.first_name for p in waiting)
        return Oracle(
            steps=steps, answer=f"I confirmed to {confirmed}; {answered.first_name} already had a yes."
        )


@dataclass(frozen=True)
class _Thread:
    group: Group
    asker: Person
    chaser: Person
    other: Person
    """Someone else in the group, asked something that is not the user's to answer (hard)."""
    term: str
    done_term: str
    other_term: str
    day: str


class OverdueThreadReply:
    """Someone asked the user a question in a group chat days ago, in a thread another member chased;
    answer it in that thread. Hard: the user already answered another question in the same chat, and a
    question to someone else is not the user's to answer."""

    id: ClassVar[str] = "patrol-overdue-thread-reply"
    category: ClassVar[Category] = "patrol"

    def make(self, ctx: Context) -> Task | None:
        found = [g for g in groups(ctx) if len(g.members) >= 3]
        every_term = list(dict.fromkeys(t for s in ctx.persona.storylines for t in terms(s)))
        if not found or len(every_term) < 3:
            return None
        group = ctx.pick(found)
        asker, chaser, other = ctx.sample(group.members, 3)
        term, done_term, other_term = ctx.sample(every_term, 3)
        thread = _Thread(
            group, asker, chaser, other, term, done_term, other_term, weekday(future_slot(ctx, 2, 10))
        )
        instruction = ctx.pick(
            (
                f"is anyone in {group.name} still waiting for an answer from me? if it's about {term}, it's a yes — answer in the thread",
                f"did I leave a question hanging in {group.name}? reply in its thread: yes, I can do it",
                f"check {group.name} for questions to me I never answered and say yes in the thread",
            )
        )
        return ctx.task(
            title=f"Answer the question left hanging in {group.name}",
            category=self.category,
            services=["messaging"],
            instruction=instruction,
            setup=self._setup(ctx, thread),
            expect=self._expect(ctx, thread),
            oracle=self._oracle(thread),
        )

    def _setup(self, ctx: Context, thread: _Thread) -> list[HistoryEvent]:
        """The question and a chaser in its thread (hard: a question the user answered, one to someone else)."""
        me, chat, workspace = ctx.user_first_name, thread.group.conversation, thread.group.workspace
        asker, chaser = thread.asker.handles[workspace], thread.chaser.handles[workspace]
        ask = f"@{me} can you take {thread.term} on {thread.day}?"
        chase = f"+1, {me} — we need to know for the plan"
        setup = [
            send_chat_message(ctx.before(2.5 * DAY), chat, ask, sender=asker, key=ctx.key("question")),
            send_chat_message(ctx.before(1.2 * DAY), chat, chase, sender=chaser, thread=ctx.key("question")),
        ]
        if ctx.hard:
            done = f"@{me} are you around for {thread.done_term} later this week?"
            not_mine = f"@{thread.other.first_name} could you look at {thread.other_term}?"
            setup += [
                send_chat_message(ctx.before(2 * DAY), chat, done, sender=chaser, key=ctx.key("done")),
                send_chat_message(ctx.before(1.9 * DAY), chat, "yes, count me in", thread=ctx.key("done")),
                send_chat_message(ctx.before(DAY), chat, not_mine, sender=asker, key=ctx.key("not-mine")),
            ]
        return setup

    def _expect(self, ctx: Context, thread: _Thread) -> Expectations:
        group, done_term, other = thread.group, thread.done_term, thread.other
        where = {
            "thread_parent_id": refers_to(ctx.key("question")),
            "sender_handle": equals(group.user_handle),
            "text": regex(f"(?i){YES}|can do|i.?ll take"),
        }
        elsewhere = {"conversation_id": other_than(group.row_id)}
        forbidden = [
            forbid("insert", "chat_message", "nothing posted in other conversations", where=elsewhere)
        ]
        if ctx.hard:
            done, not_mine = refers_to(ctx.key("done")), refers_to(ctx.key("not-mine"))
            forbidden += [
                forbid(
                    "insert",
                    "chat_message",
                    f"no second answer about {done_term}",
                    where={"thread_parent_id": done},
                ),
                forbid(
                    "insert",
                    "chat_message",
                    f"no answer for {other.first_name}",
                    where={"thread_parent_id": not_mine},
                ),
            ]
        yes = change(
            "insert", "chat_message", f"a yes to {thread.asker.name} in the thread", at_least=1, where=where
        )
        return expect(changes=[yes], tolerated=[tolerate("insert", "chat_reaction")], forbidden=forbidden)

    def _oracle(self, thread: _Thread) -> Oracle:
        group, asker, term, day = thread.group, thread.asker, thread.term, thread.day
        chat = {"conversation_id": group.name, "workspace": group.workspace}
        sender, text = (
            asker.handles[group.workspace],
            f"Sorry for the wait — yes, I can take {term} on {day}.",
        )
        steps = [
            step(
                "messaging", "search_chat_messages", query=f"take {term}", **chat, sender=sender, save="found"
            ),
            step("messaging", "send_chat_message", thread_id=result("found.items.0.id"), text=text),
        ]
        answer = f"{asker.first_name} asked whether you can take {term} on {day}; I said yes in the thread."
        return Oracle(steps=steps, answer=answer)
