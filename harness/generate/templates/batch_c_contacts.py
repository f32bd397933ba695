"""Patrol template on contacts: a duplicate contact to merge away."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from harness.generate.base import Context
from harness.generate.templates.batch_c_common import (
    slug,
)
from harness.tasks.model import Category, Task

_VOWELS = set("aeiouyAEIOUY")
_DOMAINS = ("gmail.com", "outlook.com", "posteo.net", "icloud.com")


def _typo(name: str) -> str | None:
    """``name`` with one consonant of its last word doubled (``Weber`` -> ``Webber``)."""
    words = name.split()
    last = words[-1]
    for index in range(len(last) - 2, 0, -1):
        letter = last[index]
        if (
            letter.isalpha()
            and letter not in _VOWELS
            and last[index - 1] in _VOWELS
            and last[index + 1] in _VOWELS
        ):
            return " ".join([*words[:-1], last[: index + 1] + last[index:]])
    return None


def _shared_emails(ctx: Context) -> set[str]:
    rows = ctx.rows(
        "SELECT lower(value) AS v FROM contact_point WHERE kind = 'email' GROUP BY lower(value) HAVING count(DISTINCT contact_id) > 1"
    )
    return {str(r["v"]) for r in rows}


class MergeDuplicateContact:
    """A duplicate of a contact, its last name misspelt, appeared this weekend: delete it, keep the real
    one. Hard: the user does not say who, and the copy has an address the real one lacks, to keep."""

    id: ClassVar[str] = "patrol-merge-duplicate-contact"
    category: ClassVar[Category] = "patrol"

    def make(self, ctx: Context) -> Task | None:
        shared = _shared_emails(ctx)
        people = [(p, _typo(p.name)) for p in ctx.people(with_email=True) if p.email.lower() not in shared]
        usable = [(p, t) for p, t in people if t is not None]
        if not usable:
            return None
        person, typo = ctx.pick(usable)
        real = ctx.key_row(f"contact-{person.key}")
        if real is None or ctx.row("SELECT 1 FROM contact WHERE name = ?", typo):
            return None
        local = slug(person.name).replace("-", ".")
        taken = {
            str(r["v"]) for r in ctx.rows("SELECT lower(value) AS v FROM contact_point WHERE kind = 'email'")
        }
        fresh = [f"{local}@{domain}" for domain in _DOMAINS if f"{local}@{domain}" not in taken]
        if not fresh:
            return None
        extra = ctx.pick(fresh)
        emails = [person.email, extra] if ctx.hard else [person.email]
        phone = next((p.phone for p in ctx.persona.people if p.id == person.key and p.phone), "")
        setup = [
            {
                "at": ctx.before(ctx.rng.randrange(24 * 60, 3 * 24 * 60)),
                "op": "contacts.add_contact",
                "args": {
                    "name": typo,
                    "emails": emails,
                    "phones": [phone] if phone else [],
                    "organization": person.organization,
                },
                "key": ctx.key("duplicate"),
            }
        ]
        changes: list[dict[str, Any]] = [
            {
                "description": f"the duplicate '{typo}' is removed",
                "table": "contact",
                "kind": "delete",
                "key": ctx.key("duplicate"),
            }
        ]
        steps: list[dict[str, Any]] = [
            {"service": "contacts", "tool": "search_contacts", "args": {"query": person.email}},
            {"service": "contacts", "tool": "search_contacts", "args": {"query": typo}, "save": "dup"},
        ]
        if ctx.hard:
            changes.append(
                {
                    "description": f"{extra} is kept on {person.name}'s contact",
                    "table": "contact_point",
                    "kind": "insert",
                    "where": {"contact_id": {"ref": f"contact-{person.key}"}, "value": {"equals": extra}},
                }
            )
            steps.append(
                {
                    "service": "contacts",
                    "tool": "update_contact",
                    "args": {"contact_id": real, "add_emails": [extra]},
                }
            )
            instruction = ctx.pick(
                (
                    "I think my phone created a duplicate in my contacts in the last few days. merge it into the original — keep the real entry, but don't lose anything the copy has that the original doesn't",
                    "there's a duplicate contact somewhere since the weekend. clean it up: keep the original, move over any extra details from the copy, then delete the copy",
                )
            )
            if shared:  # the world has a duplicate of its own: say whose copy is meant
                instruction += f" (it's {person.first_name}'s)"
        else:
            instruction = ctx.pick(
                (
                    f"{person.first_name} shows up twice in my contacts now, one spelt '{typo}'. delete the duplicate, keep the real one",
                    f"clean up my contacts: '{typo}' is a misspelt copy of {person.name}. remove it",
                )
            )
        steps.append(
            {
                "service": "contacts",
                "tool": "delete_contact",
                "args": {"contact_id": {"$result": "dup.items.0.id"}},
            }
        )
        return ctx.task(
            title=f"Merge the duplicate contact of {person.name}",
            category="patrol",
            services=["contacts"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": changes,
                "tolerated": [
                    {
                        "table": "contact_point",
                        "kind": "delete",
                        "where": {"contact_id": {"ref": ctx.key("duplicate")}},
                    },
                    {"table": "contact", "kind": "update", "key": f"contact-{person.key}"},
                    {
                        "table": "contact_point",
                        "kind": "insert",
                        "where": {"contact_id": {"ref": f"contact-{person.key}"}},
                    },
                ],
                "forbidden": [
                    {
                        "description": f"the real {person.name} stays",
                        "table": "contact",
                        "kind": "delete",
                        "key": f"contact-{person.key}",
                    },
                    {
                        "description": "no other contact is deleted",
                        "table": "contact",
                        "kind": "delete",
                        "where": {"name": {"regex": f"^(?!{re.escape(typo)}$)"}},
                    },
                ],
            },
            oracle={"steps": steps, "answer": f"I removed the duplicate '{typo}' and kept {person.name}."},
        )
