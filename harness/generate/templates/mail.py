"""Mail templates: say yes to a request, finish a half-written draft and send it, forward a receipt with a
note."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from harness.generate.base import Context, Person
from harness.generate.builders import (
    change,
    column_of,
    equals,
    expect,
    forbid,
    icontains,
    includes,
    regex,
    result,
    step,
    thousands,
    tolerate,
    unquoted,
)
from harness.generate.templates._setup import Outsider, attachment, create_draft, receive_email
from harness.generate.templates._world import DAY, WEEKDAYS, keyword, slug, terms
from harness.tasks.model import Category, Expectations, Oracle, Task
from state.history import HistoryEvent

_TIMES = ("9:30", "10:00", "11:30", "14:00", "15:30", "16:00")


@dataclass(frozen=True)
class _Request:
    asker: Person
    other: Person
    copied: Person
    term: str
    day: str
    time: str


class ReplyToRequest:
    """Someone asks by mail whether a time works; the user says yes. Hard: a second, similar request
    from someone else arrives too, and only the first one is to be answered, with a colleague in copy."""

    id: ClassVar[str] = "mail-reply-request"
    category: ClassVar[Category] = "mail"

    def make(self, ctx: Context) -> Task | None:
        people = ctx.people(with_email=True)
        storylines = [s for s in ctx.persona.storylines if s.people]
        if len(people) < 3 or not storylines:
            return None
        story = ctx.pick(storylines)
        asker, other, copied = ctx.sample(people, 3)
        term = ctx.pick(story.terms)
        day, time = ctx.pick(WEEKDAYS[:5]), ctx.pick(_TIMES)
        request = _Request(asker, other, copied, term, day, time)
        body = (
            f"Hi {ctx.user_first_name},\n\ncould we go through {term} on {day} at {time}? "
            f"It's for {story.title}.\n\nThanks,\n{asker.first_name}"
        )
        setup = [
            receive_email(
                ctx,
                ctx.before(45),
                asker,
                f"{term.capitalize()}: {day} {time}?",
                body,
                key=ctx.key("request"),
            )
        ]
        if ctx.hard:
            other_term = ctx.pick([t for t in story.terms if t != term] or [term])
            body = f"Hi,\n\nare you free {day} at {time} to look at {other_term}?\n\n{other.first_name}"
            subject = f"{other_term.capitalize()}: {day} {time}?"
            setup.append(receive_email(ctx, ctx.before(20), other, subject, body, key=ctx.key("decoy")))
        return ctx.task(
            title=f"Say yes to {asker.name}'s request about {term}",
            category=self.category,
            services=["mail", "contacts"],
            instruction=self._instruction(ctx, request),
            setup=setup,
            expect=self._expect(ctx, request),
            oracle=self._oracle(ctx, request),
        )

    def _instruction(self, ctx: Context, request: _Request) -> str:
        asker, term, day, time = request.asker, request.term, request.day, request.time
        ask = ctx.pick(
            (
                f"{asker.first_name} asked about {day} {time} for {term} — tell them yes, that works",
                f"reply to {asker.first_name}'s mail about {term}: {day} at {time} is fine with me",
                f"can you answer {asker.name}? yes to {day} {time}",
            )
        )
        if ctx.hard:
            ask += f", and forward their mail to {request.copied.first_name} so they know. ignore the other {day} request for now"
        return ask

    def _expect(self, ctx: Context, request: _Request) -> Expectations:
        asker, copied = request.asker, request.copied
        changes = [
            change(
                "insert",
                "mail_message",
                f"a reply to {asker.name} that says yes",
                where={
                    "to_addresses": includes(asker.email),
                    "in_reply_to": column_of(ctx.key("request"), "message_id"),
                    "body": regex("(?i)(yes|works|fine|see you|sounds good|great)"),
                },
            )
        ]
        forbidden = [forbid("delete", "mail_message", "nothing deleted")]
        if ctx.hard:
            where = {"to_addresses": includes(copied.email), "subject": icontains(request.term)}
            description = f"{asker.first_name}'s mail forwarded to {copied.name}"
            changes.append(change("insert", "mail_message", description, where=where))
            where = {"in_reply_to": column_of(ctx.key("decoy"), "message_id")}
            forbidden.append(
                forbid("insert", "mail_message", f"no reply to {request.other.name}", where=where)
            )
        flags = tolerate("update", "mail_message", key=ctx.key("request"), columns=["answered", "flagged"])
        return expect(changes=changes, tolerated=[flags], forbidden=forbidden)

    def _oracle(self, ctx: Context, request: _Request) -> Oracle:
        asker, day, time = request.asker, request.day, request.time
        body = f"Hi {asker.first_name},\n\nyes, {day} at {time} works for me.\n\n{ctx.user_first_name}"
        steps = [
            step("mail", "search_emails", query=request.term, sender=asker.email, save="found"),
            step("mail", "reply_to_email", email_id=result("found.items.0.id"), body=body),
        ]
        if ctx.hard:
            note = f"FYI — I said yes to {day} at {time}."
            to = [request.copied.email]
            steps.append(step("mail", "forward_email", email_id=result("found.items.0.id"), to=to, body=note))
        return Oracle(steps=steps, answer=f"I told {asker.first_name} that {day} at {time} works.")


@dataclass(frozen=True)
class _Draft:
    to: Person
    copied: Person
    decoy: Person
    term: str
    points: str


class FinishDraft:
    """A draft to someone is half written; the user gives the missing points and asks to send it. Hard:
    a second point and a colleague in copy, and another draft that must stay a draft."""

    id: ClassVar[str] = "mail-finish-draft"
    category: ClassVar[Category] = "mail"

    def make(self, ctx: Context) -> Task | None:
        people = ctx.people(with_email=True)
        stories = [s for s in ctx.persona.storylines if len(s.terms) >= 3]
        if len(people) < 3 or not stories:
            return None
        story = ctx.pick(stories)
        term, other_term = ctx.sample(terms(story), 2)
        to, copied, decoy = ctx.sample(people, 3)
        day = ctx.pick(WEEKDAYS[:5])
        budget = ctx.rng.randrange(12, 90) * 100
        me = ctx.user_first_name
        body = f"Hi {to.first_name},\n\nthanks for pushing {term} forward. A quick update:\n\n[TODO]\n\n{me}"
        days_ago = 6 if ctx.hard else 2
        subject = f"{term.capitalize()} — next steps"
        setup = [create_draft(ctx, ctx.before(days_ago * DAY), [to.email], subject, body, ctx.key("draft"))]
        points = f"we can go through it on {day}"
        body_test = rf"(?is)^(?=.*{day})"
        if ctx.hard:
            points += f" and the budget for {other_term} is {budget:,}"
            body_test += rf"(?=.*{thousands(budget)})"
            body = f"Hi {decoy.first_name},\n\n[TODO]\n\n{me}"
            at = ctx.before((days_ago - 1) * DAY)
            setup.append(
                create_draft(ctx, at, [decoy.email], other_term.capitalize(), body, ctx.key("decoy-draft"))
            )
        draft = _Draft(to, copied, decoy, term, points)
        return ctx.task(
            title=f"Finish the draft to {to.name} about {term} and send it",
            category=self.category,
            services=["mail", "contacts"],
            instruction=self._instruction(ctx, draft),
            setup=setup,
            expect=self._expect(ctx, draft, body_test),
            oracle=self._oracle(ctx, draft),
        )

    def _instruction(self, ctx: Context, draft: _Draft) -> str:
        to, term, points = draft.to, draft.term, draft.points
        instruction = ctx.pick(
            (
                f"finish my draft to {to.first_name} about {term} and send it: {points}",
                f"there's a half-written mail to {to.name} in my drafts ({term}). fill it in — {points} — and send it",
                f"can you complete the {term} draft for {to.first_name} and send it off? tell them {points}",
            )
        )
        if ctx.hard:
            instruction += f". cc {draft.copied.first_name}, and leave the other drafts alone"
        return instruction

    def _expect(self, ctx: Context, draft: _Draft, body_test: str) -> Expectations:
        where = {"draft": equals(False), "to_addresses": includes(draft.to.email), "body": regex(body_test)}
        forbidden = [
            forbid("insert", "mail_message", "no new mail"),
            forbid("delete", "mail_message", "nothing deleted"),
        ]
        if ctx.hard:
            where["cc_addresses"] = includes(draft.copied.email)
            description = f"the draft to {draft.decoy.name} stays as it is"
            forbidden.append(forbid("update", "mail_message", description, key=ctx.key("decoy-draft")))
        description = f"the draft to {draft.to.name} is sent with the points"
        sent = change("update", "mail_message", description, key=ctx.key("draft"), where=where)
        return expect(changes=[sent], forbidden=forbidden)

    def _oracle(self, ctx: Context, draft: _Draft) -> Oracle:
        to, term, points = draft.to, draft.term, draft.points
        body = f"Hi {to.first_name},\n\nthanks for pushing {term} forward. {points[0].upper()}{points[1:]}.\n\n{ctx.user_first_name}"
        update: dict[str, Any] = {"draft_id": result("drafts.items.0.id"), "body": body}
        if ctx.hard:
            update["cc"] = [draft.copied.email]
        steps = [
            step("mail", "search_emails", query=term, recipient=to.email, folder="Drafts", save="drafts"),
            step("mail", "update_draft", **update),
            step("mail", "send_draft", draft_id=result("drafts.items.0.id")),
        ]
        return Oracle(steps=steps, answer=f"I finished the {term} draft to {to.first_name} and sent it.")


_VENDORS = (
    "Nordic Office Supply",
    "PixelPrint Studio",
    "CloudHost Pro",
    "Atelier Frames",
    "Metro Electronics",
)
_PAYERS = re.compile(r"(?i)(account|bookkeep|finance|tax|partner|wife|husband)")


@dataclass(frozen=True)
class _Receipt:
    amount: int
    filename: str
    order: str


class ForwardReceipt:
    """A shop's receipt came by mail; forward it to the person who handles the user's expenses, with a
    note. Hard: several receipts from the shop, and only the ones over an amount go."""

    id: ClassVar[str] = "mail-forward-receipt"
    category: ClassVar[Category] = "mail"

    def make(self, ctx: Context) -> Task | None:
        people = ctx.people(with_email=True)
        if not people or not ctx.persona.storylines:
            return None
        payers = [p for p in people if _PAYERS.search(f"{p.relationship} {p.role}")]
        payer = ctx.pick(payers or people)
        vendor = ctx.pick(_VENDORS)
        shop = Outsider(vendor, f"receipts@{slug(vendor).replace('-', '')}.com")
        term = ctx.pick(terms(ctx.pick(ctx.persona.storylines)))
        amounts = ctx.sample(range(40, 400), 4 if ctx.hard else 1)
        threshold = _threshold(amounts) if ctx.hard else 0
        receipts: list[_Receipt] = []
        setup: list[HistoryEvent] = []
        for index, amount in enumerate(amounts):
            order = f"{ctx.rng.randrange(100000, 999999)}"
            receipt = _Receipt(amount, f"receipt-{order}.pdf", order)
            receipts.append(receipt)
            at = ctx.before((index + 1) * DAY * (2 if ctx.hard else 1) + 30)
            setup.append(_receipt_mail(ctx, at, shop, receipt, ctx.key(f"receipt-{index}")))
        sent = [r for r in receipts if r.amount > threshold]
        kept = [r for r in receipts if r.amount <= threshold]
        note = f"for the {term} expenses"
        instruction = self._instruction(ctx, payer, vendor, term, threshold)
        return ctx.task(
            title=f"Forward the {vendor} receipt to {payer.name}",
            category=self.category,
            services=["mail", "contacts"],
            instruction=instruction,
            setup=setup,
            expect=_receipt_expect(payer, term, sent, kept),
            oracle=_receipt_oracle(payer, vendor, note, sent),
        )

    def _instruction(self, ctx: Context, payer: Person, vendor: str, term: str, threshold: int) -> str:
        note = f"for the {term} expenses"
        if ctx.hard:
            what = f"the {vendor} receipts over {threshold} (there should be two)"
        else:
            what = f"the {vendor} receipt"
        them, are = ("them", "they are") if ctx.hard else ("it", "it is")
        return ctx.pick(
            (
                f"forward {what} to {payer.first_name}, with a note that {are} {note}",
                f"can you send {payer.name} {what}? add a line saying what it's for: {term}",
                f"{payer.first_name} needs {what} — forward {them} with a short note: {note}",
            )
        )


def _threshold(amounts: list[int]) -> int:
    """An amount between the second and third smallest, round if it can be."""
    ordered = sorted(amounts)
    threshold = (ordered[1] + ordered[2]) // 2 // 10 * 10
    if not ordered[1] < threshold < ordered[2]:
        threshold = (ordered[1] + ordered[2]) // 2
    return threshold


def _receipt_mail(ctx: Context, at: str, shop: Outsider, receipt: _Receipt, key: str) -> HistoryEvent:
    body = f"Thanks for your order #{receipt.order}.\n\nTotal paid: {receipt.amount}.00\n\nThe receipt is attached.\n\n{shop.name}"
    pdf = attachment(receipt.filename, "application/pdf", size=20000 + receipt.amount * 37)
    subject = f"Your {shop.name} receipt #{receipt.order}"
    return receive_email(ctx, at, shop, subject, body, key=key, attachments=[pdf])


def _receipt_expect(payer: Person, term: str, sent: list[_Receipt], kept: list[_Receipt]) -> Expectations:
    where = {
        "to_addresses": includes(payer.email),
        "body": regex(unquoted(re.escape(keyword(term)))),
        "draft": equals(False),
    }
    description = f"the receipt forwarded to {payer.name} with a note (one mail each, or together)"
    changes = [change("insert", "mail_message", description, where=where, at_least=1)]
    changes += [
        change(
            "insert", "mail_attachment", f"{r.filename} goes along", where={"filename": equals(r.filename)}
        )
        for r in sent
    ]
    forbidden = [forbid("delete", "mail_message", "nothing deleted")]
    forbidden += [
        forbid(
            "insert",
            "mail_attachment",
            f"the {r.amount} receipt is not sent",
            where={"filename": equals(r.filename)},
        )
        for r in kept
    ]
    flags = tolerate(
        "update",
        "mail_message",
        where={"from_address": regex("^receipts@")},
        columns=["flagged", "labels", "seen", "answered"],
    )
    return expect(changes=changes, tolerated=[flags], forbidden=forbidden)


def _receipt_oracle(payer: Person, vendor: str, note: str, receipts: list[_Receipt]) -> Oracle:
    steps = [
        step("mail", "search_emails", query=r.order, sender="receipts@", save=f"found{index}")
        for index, r in enumerate(receipts)
    ]
    steps += [
        step(
            "mail",
            "forward_email",
            email_id=result(f"found{index}.items.0.id"),
            to=[payer.email],
            body=f"Hi {payer.first_name},\n\nhere's the {vendor} receipt ({r.amount}.00), {note}.\n\nThanks!",
        )
        for index, r in enumerate(receipts)
    ]
    answer = f"I forwarded the {vendor} receipt(s) to {payer.first_name} with your note."
    return Oracle(steps=steps, answer=answer)
