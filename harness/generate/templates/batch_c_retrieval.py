"""Retrieval templates: a fact from weeks ago, in a mail, a chat or a file, told back to the user."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any, ClassVar

from fixtures.persona import Storyline
from harness.generate.base import Context, Person
from harness.generate.templates.batch_c_common import (
    document_folders,
    home,
    mail_in,
    story_folder,
    write_file,
)
from harness.tasks.model import Category, Task

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
_NOTHING_CHANGED: list[dict[str, Any]] = [
    {"description": "nothing is sent by mail", "table": "mail_message", "kind": "insert"},
    {"description": "no mail is deleted", "table": "mail_message", "kind": "delete"},
    {"description": "nothing is posted in chat", "table": "chat_message", "kind": "insert"},
    {"description": "no file is changed", "table": "file_node", "kind": "update"},
]


def _exact(value: str) -> str:
    return rf"(?<![\w-]){re.escape(value)}(?![\w-])"


def _weeks_ago(ctx: Context, low: int, high: int) -> str:
    return ctx.before(ctx.rng.randrange(low * 24 * 60, high * 24 * 60))


def _story_people(ctx: Context) -> tuple[Any, list[Person]] | None:
    people = {p.key: p for p in ctx.people(with_email=True)}
    stories = [s for s in ctx.persona.storylines if sum(k in people for k in s.people) >= 2]
    stories = [s for s in stories if s.kind == "work"] or stories
    if not stories:
        return None
    story = ctx.pick(stories)
    return story, [people[k] for k in story.people if k in people]


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
        value = make(ctx.rng)
        decoy = make(ctx.rng)
        if decoy == value:
            return None
        low, high = (35, 50) if ctx.hard else (18, 30)
        body = f"Hi {ctx.user.name.split()[0]},\n\nfor {term}: the {label} is {value}. Keep it handy.\n\nBest,\n{sender.first_name}"
        setup = [mail_in(ctx, sender, f"{term.capitalize()} — {label}", body, _weeks_ago(ctx, low, high))]
        answer: list[dict[str, Any]] = [{"description": f"the {label}", "regex": _exact(value)}]
        if ctx.hard:
            setup.append(
                mail_in(
                    ctx,
                    sender,
                    f"{decoy_term.capitalize()} — {label}",
                    f"Hi,\n\nthe {label} for {decoy_term} is {decoy}.\n\n{sender.first_name}",
                    _weeks_ago(ctx, 10, 17),
                )
            )
            setup.append(
                mail_in(
                    ctx,
                    other,
                    f"Re: {term}",
                    f"Hi,\n\nany news on {term}? Did you get the {label} yet?\n\n{other.first_name}",
                    _weeks_ago(ctx, 3, 9),
                )
            )
            answer.append({"description": f"not the {label} for {decoy_term}", "absent": decoy})
            instruction = ctx.pick(
                (
                    f"someone sent me the {label} for {term} by mail over a month ago — what was it?",
                    f"I need the {label} for {term}. it came by email a while back (over a month), can you dig it out?",
                )
            )
        else:
            instruction = ctx.pick(
                (
                    f"what was the {label} {sender.first_name} sent me for {term}? a few weeks ago",
                    f"{sender.first_name} mailed me a {label} for {term} some weeks back — what is it?",
                    f"find me the {label} for {term} from {sender.first_name}'s email please",
                )
            )
        return ctx.task(
            title=f"Find the {label} for {term}",
            category="retrieval",
            services=["mail", "contacts"],
            instruction=instruction,
            setup=setup,
            expect={"answer": answer, "forbidden": _NOTHING_CHANGED[:2]},
            oracle={
                "steps": [
                    {
                        "service": "mail",
                        "tool": "search_emails",
                        "args": {"query": f"{term} {label}"},
                        "save": "found",
                    },
                    {
                        "service": "mail",
                        "tool": "read_email",
                        "args": {"email_id": {"$result": "found.items.0.id"}},
                    },
                ],
                "answer": f"The {label} for {term} is {value} ({sender.name}'s mail).",
            },
        )


def _dm_partners(ctx: Context) -> list[tuple[str, str, str, Any]]:
    """(conversation key, its name, workspace, person) for direct chats whose partner is a member there."""
    found: list[tuple[str, str, str, Any]] = []
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
            found.append((f"conv-{conversation.id}", conversation.name, conversation.workspace, partner))
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
        key, name, workspace, partner = ctx.pick(partners)
        handle = partner.handles[workspace]
        label, make = ctx.pick(_CHAT_FACTS)
        first, second = make(ctx.rng), make(ctx.rng)
        if first == second:
            return None
        days = ctx.rng.randrange(21, 35)
        setup: list[dict[str, Any]] = [
            self._post(ctx, key, handle, f"btw {label} is {first}", days * 24 * 60)
        ]
        answer: list[dict[str, Any]] = []
        value = first
        if ctx.hard:
            value = second
            setup.append(
                self._post(
                    ctx,
                    key,
                    handle,
                    f"sorry, wrong one earlier — {label} is {second} 🙈",
                    (days - 3) * 24 * 60,
                )
            )
            answer.append({"description": "not the first, wrong one", "absent": first})
        answer.insert(0, {"description": label, "regex": _exact(value)})
        first_name = partner.name.split()[0]
        instruction = ctx.pick(
            (
                f"what's {label}? {first_name} told me in a chat a few weeks ago",
                f"{first_name} sent me {label} on {workspace} at some point — what was it?",
                f"remind me of {label}, I think {first_name} messaged it to me",
            )
        )
        return ctx.task(
            title=f"Find {label} that {partner.name} sent",
            category="retrieval",
            services=["messaging", "mail"],
            instruction=instruction,
            setup=setup,
            expect={"answer": answer, "forbidden": [_NOTHING_CHANGED[2], _NOTHING_CHANGED[0]]},
            oracle={
                "steps": [
                    {
                        "service": "messaging",
                        "tool": "search_chat_messages",
                        "args": {"query": label, "conversation_id": name, "workspace": workspace},
                    },
                ],
                "answer": f"{label.capitalize()} is {value} ({first_name} wrote it in your chat).",
            },
        )

    @staticmethod
    def _post(ctx: Context, key: str, handle: str, text: str, minutes: int) -> dict[str, Any]:
        return {
            "at": ctx.before(minutes),
            "op": "messaging.post_message",
            "args": {"conversation_id": {"$ref": key}, "sender": handle, "text": text},
        }


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
        number = f"Q-{ctx.rng.randrange(1000, 9999)}"
        written = ctx.before(ctx.rng.randrange(25, 40) * 24 * 60)
        file_name = f"Quote {org} - {term}.md"
        content = f"# Quote {number}\n\nFrom: {org}\nFor: {term}\n\nTotal: {first} EUR (excl. VAT)\nValid for 60 days.\n"
        setup = [write_file(written, f"~/Documents/{folder}/{file_name}", content)]
        answer: list[dict[str, Any]] = [
            {"description": "the total", "regex": _amount_regex(revised if ctx.hard else first)}
        ]
        steps: list[dict[str, Any]] = [
            {"service": "files", "tool": "search_files", "args": {"query": f"quote {term}"}}
        ]
        if ctx.hard:
            revised_content = f"# Revised quote {number}-R\n\nFrom: {org}\nFor: {term}\nReplaces quote {number}.\n\nTotal: {revised} EUR (excl. VAT)\n"
            setup.append(
                write_file(
                    ctx.before(ctx.rng.randrange(10, 20) * 24 * 60),
                    f"~/Download/{number}-R revised.txt",
                    revised_content,
                    device="phone",
                )
            )
            answer.append({"description": "not the replaced total", "absent": first})
            steps.append(
                {"service": "files", "tool": "search_files", "args": {"query": number, "device": "phone"}}
            )
        ask = " — the latest one, they revised it at some point" if ctx.hard else ""
        instruction = ctx.pick(
            (
                f"how much was {org}'s quote for {term}{ask}? it's in my files somewhere",
                f"what total did {org} quote us for {term}{ask}? should be saved on one of my devices",
            )
        )
        return ctx.task(
            title=f"Find {org}'s quote total for {term}",
            category="retrieval",
            services=["files", "shell"],
            instruction=instruction,
            setup=setup,
            expect={
                "answer": answer,
                "forbidden": [
                    _NOTHING_CHANGED[3],
                    {"description": "nothing deleted", "table": "file_node", "kind": "delete"},
                ],
            },
            oracle={
                "steps": steps,
                "answer": f"{org} quoted {revised if ctx.hard else first} EUR (excl. VAT) for {term}.",
            },
        )
