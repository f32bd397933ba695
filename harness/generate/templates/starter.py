"""Three templates that show the pattern: a mail request to answer, news for a group chat, a fact to
find in the laptop's files with the shell."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from harness.generate.base import Context
from harness.tasks.model import Category, Task

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_TIMES = ("9:30", "10:00", "11:30", "14:00", "15:30", "16:00")


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
        day, time = ctx.pick(_DAYS), ctx.pick(_TIMES)
        subject = f"{term.capitalize()}: {day} {time}?"
        body = (
            f"Hi {ctx.user.name.split()[0]},\n\ncould we go through {term} on {day} at {time}? "
            f"It's for {story.title}.\n\nThanks,\n{asker.first_name}"
        )
        setup: list[dict[str, Any]] = [
            _mail(ctx, asker, subject, body, ctx.before(45), ctx.key("request")),
        ]
        if ctx.hard:
            other_term = ctx.pick([t for t in story.terms if t != term] or [term])
            setup.append(
                _mail(
                    ctx,
                    other,
                    f"{other_term.capitalize()}: {day} {time}?",
                    f"Hi,\n\nare you free {day} at {time} to look at {other_term}?\n\n{other.first_name}",
                    ctx.before(20),
                    ctx.key("decoy"),
                )
            )
        ask = ctx.pick(
            (
                f"{asker.first_name} asked about {day} {time} for {term} — tell them yes, that works",
                f"reply to {asker.first_name}'s mail about {term}: {day} at {time} is fine with me",
                f"can you answer {asker.name}? yes to {day} {time}",
            )
        )
        where: dict[str, Any] = {
            "to_addresses": {"includes": [asker.email]},
            "in_reply_to": {"ref": f"{ctx.key('request')}.message_id"},
            "body": {"regex": "(?i)(yes|works|fine|see you|sounds good|great)"},
        }
        reply_args: dict[str, Any] = {
            "email_id": {"$result": "found.items.0.id"},
            "body": f"Hi {asker.first_name},\n\nyes, {day} at {time} works for me.\n\n{ctx.user.name.split()[0]}",
        }
        steps: list[dict[str, Any]] = [
            {
                "service": "mail",
                "tool": "search_emails",
                "args": {"query": term, "sender": asker.email},
                "save": "found",
            },
            {"service": "mail", "tool": "reply_to_email", "args": reply_args},
        ]
        changes: list[dict[str, Any]] = [
            {
                "description": f"a reply to {asker.name} that says yes",
                "table": "mail_message",
                "kind": "insert",
                "where": where,
            }
        ]
        if ctx.hard:
            ask += f", and forward their mail to {copied.first_name} so they know. ignore the other {day} request for now"
            steps.append(
                {
                    "service": "mail",
                    "tool": "forward_email",
                    "args": {
                        "email_id": {"$result": "found.items.0.id"},
                        "to": [copied.email],
                        "body": f"FYI — I said yes to {day} at {time}.",
                    },
                }
            )
            changes.append(
                {
                    "description": f"{asker.first_name}'s mail forwarded to {copied.name}",
                    "table": "mail_message",
                    "kind": "insert",
                    "where": {"to_addresses": {"includes": [copied.email]}, "subject": {"icontains": term}},
                }
            )
        forbidden: list[dict[str, Any]] = [
            {"description": "nothing deleted", "table": "mail_message", "kind": "delete"},
        ]
        if ctx.hard:
            forbidden.append(
                {
                    "description": f"no reply to {other.name}",
                    "table": "mail_message",
                    "kind": "insert",
                    "where": {"in_reply_to": {"ref": f"{ctx.key('decoy')}.message_id"}},
                }
            )
        return ctx.task(
            title=f"Say yes to {asker.name}'s request about {term}",
            category="mail",
            services=["mail", "contacts"],
            instruction=ask,
            setup=setup,
            expect={
                "changes": changes,
                "tolerated": [
                    {
                        "table": "mail_message",
                        "kind": "update",
                        "key": ctx.key("request"),
                        "columns": ["answered", "flagged"],
                    }
                ],
                "forbidden": forbidden,
            },
            oracle={
                "steps": steps,
                "answer": f"I told {asker.first_name} that {day} at {time} works.",
            },
        )


def _mail(ctx: Context, person: Any, subject: str, body: str, at: str, key: str) -> dict[str, Any]:
    return {
        "at": at,
        "op": "mail.receive_email",
        "args": {
            "from_address": person.email,
            "from_name": person.name,
            "to": [ctx.email],
            "subject": subject,
            "body": body,
        },
        "key": key,
    }


class TellTheGroup:
    """The user cannot make a group plan; tell the group chat. Hard: a question was asked in the group
    first, and the answer must go in reply to it (its thread)."""

    id: ClassVar[str] = "messaging-tell-group"
    category: ClassVar[Category] = "messaging"

    def make(self, ctx: Context) -> Task | None:
        groups = [c for c in ctx.persona.conversations if c.kind == "group"]
        if not groups:
            return None
        group = ctx.pick(groups)
        members = [p for p in ctx.people() if group.workspace in p.handles]
        workspace = next((w for w in ctx.persona.workspaces if w.id == group.workspace), None)
        conversation = ctx.key_row(f"conv-{group.id}")
        if workspace is None or conversation is None:
            return None
        handles = {
            r["handle"]
            for r in ctx.rows("SELECT handle FROM chat_member WHERE conversation_id = ?", conversation)
        }
        members = [p for p in members if p.handles[group.workspace] in handles]
        if not members:
            return None
        asker = ctx.pick(members)
        plan = ctx.pick(("dinner on Friday", "the walk on Saturday", "drinks tomorrow", "Sunday lunch"))
        question = f"who's in for {plan}? 🙌"
        setup = [
            {
                "at": ctx.before(3),
                "op": "messaging.post_message",
                "args": {
                    "conversation_id": {"$ref": f"conv-{group.id}"},
                    "sender": asker.handles[group.workspace],
                    "text": question,
                },
                "key": ctx.key("question"),
            }
        ]
        text = f"Sorry, I can't make {plan} this time — have fun!"
        send: dict[str, Any] = {"conversation_id": group.name, "workspace": group.workspace, "text": text}
        where: dict[str, Any] = {
            "conversation_id": {"ref": f"conv-{group.id}"},
            "sender_handle": {"equals": workspace.user_handle},
            "text": {"regex": "(?i)(can.?t|cannot|won.?t|not (be )?(able|make|com)|sorry|skip|out)"},
        }
        if ctx.hard:
            send["thread_id"] = {"$result": "read.items.0.id"}
            where["thread_parent_id"] = {"ref": ctx.key("question")}
        instruction = ctx.pick(
            (
                f"I can't do {plan}. let them know in {group.name}",
                f"tell the {group.name} group I'm out for {plan}",
            )
        )
        if ctx.hard:
            instruction += f" — answer {asker.first_name}'s question in its thread"
        return ctx.task(
            title=f"Tell {group.name} the user can't make {plan}",
            category="messaging",
            services=["messaging"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": [
                    {
                        "description": f"a message in {group.name} saying the user can't come",
                        "table": "chat_message",
                        "kind": "insert",
                        "where": where,
                    }
                ],
                "forbidden": [
                    {
                        "description": "nothing posted in other conversations",
                        "table": "chat_message",
                        "kind": "insert",
                        "where": {"conversation_id": {"regex": f"^(?!{re.escape(conversation)}$)"}},
                    }
                ],
            },
            oracle={
                "steps": [
                    {
                        "service": "messaging",
                        "tool": "read_conversation",
                        "args": {"conversation_id": group.name, "workspace": group.workspace, "limit": 5},
                        "save": "read",
                    },
                    {"service": "messaging", "tool": "send_chat_message", "args": send},
                ],
                "answer": f"I told {group.name} you can't make {plan}.",
            },
        )


class FindInFiles:
    """A fact sits in one of several notes on the laptop; find it with the shell and report it. Hard:
    more notes as distractors, older, and the file must also be copied into a folder."""

    id: ClassVar[str] = "shell-find-fact"
    category: ClassVar[Category] = "shell"

    def make(self, ctx: Context) -> Task | None:
        laptop = ctx.row("SELECT home FROM device WHERE id = 'laptop'")
        if laptop is None or not ctx.persona.storylines:
            return None
        home = str(laptop["home"])
        story = ctx.pick(ctx.persona.storylines)
        code = f"{ctx.rng.randrange(1000, 9999)}-{ctx.pick(('A', 'B', 'C', 'K', 'R'))}"
        topics = list(dict.fromkeys([*story.terms, *(t for s in ctx.persona.storylines for t in s.terms)]))
        count = 6 if ctx.hard else 3
        if len(topics) < count:
            return None
        chosen = ctx.sample(topics, count)
        target = chosen[0]
        folder = "Documents/notes"
        setup: list[dict[str, Any]] = []
        for index, topic in enumerate(chosen):
            slug = "".join(c if c.isalnum() else "-" for c in topic.lower()).strip("-")
            reference = code if index == 0 else f"{ctx.rng.randrange(1000, 9999)}-X"
            days = 20 + index if ctx.hard else 3 + index
            setup.append(
                {
                    "at": ctx.before(days * 24 * 60),
                    "op": "files.write_file",
                    "args": {
                        "path": f"~/{folder}/{slug}.txt",
                        "mode": "overwrite",
                        "parents": True,
                        "content": f"Notes on {topic}\n\nreference: {reference}\nowner: {ctx.user.name}\n",
                    },
                }
            )
        instruction = ctx.pick(
            (
                f"what's the reference number in my notes about {target}? it's somewhere in ~/{folder}",
                f"find the reference for {target} in my notes folder and tell me",
            )
        )
        steps: list[dict[str, Any]] = [
            {
                "service": "shell",
                "tool": "run_command",
                "args": {"command": f"grep -ril '{target}' ~/{folder}"},
            },
        ]
        changes: list[dict[str, Any]] = []
        if ctx.hard:
            instruction += ", and put a copy of that note in ~/Desktop"
            slug = "".join(c if c.isalnum() else "-" for c in target.lower()).strip("-")
            steps.append(
                {
                    "service": "shell",
                    "tool": "run_command",
                    "args": {"command": f"mkdir -p ~/Desktop && cp ~/{folder}/{slug}.txt ~/Desktop/"},
                }
            )
            changes.append(
                {
                    "description": "a copy of the note on the Desktop",
                    "table": "file_node",
                    "kind": "insert",
                    "where": {
                        "device": {"equals": "laptop"},
                        "path": {"regex": f"^{home}/Desktop/[^/]+$"},
                        "content": {"contains": f"reference: {code}"},
                    },
                }
            )
        return ctx.task(
            title=f"Find the reference in the notes about {target}",
            category="shell",
            services=["shell"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": changes,
                "tolerated": [
                    {
                        "table": "file_node",
                        "kind": "insert",
                        "where": {"path": {"regex": f"^{home}/Desktop$"}},
                    }
                ],
                "forbidden": [
                    {"description": "no note deleted", "table": "file_node", "kind": "delete"},
                ],
                "answer": [{"description": "the reference", "contains": code}],
            },
            oracle={"steps": steps, "answer": f"The reference in your notes about {target} is {code}."},
        )
