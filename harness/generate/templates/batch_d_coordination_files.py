"""Coordination across chat, files and mail: a document asked for in chat goes out by mail."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from harness.generate.base import Context
from harness.generate.templates.batch_d_common import (
    DAY,
    direct_chats,
    extend,
    file_title,
    home,
    post,
    terms,
    workspace_name,
    write,
)
from harness.tasks.model import Category, Task


class ChatRequestByMail:
    """Someone asks in chat for a document by mail; find it and mail it. Hard: older versions lie
    around, and they hear in chat that it's sent."""

    id: ClassVar[str] = "coordination-chat-request-by-mail"
    category: ClassVar[Category] = "coordination"

    def make(self, ctx: Context) -> Task | None:
        chats = direct_chats(ctx, with_email=True)
        laptop = home(ctx)
        if not chats or laptop is None or not ctx.persona.storylines:
            return None
        chat = ctx.pick(chats)
        stories = [s for s in ctx.persona.storylines if chat.person.key in s.people] or ctx.persona.storylines
        term = ctx.pick(terms(ctx.pick(stories)))
        title = f"{file_title(term)} summary"
        name = f"{title} (final).pdf" if ctx.hard else f"{title}.pdf"
        path = f"~/Documents/{name}"
        setup: list[dict[str, Any]] = [
            write(ctx, path, "", 4 * DAY, size=ctx.rng.randrange(60000, 300000), mime_type="application/pdf"),
            post(
                ctx,
                chat.conversation,
                chat.handle,
                f"could you mail me the {term} summary? I need it as an attachment for the files",
                30,
            ),
        ]
        if ctx.hard:
            for other, days in ((f"{title} (draft).pdf", 15), (f"{title} old.pdf", 25)):
                setup.append(
                    write(ctx, f"~/Downloads/{other}", "", days * DAY, size=ctx.rng.randrange(60000, 300000))
                )
        where = workspace_name(ctx, chat.workspace)
        instruction = ctx.pick(
            (
                f"{chat.person.first_name} asked on {where} for the {term} summary by mail. can you send it?",
                f"mail {chat.person.first_name} the {term} summary they asked for on {where}",
                f"{chat.person.name} needs my {term} summary — they want it by email, see {where}",
            )
        )
        steps: list[dict[str, Any]] = [
            {"service": "files", "tool": "search_files", "args": {"query": "summary", "directory": "~"}},
            {
                "service": "mail",
                "tool": "send_email",
                "args": {
                    "to": [chat.person.email],
                    "subject": title,
                    "body": f"Hi {chat.person.first_name},\n\nhere's the {term} summary.\n\n{ctx.user.name.split()[0]}",
                    "attachments": [{"device": "laptop", "path": path}],
                },
            },
        ]
        changes: list[dict[str, Any]] = [
            {
                "description": f"a mail to {chat.person.name}",
                "table": "mail_message",
                "kind": "insert",
                "where": {"to_addresses": {"includes": [chat.person.email]}, "draft": {"equals": False}},
            },
            {
                "description": f"with {name} attached",
                "table": "mail_attachment",
                "kind": "insert",
                "where": {"filename": {"equals": name}},
            },
        ]
        tolerated: list[dict[str, Any]] = [{"table": "chat_reaction", "kind": "insert"}]
        reply_where: dict[str, Any] = {
            "conversation_id": {"ref": f"conv-{chat.conversation}"},
            "sender_handle": {"equals": chat.user_handle},
        }
        if ctx.hard:
            instruction = extend(
                instruction,
                ctx.pick(
                    (
                        "the final one, and tell them in chat when it's sent",
                        "final version only, and let them know there",
                    )
                ),
            )
            steps.append(
                {
                    "service": "messaging",
                    "tool": "send_chat_message",
                    "args": {
                        "to_handle": chat.handle,
                        "workspace": chat.workspace,
                        "text": "Sent it to your mail ✉️",
                    },
                }
            )
            changes.append(
                {
                    "description": "they hear in chat that it's sent",
                    "at_least": 1,
                    "table": "chat_message",
                    "kind": "insert",
                    "where": {
                        **reply_where,
                        "text": {"regex": "(?i)(sent|mail|inbox|email|on its way|done)"},
                    },
                }
            )
        else:
            tolerated.append({"table": "chat_message", "kind": "insert", "where": reply_where})
        return ctx.task(
            title=f"Mail {chat.person.name} the {term} summary they asked for in chat",
            category="coordination",
            services=["messaging", "files", "mail", "contacts"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": changes,
                "tolerated": tolerated,
                "forbidden": [
                    {
                        "description": "no other file is sent",
                        "table": "mail_attachment",
                        "kind": "insert",
                        "where": {"filename": {"regex": f"^(?!{re.escape(name)}$)"}},
                    }
                ],
            },
            oracle={"steps": steps, "answer": f"I mailed {chat.person.first_name} {name}."},
        )
