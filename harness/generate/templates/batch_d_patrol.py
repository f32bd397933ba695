"""Patrol templates: confirmation requests from the last days still unanswered; a question to the user in
a group chat thread that nobody from the user's side has answered."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from harness.generate.base import Context
from harness.generate.templates.batch_d_common import (
    DAY,
    YES,
    day_text,
    future_slot,
    groups,
    keyword,
    post,
    receive,
    reply_flags,
    terms,
    unquoted,
)
from harness.tasks.model import Category, Task

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
        setup: list[dict[str, Any]] = []
        for index, (person, term) in enumerate(zip(chosen, topics, strict=True)):
            day = day_text(future_slot(ctx, 2 + index, 10))
            subject = ctx.pick(_ASKS).format(day=day, term=term)
            minutes = (index + 1) * DAY * (1.1 if ctx.hard else 0.6) + 17
            if index == waiting_count:
                minutes = 0.7 * DAY
            body = f"Hi,\n\n{subject} I need to know so I can plan around it.\n\nThanks,\n{person.first_name}"
            setup.append(receive(ctx, person, subject, body, minutes, ctx.key(f"ask-{index}")))
        answered = chosen[-1]
        setup.append(
            {
                "at": ctx.before(DAY * 0.3),
                "op": "mail.reply_to_email",
                "args": {"message_id": {"$ref": ctx.key(f"ask-{waiting_count}")}, "body": "Yes, confirmed!"},
            }
        )
        if ctx.hard:
            setup.append(
                {
                    "at": ctx.before(DAY * 0.8),
                    "op": "mail.receive_email",
                    "args": {
                        "from_address": "no-reply@accounts.example-cloud.com",
                        "from_name": "Example Cloud",
                        "to": [ctx.email],
                        "subject": "Please confirm your email address",
                        "body": "Click the link to confirm your email address. If this wasn't you, ignore this mail.",
                    },
                    "key": ctx.key("service"),
                }
            )
        window = "the last four days" if ctx.hard else "the last couple of days"
        instruction = ctx.pick(
            (
                f"has anyone asked me to confirm something by mail in {window} that I haven't answered? confirm it for me — yes to all of them",
                f"go through my mail from {window}: people waiting on a confirmation from me get a yes",
                f"reply yes to everyone who asked me to confirm something in {window} and is still waiting",
            )
        )
        waiting = chosen[:waiting_count]
        changes: list[dict[str, Any]] = [
            {
                "description": f"{person.name} gets a yes",
                "table": "mail_message",
                "kind": "insert",
                "where": {
                    "in_reply_to": {"ref": f"{ctx.key(f'ask-{index}')}.message_id"},
                    "to_addresses": {"includes": [person.email]},
                    "body": {"regex": unquoted(YES)},
                    "draft": {"equals": False},
                },
            }
            for index, person in enumerate(waiting)
        ]
        forbidden: list[dict[str, Any]] = [
            {
                "description": f"no second reply to {answered.name}, who already has one",
                "table": "mail_message",
                "kind": "insert",
                "where": {"to_addresses": {"includes": [answered.email]}},
            },
            {"description": "nothing deleted", "table": "mail_message", "kind": "delete"},
            {
                "description": "no reply to an automatic mail",
                "table": "mail_message",
                "kind": "insert",
                "where": {"to_addresses": {"regex": "no-?reply"}},
            },
        ]
        steps: list[dict[str, Any]] = [
            {"service": "mail", "tool": "search_emails", "args": {"query": "confirm", "folder": "Inbox"}}
        ]
        for index, (person, term) in enumerate(zip(waiting, topics, strict=False)):
            steps += [
                {
                    "service": "mail",
                    "tool": "search_emails",
                    "args": {"query": f"confirm {keyword(term)}", "sender": person.email},
                    "save": f"ask{index}",
                },
                {
                    "service": "mail",
                    "tool": "reply_to_email",
                    "args": {
                        "email_id": {"$result": f"ask{index}.items.0.id"},
                        "body": f"Hi {person.first_name},\n\nyes, confirmed.\n\n{ctx.user.name.split()[0]}",
                    },
                },
            ]
        return ctx.task(
            title="Confirm the requests still waiting on the user",
            category="patrol",
            services=["mail", "contacts"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": changes,
                "tolerated": [reply_flags(ctx.key(f"ask-{i}")) for i in range(waiting_count + 1)],
                "forbidden": forbidden,
            },
            oracle={
                "steps": steps,
                "answer": f"I confirmed to {', '.join(p.first_name for p in waiting)}; {answered.first_name} already had a yes.",
            },
        )


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
        me = ctx.user.name.split()[0]
        day = day_text(future_slot(ctx, 2, 10)).split()[0]
        setup: list[dict[str, Any]] = [
            post(
                ctx,
                group.conversation,
                asker.handles[group.workspace],
                f"@{me} can you take {term} on {day}?",
                2.5 * DAY,
                ctx.key("question"),
            ),
            {
                "at": ctx.before(1.2 * DAY),
                "op": "messaging.post_message",
                "args": {
                    "conversation_id": {"$ref": f"conv-{group.conversation}"},
                    "sender": chaser.handles[group.workspace],
                    "text": f"+1, {me} — we need to know for the plan",
                    "thread_parent_id": {"$ref": ctx.key("question")},
                },
            },
        ]
        if ctx.hard:
            setup += [
                post(
                    ctx,
                    group.conversation,
                    chaser.handles[group.workspace],
                    f"@{me} are you around for {done_term} later this week?",
                    2 * DAY,
                    ctx.key("done"),
                ),
                {
                    "at": ctx.before(1.9 * DAY),
                    "op": "messaging.post_message",
                    "args": {
                        "conversation_id": {"$ref": f"conv-{group.conversation}"},
                        "text": "yes, count me in",
                        "thread_parent_id": {"$ref": ctx.key("done")},
                    },
                },
                post(
                    ctx,
                    group.conversation,
                    asker.handles[group.workspace],
                    f"@{other.first_name} could you look at {other_term}?",
                    DAY,
                    ctx.key("not-mine"),
                ),
            ]
        forbidden: list[dict[str, Any]] = [
            {
                "description": "nothing posted in other conversations",
                "table": "chat_message",
                "kind": "insert",
                "where": {"conversation_id": {"regex": f"^(?!{re.escape(group.row_id)}$)"}},
            }
        ]
        if ctx.hard:
            forbidden += [
                {
                    "description": f"no second answer about {done_term}",
                    "table": "chat_message",
                    "kind": "insert",
                    "where": {"thread_parent_id": {"ref": ctx.key("done")}},
                },
                {
                    "description": f"no answer for {other.first_name}",
                    "table": "chat_message",
                    "kind": "insert",
                    "where": {"thread_parent_id": {"ref": ctx.key("not-mine")}},
                },
            ]
        instruction = ctx.pick(
            (
                f"is anyone in {group.name} still waiting for an answer from me? if it's about {term}, it's a yes — answer in the thread",
                f"did I leave a question hanging in {group.name}? reply in its thread: yes, I can do it",
                f"check {group.name} for questions to me I never answered and say yes in the thread",
            )
        )
        return ctx.task(
            title=f"Answer the question left hanging in {group.name}",
            category="patrol",
            services=["messaging"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": [
                    {
                        "description": f"a yes to {asker.name} in the thread",
                        "at_least": 1,
                        "table": "chat_message",
                        "kind": "insert",
                        "where": {
                            "thread_parent_id": {"ref": ctx.key("question")},
                            "sender_handle": {"equals": group.user_handle},
                            "text": {"regex": f"(?i){YES}|can do|i.?ll take"},
                        },
                    }
                ],
                "tolerated": [{"table": "chat_reaction", "kind": "insert"}],
                "forbidden": forbidden,
            },
            oracle={
                "steps": [
                    {
                        "service": "messaging",
                        "tool": "search_chat_messages",
                        "args": {
                            "query": f"take {term}",
                            "conversation_id": group.name,
                            "workspace": group.workspace,
                            "sender": asker.handles[group.workspace],
                        },
                        "save": "found",
                    },
                    {
                        "service": "messaging",
                        "tool": "send_chat_message",
                        "args": {
                            "thread_id": {"$result": "found.items.0.id"},
                            "text": f"Sorry for the wait — yes, I can take {term} on {day}.",
                        },
                    },
                ],
                "answer": f"{asker.first_name} asked whether you can take {term} on {day}; I said yes in the thread.",
            },
        )
