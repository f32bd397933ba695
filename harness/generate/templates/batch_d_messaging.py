"""Messaging templates: answer a chat question with a fact from a mail; send someone a file in chat."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from harness.generate.base import Context
from harness.generate.templates.batch_d_common import (
    DAY,
    Chat,
    direct_chats,
    file_title,
    post,
    receive,
    reference,
    terms,
    workspace_name,
    write,
)
from harness.tasks.model import Category, Task

_FACTS = (
    ("booking reference", "the table at {place}", "BK"),
    ("confirmation number", "the {term} workshop", "CF"),
    ("access code", "the meeting room for {term}", "AC"),
)


class AnswerFromMail:
    """Someone asks in a direct chat for a reference that is in a mail from someone else; answer them.
    Hard: the instruction does not say where the fact is, and a later mail changed it."""

    id: ClassVar[str] = "messaging-answer-from-mail"
    category: ClassVar[Category] = "messaging"

    def make(self, ctx: Context) -> Task | None:
        chats = direct_chats(ctx)
        people = ctx.people(with_email=True)
        if not chats or not ctx.persona.storylines:
            return None
        chat = ctx.pick(chats)
        senders = [p for p in people if p.key != chat.person.key]
        if not senders:
            return None
        sender = ctx.pick(senders)
        what, thing, prefix = ctx.pick(_FACTS)
        term = ctx.pick(terms(ctx.pick(ctx.persona.storylines)))
        thing = thing.format(place=ctx.pick(ctx.persona.life.places), term=term)
        code, old = reference(ctx, prefix), reference(ctx, prefix)
        subject = f"{thing[0].upper()}{thing[1:]}: confirmed"
        setup: list[dict[str, Any]] = [
            receive(
                ctx,
                sender,
                subject,
                f"Hi,\n\nall set for {thing}. The {what} is {old if ctx.hard else code}.\n\nBest,\n{sender.first_name}",
                (9 if ctx.hard else 2) * DAY,
                ctx.key("fact-mail"),
            ),
            post(
                ctx,
                chat.conversation,
                chat.handle,
                f"hey, do you have the {what} for {thing}? can't find it",
                40,
            ),
        ]
        if ctx.hard:
            setup.append(
                receive(
                    ctx,
                    sender,
                    f"Re: {subject}",
                    f"Hi again,\n\nsmall change: the {what} for {thing} is now {code} (the old one no longer works).\n\n{sender.first_name}",
                    DAY,
                    ctx.key("update-mail"),
                )
            )
        where = workspace_name(ctx, chat.workspace)
        if ctx.hard:
            instruction = ctx.pick(
                (
                    f"{chat.person.first_name} asked me something on {where}, can you answer?",
                    f"answer {chat.person.first_name}'s question on {where} for me",
                )
            )
        else:
            instruction = ctx.pick(
                (
                    f"{chat.person.first_name} wants the {what} for {thing} — it's in {sender.first_name}'s mail. send it to them on {where}",
                    f"can you answer {chat.person.first_name} on {where}? the {what} is in a mail from {sender.first_name}",
                )
            )
        return ctx.task(
            title=f"Give {chat.person.name} the {what} from {sender.name}'s mail",
            category="messaging",
            services=["messaging", "mail"],
            instruction=instruction,
            setup=setup,
            expect=_answer_expect(chat, code, old if ctx.hard else ""),
            oracle={
                "steps": [
                    {"service": "mail", "tool": "search_emails", "args": {"query": what}, "save": "found"},
                    {
                        "service": "mail",
                        "tool": "read_email",
                        "args": {"email_id": {"$result": "found.items.0.id"}},
                    },
                    {
                        "service": "messaging",
                        "tool": "send_chat_message",
                        "args": {
                            "to_handle": chat.handle,
                            "workspace": chat.workspace,
                            "text": f"The {what} for {thing} is {code}",
                        },
                    },
                ],
                "answer": f"I sent {chat.person.first_name} the {what}: {code}.",
            },
        )


def _answer_expect(chat: Chat, code: str, old: str) -> dict[str, Any]:
    forbidden: list[dict[str, Any]] = [
        {
            "description": "nothing posted in other conversations",
            "table": "chat_message",
            "kind": "insert",
            "where": {"conversation_id": {"regex": f"^(?!{re.escape(chat.row_id)}$)"}},
        },
        {"description": "no mail sent", "table": "mail_message", "kind": "insert"},
    ]
    if old:
        forbidden.append(
            {
                "description": "the old, replaced code is not given",
                "table": "chat_message",
                "kind": "insert",
                "where": {"text": {"contains": old}},
            }
        )
    return {
        "changes": [
            {
                "description": f"{chat.person.name} gets the code in their chat",
                "at_least": 1,
                "table": "chat_message",
                "kind": "insert",
                "where": {
                    "conversation_id": {"ref": f"conv-{chat.conversation}"},
                    "sender_handle": {"equals": chat.user_handle},
                    "text": {"contains": code},
                },
            }
        ],
        "tolerated": [
            {"table": "chat_reaction", "kind": "insert"},
            {
                "table": "mail_message",
                "kind": "update",
                "where": {"subject": {"icontains": "confirmed"}},
                "columns": ["flagged", "seen", "labels"],
            },
        ],
        "forbidden": forbidden,
    }


class SendFileInChat:
    """Someone asks in a direct chat for a document; find it on the laptop and send it there. Hard: older
    versions of the file lie around, and only the final one is to go."""

    id: ClassVar[str] = "messaging-send-file"
    category: ClassVar[Category] = "messaging"

    def make(self, ctx: Context) -> Task | None:
        chats = direct_chats(ctx)
        if not chats or not ctx.persona.storylines:
            return None
        chat = ctx.pick(chats)
        stories = [s for s in ctx.persona.storylines if chat.person.key in s.people] or ctx.persona.storylines
        term = ctx.pick(terms(ctx.pick(stories)))
        title = f"{file_title(term)} one-pager"
        name = f"{title} v3 final.pdf" if ctx.hard else f"{title}.pdf"
        path = f"~/Documents/{title}/{name}" if ctx.hard else f"~/Documents/{name}"
        setup: list[dict[str, Any]] = [
            write(ctx, path, "", 3 * DAY, size=ctx.rng.randrange(90000, 400000), mime_type="application/pdf"),
            post(ctx, chat.conversation, chat.handle, f"could you send me the {term} one-pager? 🙏", 25),
        ]
        others: list[str] = []
        if ctx.hard:
            for version, folder, days in (("v1", "Downloads", 20), ("v2 draft", f"Documents/{title}", 10)):
                other = f"{title} {version}.pdf"
                others.append(other)
                setup.append(
                    write(
                        ctx,
                        f"~/{folder}/{other}",
                        "",
                        days * DAY,
                        size=ctx.rng.randrange(90000, 400000),
                        mime_type="application/pdf",
                    )
                )
        where = workspace_name(ctx, chat.workspace)
        instruction = ctx.pick(
            (
                f"{chat.person.first_name} wants the {term} one-pager, send it to them on {where}",
                f"can you find my {term} one-pager and send it to {chat.person.first_name}? they asked on {where}",
                f"send {chat.person.name} the {term} one-pager in our {where} chat",
            )
        )
        if ctx.hard:
            instruction += " — the final version, not the old drafts"
        home = ctx.row("SELECT home FROM device WHERE id = 'laptop'")
        if home is None:
            return None
        absolute = path.replace("~", str(home["home"]), 1)
        return ctx.task(
            title=f"Send {chat.person.name} the {term} one-pager in chat",
            category="messaging",
            services=["messaging", "files"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": [
                    {
                        "description": f"a message to {chat.person.name}",
                        "at_least": 1,
                        "table": "chat_message",
                        "kind": "insert",
                        "where": {
                            "conversation_id": {"ref": f"conv-{chat.conversation}"},
                            "sender_handle": {"equals": chat.user_handle},
                        },
                    },
                    {
                        "description": f"with {name} attached",
                        "table": "chat_attachment",
                        "kind": "insert",
                        "where": {"filename": {"equals": name}},
                    },
                ],
                "tolerated": [
                    {
                        "table": "chat_message",
                        "kind": "insert",
                        "where": {
                            "conversation_id": {"ref": f"conv-{chat.conversation}"},
                            "sender_handle": {"equals": chat.user_handle},
                        },
                    },
                    {"table": "chat_reaction", "kind": "insert"},
                ],
                "forbidden": [
                    {
                        "description": "no other file is sent",
                        "table": "chat_attachment",
                        "kind": "insert",
                        "where": {"filename": {"regex": f"^(?!{re.escape(name)}$)"}},
                    },
                    {"description": "no file changed", "table": "file_node", "kind": "update"},
                ],
            },
            oracle={
                "steps": [
                    {
                        "service": "files",
                        "tool": "search_files",
                        "args": {"query": "one-pager", "directory": "~"},
                    },
                    {
                        "service": "messaging",
                        "tool": "send_chat_message",
                        "args": {
                            "to_handle": chat.handle,
                            "workspace": chat.workspace,
                            "text": f"Here's the {term} one-pager",
                            "attach_files": [f"laptop:{absolute}"],
                        },
                    },
                ],
                "answer": f"I sent {chat.person.first_name} {name} on {where}.",
            },
        )
