"""Retrieval templates: a fact from weeks ago, in a mail, a chat or a file, told back to the user."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from fixtures.persona import Person as PersonaPerson
from fixtures.persona import Storyline
from harness.generate.base import Context, Person
from harness.generate.builders import answer_lacks, answer_matches, expect, forbid, result, step
from harness.generate.templates._setup import receive_email, send_chat_message, write_file
from harness.generate.templates._world import DAY, document_folders, home, story_folder
from harness.tasks.model import AnswerCheck, Category, Forbidden, Oracle, Task
from state.history import HistoryEvent

_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_MAIL_FACTS: tuple[tuple[str, Callable[[random.Random], str]], ...] = (
    ("PO number", lambda r: f"PO-{r.randrange(10000, 99999)}"),
    (
        "booking reference",
        lambda r: "".join(r.choice(_LETTERS) for _ in range(3)) + str(r.randrange(100, 999)),
    ),
    ("ticket number", lambda r: f"#{r.randrange(10000, 99999)}"),
    ("access code", lambda r: str(r.randrange(1000, 9999))),
)
_CHAT_FACTS: tuple[tuple[str, Callable[[random.Random], str]], ...] = (
    ("the key box code", lambda r: str(r.randrange(1000, 9999))),
    (
        "the wifi password at the holiday flat",
        lambda r: f"{r.choice(('sunny', 'otter', 'maple', 'river'))}{r.randrange(100, 999)}",
    ),
    ("the bike lock combination", lambda r: str(r.randrange(100, 999))),
    ("the gate code", lambda r: f"{r.randrange(1000, 9999)}#"),
)
_NO_MAIL_SENT = forbid("insert", "mail_message", "nothing is sent by mail")
_NO_MAIL_DELETED = forbid("delete", "mail_message", "no mail is deleted")
_NO_CHAT_POST = forbid("insert", "chat_message", "nothing is posted in chat")
_NO_FILE_CHANGED = forbid("update", "file_node", "no file is changed")


def _exact(value: str) -> str:
    return rf"(?<![\w-]){re.escape(value)}(?![\w-])"


def _weeks_ago(ctx: Context, low: int, high: int) -> str:
    """An event time between ``low`` and ``high`` days before the cut-off."""
    return ctx.before(ctx.rng.randrange(low * DAY, high * DAY))


def _story_people(ctx: Context) -> tuple[Storyline, list[Person]] | None:
    """A storyline (a work one if any) with two or more people with an address, and those people."""
    people = {p.key: p for p in ctx.people(with_email=True)}
    stories = [s for s in ctx.persona.storylines if sum(k in people for k in s.people) >= 2]
    stories = [s for s in stories if s.kind == "work"] or stories
    if not stories:
        return None
    story = ctx.pick(stories)
    return story, [people[k] for k in story.people if k in people]


@dataclass(frozen=True)
class _MailFact:
    sender: Person
    other: Person
    """Someone else in the storyline, who asks about it later (hard)."""
    term: str
    decoy_term: str
    label: str
    value: str
    decoy: str
    """The same kind of reference for ``decoy_term`` (hard)."""


class FactInOldMail:
    """A reference someone mailed weeks ago. Hard: older still, the sender is not named, and the same
    person sent the same kind of reference for another topic (a value the answer must not give)."""

    id: ClassVar[str] = "retrieval-fact-in-old-mail"
    category: ClassVar[Category] = "retrieval"

    def make(self, ctx: Context) -> Task | None:
        found = _story_people(ctx)
        if found is None:
            return None
        story, people = found
        sender, other = ctx.sample(people, 2)
        term, decoy_term = ctx.sample(story.terms, 2)
        label, make = ctx.pick(_MAIL_FACTS)
        fact = _MailFact(sender, other, term, decoy_term, label, make(ctx.rng), make(ctx.rng))
        if fact.decoy == fact.value:
            return None
        setup = self._setup(ctx, fact)
        answer = [answer_matches(f"the {label}", _exact(fact.value))]
        if ctx.hard:
            answer.append(answer_lacks(f"not the {label} for {decoy_term}", fact.decoy))
        steps = [
            step("mail", "search_emails", query=f"{term} {label}", save="found"),
            step("mail", "read_email", email_id=result("found.items.0.id")),
        ]
        return ctx.task(
            title=f"Find the {label} for {term}",
            category=self.category,
            services=["mail", "contacts"],
            instruction=self._instruction(ctx, fact),
            setup=setup,
            expect=expect(answer=answer, forbidden=[_NO_MAIL_SENT, _NO_MAIL_DELETED]),
            oracle=Oracle(
                steps=steps, answer=f"The {label} for {term} is {fact.value} ({sender.name}'s mail)."
            ),
        )

    def _setup(self, ctx: Context, fact: _MailFact) -> list[HistoryEvent]:
        """The mail with the fact (hard: older, and later the same kind of fact for another topic and someone
        else asking about it)."""
        sender, other, term, label = fact.sender, fact.other, fact.term, fact.label
        low, high = (35, 50) if ctx.hard else (18, 30)
        body = f"Hi {ctx.user_first_name},\n\nfor {term}: the {label} is {fact.value}. Keep it handy.\n\nBest,\n{sender.first_name}"
        setup = [
            receive_email(ctx, _weeks_ago(ctx, low, high), sender, f"{term.capitalize()} — {label}", body)
        ]
        if ctx.hard:
            body = f"Hi,\n\nthe {label} for {fact.decoy_term} is {fact.decoy}.\n\n{sender.first_name}"
            subject = f"{fact.decoy_term.capitalize()} — {label}"
            setup.append(receive_email(ctx, _weeks_ago(ctx, 10, 17), sender, subject, body))
            body = f"Hi,\n\nany news on {term}? Did you get the {label} yet?\n\n{other.first_name}"
            setup.append(receive_email(ctx, _weeks_ago(ctx, 3, 9), other, f"Re: {term}", body))
        return setup

    def _instruction(self, ctx: Context, fact: _MailFact) -> str:
        label, term, sender = fact.label, fact.term, fact.sender
        if ctx.hard:
            return ctx.pick(
                (
                    f"someone sent me the {label} for {term} by mail over a month ago — what was it?",
                    f"I need the {label} for {term}. it came by email a while back (over a month), can you dig it out?",
                )
            )
        return ctx.pick(
            (
                f"what was the {label} {sender.first_name} sent me for {term}? a few weeks ago",
                f"{sender.first_name} mailed me a {label} for {term} some weeks back — what is it?",
                f"find me the {label} for {term} from {sender.first_name}'s email please",
            )
        )


@dataclass(frozen=True)
class _DirectChat:
    conversation: str
    name: str
    workspace: str
    partner: PersonaPerson


def _dm_partners(ctx: Context) -> list[_DirectChat]:
    """Direct chats whose partner (one of the persona's people, in contacts or not) is a member there."""
    found: list[_DirectChat] = []
    people = {p.id: p for p in ctx.persona.people}
    for conversation in ctx.persona.conversations:
        row_id = ctx.key_row(f"conv-{conversation.id}")
        partner = people.get(conversation.members[0])
        if conversation.kind != "dm" or row_id is None or partner is None:
            continue
        handle = partner.handles.get(conversation.workspace)
        if handle and ctx.row(
            "SELECT 1 FROM chat_member WHERE conversation_id = ? AND handle = ?", row_id, handle
        ):
            found.append(_DirectChat(conversation.id, conversation.name, conversation.workspace, partner))
    return found


class FactInOldChat:
    """A code someone wrote in a direct chat weeks ago. Hard: they corrected it a few days later, so the
    answer is the corrected one (the first must not be given)."""

    id: ClassVar[str] = "retrieval-fact-in-old-chat"
    category: ClassVar[Category] = "retrieval"

    def make(self, ctx: Context) -> Task | None:
        partners = _dm_partners(ctx)
        if not partners:
            return None
        chat = ctx.pick(partners)
        partner, workspace = chat.partner, chat.workspace
        handle = partner.handles[workspace]
        label, make = ctx.pick(_CHAT_FACTS)
        first, second = make(ctx.rng), make(ctx.rng)
        if first == second:
            return None
        days = ctx.rng.randrange(21, 35)
        setup = [
            send_chat_message(
                ctx.before(days * DAY), chat.conversation, f"btw {label} is {first}", sender=handle
            )
        ]
        value = second if ctx.hard else first
        answer: list[AnswerCheck] = [answer_matches(label, _exact(value))]
        if ctx.hard:
            text = f"sorry, wrong one earlier — {label} is {second} 🙈"
            setup.append(
                send_chat_message(ctx.before((days - 3) * DAY), chat.conversation, text, sender=handle)
            )
            answer.append(answer_lacks("not the first, wrong one", first))
        first_name = partner.first_name
        search = step(
            "messaging", "search_chat_messages", query=label, conversation_id=chat.name, workspace=workspace
        )
        return ctx.task(
            title=f"Find {label} that {partner.name} sent",
            category=self.category,
            services=["messaging", "mail"],
            instruction=self._instruction(ctx, label, first_name, workspace),
            setup=setup,
            expect=expect(answer=answer, forbidden=[_NO_CHAT_POST, _NO_MAIL_SENT]),
            oracle=Oracle(
                steps=[search],
                answer=f"{label.capitalize()} is {value} ({first_name} wrote it in your chat).",
            ),
        )

    def _instruction(self, ctx: Context, label: str, first_name: str, workspace: str) -> str:
        return ctx.pick(
            (
                f"what's {label}? {first_name} told me in a chat a few weeks ago",
                f"{first_name} sent me {label} on {workspace} at some point — what was it?",
                f"remind me of {label}, I think {first_name} messaged it to me",
            )
        )


def _amount(rng: random.Random) -> str:
    return f"{rng.randrange(1, 19)},{rng.randrange(100, 999)}"


def _amount_regex(amount: str) -> str:
    thousands, rest = amount.split(",")
    return rf"(?<!\d){thousands}[,.\s\u202f]?{rest}(?!\d)"


def _supplier(ctx: Context, story: Storyline) -> str | None:
    """An organisation that would send a quote for ``story``: one of its people's, else anyone's (never the
    user's own workplace)."""
    others = [p for p in ctx.persona.people if p.organization and p.organization != ctx.user.workplace]
    involved = sorted({p.organization for p in others if p.id in story.people})
    anyone = sorted({p.organization for p in others})
    return ctx.pick(involved or anyone) if anyone else None


@dataclass(frozen=True)
class _QuoteFile:
    org: str
    term: str
    folder: str
    number: str
    first: str
    revised: str
    """The total of the revised quote that replaced it (hard)."""


class FactInOldFile:
    """The total of a quote saved as a file weeks ago. Hard: a revised quote replaced it later and sits
    on the phone only; the answer is the revised total, not the original."""

    id: ClassVar[str] = "retrieval-fact-in-old-file"
    category: ClassVar[Category] = "retrieval"

    def make(self, ctx: Context) -> Task | None:
        base, folders = home(ctx), document_folders(ctx)
        if base is None or not folders or not ctx.persona.storylines:
            return None
        story = ctx.pick([s for s in ctx.persona.storylines if s.kind == "work"] or ctx.persona.storylines)
        term = ctx.pick(story.terms)
        org = _supplier(ctx, story)
        if org is None:
            return None
        folder = story_folder(ctx, story) or ctx.pick(folders)
        first, revised = _amount(ctx.rng), _amount(ctx.rng)
        if first == revised:
            return None
        quote = _QuoteFile(org, term, folder, f"Q-{ctx.rng.randrange(1000, 9999)}", first, revised)
        setup = self._setup(ctx, quote)
        total = revised if ctx.hard else first
        answer = [answer_matches("the total", _amount_regex(total))]
        steps = [step("files", "search_files", query=f"quote {term}")]
        if ctx.hard:
            answer.append(answer_lacks("not the replaced total", first))
            steps.append(step("files", "search_files", query=quote.number, device="phone"))
        ask = " — the latest one, they revised it at some point" if ctx.hard else ""
        instruction = ctx.pick(
            (
                f"how much was {org}'s quote for {term}{ask}? it's in my files somewhere",
                f"what total did {org} quote us for {term}{ask}? should be saved on one of my devices",
            )
        )
        forbidden: list[Forbidden] = [_NO_FILE_CHANGED, forbid("delete", "file_node", "nothing deleted")]
        return ctx.task(
            title=f"Find {org}'s quote total for {term}",
            category=self.category,
            services=["files", "shell"],
            instruction=instruction,
            setup=setup,
            expect=expect(answer=answer, forbidden=forbidden),
            oracle=Oracle(steps=steps, answer=f"{org} quoted {total} EUR (excl. VAT) for {term}."),
        )

    def _setup(self, ctx: Context, quote: _QuoteFile) -> list[HistoryEvent]:
        """The quote in the storyline's folder, weeks ago (hard: the revised one on the phone since)."""
        org, term, number = quote.org, quote.term, quote.number
        written = ctx.before(ctx.rng.randrange(25, 40) * DAY)
        content = f"# Quote {number}\n\nFrom: {org}\nFor: {term}\n\nTotal: {quote.first} EUR (excl. VAT)\nValid for 60 days.\n"
        path = f"~/Documents/{quote.folder}/Quote {org} - {term}.md"
        setup = [write_file(written, path, content, device="laptop")]
        if ctx.hard:
            content = f"# Revised quote {number}-R\n\nFrom: {org}\nFor: {term}\nReplaces quote {number}.\n\nTotal: {quote.revised} EUR (excl. VAT)\n"
            at = ctx.before(ctx.rng.randrange(10, 20) * DAY)
            setup.append(write_file(at, f"~/Download/{number}-R revised.txt", content, device="phone"))
        return setup
