"""Mail templates: finish a half-written draft and send it; forward a receipt with a note."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from harness.generate.base import Context, Person
from harness.generate.templates.batch_d_common import DAY, WEEKDAYS, keyword, slug, terms, unquoted
from harness.tasks.model import Category, Task

_VENDORS = (
    "Nordic Office Supply",
    "PixelPrint Studio",
    "CloudHost Pro",
    "Atelier Frames",
    "Metro Electronics",
)
_PAYERS = re.compile(r"(?i)(account|bookkeep|finance|tax|partner|wife|husband)")


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
        me = ctx.user.name.split()[0]
        subject = f"{term.capitalize()} — next steps"
        body = f"Hi {to.first_name},\n\nthanks for pushing {term} forward. A quick update:\n\n[TODO]\n\n{me}"
        days_ago = 6 if ctx.hard else 2
        setup: list[dict[str, Any]] = [
            _draft(ctx, [to.email], subject, body, days_ago * DAY, ctx.key("draft")),
        ]
        points = f"we can go through it on {day}"
        body_test = rf"(?is)^(?=.*{day})"
        if ctx.hard:
            points += f" and the budget for {other_term} is {budget:,}"
            body_test += rf"(?=.*{budget // 1000}[,.\s]?{budget % 1000:03d})"
            setup.append(
                _draft(
                    ctx,
                    [decoy.email],
                    f"{other_term.capitalize()}",
                    f"Hi {decoy.first_name},\n\n[TODO]\n\n{me}",
                    (days_ago - 1) * DAY,
                    ctx.key("decoy-draft"),
                )
            )
        instruction = ctx.pick(
            (
                f"finish my draft to {to.first_name} about {term} and send it: {points}",
                f"there's a half-written mail to {to.name} in my drafts ({term}). fill it in — {points} — and send it",
                f"can you complete the {term} draft for {to.first_name} and send it off? tell them {points}",
            )
        )
        where: dict[str, Any] = {
            "draft": {"equals": False},
            "to_addresses": {"includes": [to.email]},
            "body": {"regex": body_test},
        }
        new_body = f"Hi {to.first_name},\n\nthanks for pushing {term} forward. {points[0].upper()}{points[1:]}.\n\n{me}"
        update: dict[str, Any] = {"draft_id": {"$result": "drafts.items.0.id"}, "body": new_body}
        if ctx.hard:
            instruction += f". cc {copied.first_name}, and leave the other drafts alone"
            where["cc_addresses"] = {"includes": [copied.email]}
            update["cc"] = [copied.email]
        forbidden: list[dict[str, Any]] = [
            {"description": "no new mail", "table": "mail_message", "kind": "insert"},
            {"description": "nothing deleted", "table": "mail_message", "kind": "delete"},
        ]
        if ctx.hard:
            forbidden.append(
                {
                    "description": f"the draft to {decoy.name} stays as it is",
                    "table": "mail_message",
                    "kind": "update",
                    "key": ctx.key("decoy-draft"),
                }
            )
        return ctx.task(
            title=f"Finish the draft to {to.name} about {term} and send it",
            category="mail",
            services=["mail", "contacts"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": [
                    {
                        "description": f"the draft to {to.name} is sent with the points",
                        "table": "mail_message",
                        "kind": "update",
                        "key": ctx.key("draft"),
                        "where": where,
                    }
                ],
                "forbidden": forbidden,
            },
            oracle={
                "steps": [
                    {
                        "service": "mail",
                        "tool": "search_emails",
                        "args": {"query": term, "recipient": to.email, "folder": "Drafts"},
                        "save": "drafts",
                    },
                    {"service": "mail", "tool": "update_draft", "args": update},
                    {
                        "service": "mail",
                        "tool": "send_draft",
                        "args": {"draft_id": {"$result": "drafts.items.0.id"}},
                    },
                ],
                "answer": f"I finished the {term} draft to {to.first_name} and sent it.",
            },
        )


def _draft(ctx: Context, to: list[str], subject: str, body: str, minutes: float, key: str) -> dict[str, Any]:
    return {
        "at": ctx.before(minutes),
        "op": "mail.save_draft",
        "args": {"to": to, "subject": subject, "body": body, "account": ctx.email},
        "key": key,
    }


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
        sender = f"receipts@{slug(vendor).replace('-', '')}.com"
        term = ctx.pick(terms(ctx.pick(ctx.persona.storylines)))
        amounts = ctx.sample(range(40, 400), 4 if ctx.hard else 1)
        threshold = 0
        if ctx.hard:
            ordered = sorted(amounts)
            threshold = (ordered[1] + ordered[2]) // 2 // 10 * 10
            if not ordered[1] < threshold < ordered[2]:
                threshold = (ordered[1] + ordered[2]) // 2
        setup: list[dict[str, Any]] = []
        receipts: list[tuple[int, str, str]] = []
        for index, amount in enumerate(amounts):
            order = f"{ctx.rng.randrange(100000, 999999)}"
            filename = f"receipt-{order}.pdf"
            receipts.append((amount, filename, order))
            setup.append(
                {
                    "at": ctx.before((index + 1) * DAY * (2 if ctx.hard else 1) + 30),
                    "op": "mail.receive_email",
                    "args": {
                        "from_address": sender,
                        "from_name": vendor,
                        "to": [ctx.email],
                        "subject": f"Your {vendor} receipt #{order}",
                        "body": f"Thanks for your order #{order}.\n\nTotal paid: {amount}.00\n\nThe receipt is attached.\n\n{vendor}",
                        "attachments": [
                            {
                                "filename": filename,
                                "size": 20000 + amount * 37,
                                "mime_type": "application/pdf",
                            }
                        ],
                    },
                    "key": ctx.key(f"receipt-{index}"),
                }
            )
        sent = [r for r in receipts if r[0] > threshold]
        kept = [r for r in receipts if r[0] <= threshold]
        note = f"for the {term} expenses"
        if ctx.hard:
            what = f"the {vendor} receipts over {threshold} (there should be two)"
        else:
            what = f"the {vendor} receipt"
        them, are = ("them", "they are") if ctx.hard else ("it", "it is")
        instruction = ctx.pick(
            (
                f"forward {what} to {payer.first_name}, with a note that {are} {note}",
                f"can you send {payer.name} {what}? add a line saying what it's for: {term}",
                f"{payer.first_name} needs {what} — forward {them} with a short note: {note}",
            )
        )
        return ctx.task(
            title=f"Forward the {vendor} receipt to {payer.name}",
            category="mail",
            services=["mail", "contacts"],
            instruction=instruction,
            setup=setup,
            expect=_receipt_expect(payer, term, sent, kept),
            oracle=_receipt_oracle(payer, vendor, note, [(r[0], r[2]) for r in sent]),
        )


def _receipt_expect(
    payer: Person, term: str, sent: list[tuple[int, str, str]], kept: list[tuple[int, str, str]]
) -> dict[str, Any]:
    changes: list[dict[str, Any]] = [
        {
            "description": f"the receipt forwarded to {payer.name} with a note (one mail each, or together)",
            "table": "mail_message",
            "kind": "insert",
            "where": {
                "to_addresses": {"includes": [payer.email]},
                "body": {"regex": unquoted(re.escape(keyword(term)))},
                "draft": {"equals": False},
            },
            "at_least": 1,
        }
    ]
    changes += [
        {
            "description": f"{filename} goes along",
            "table": "mail_attachment",
            "kind": "insert",
            "where": {"filename": {"equals": filename}},
        }
        for _, filename, _ in sent
    ]
    forbidden: list[dict[str, Any]] = [
        {"description": "nothing deleted", "table": "mail_message", "kind": "delete"}
    ]
    forbidden += [
        {
            "description": f"the {amount} receipt is not sent",
            "table": "mail_attachment",
            "kind": "insert",
            "where": {"filename": {"equals": filename}},
        }
        for amount, filename, _ in kept
    ]
    return {
        "changes": changes,
        "tolerated": [
            {
                "table": "mail_message",
                "kind": "update",
                "where": {"from_address": {"regex": "^receipts@"}},
                "columns": ["flagged", "labels", "seen", "answered"],
            }
        ],
        "forbidden": forbidden,
    }


def _receipt_oracle(payer: Person, vendor: str, note: str, receipts: list[tuple[int, str]]) -> dict[str, Any]:
    steps: list[dict[str, Any]] = [
        {
            "service": "mail",
            "tool": "search_emails",
            "args": {"query": order, "sender": "receipts@"},
            "save": f"found{index}",
        }
        for index, (_, order) in enumerate(receipts)
    ]
    steps += [
        {
            "service": "mail",
            "tool": "forward_email",
            "args": {
                "email_id": {"$result": f"found{index}.items.0.id"},
                "to": [payer.email],
                "body": f"Hi {payer.first_name},\n\nhere's the {vendor} receipt ({amount}.00), {note}.\n\nThanks!",
            },
        }
        for index, (amount, _) in enumerate(receipts)
    ]
    return {
        "steps": steps,
        "answer": f"I forwarded the {vendor} receipt(s) to {payer.first_name} with your note.",
    }
