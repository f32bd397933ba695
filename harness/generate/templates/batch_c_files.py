"""Files templates: save a mail attachment into a folder, add a line to a log."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, ClassVar

from harness.generate.base import Context
from harness.generate.templates.batch_c_common import (
    document_folders,
    home,
    mail_in,
    slug,
    story_folder,
    write_file,
)
from harness.tasks.model import Category, Task

_KINDS = (
    ("figures", "csv", "text/csv"),
    ("notes", "md", "text/markdown"),
    ("summary", "txt", "text/plain"),
)


def _story_and_sender(ctx: Context) -> tuple[Any, Any] | None:
    people = {p.key: p for p in ctx.people(with_email=True)}
    stories = [s for s in ctx.persona.storylines if any(k in people for k in s.people)]
    stories = [s for s in stories if story_folder(ctx, s)] or stories
    if not stories:
        return None
    story = ctx.pick(stories)
    return story, people[ctx.pick([k for k in story.people if k in people])]


class SaveMailAttachment:
    """Someone mailed a file; save it into one of the user's folders on the laptop. Hard: they sent two
    versions (the first a week earlier), and only the latest is to be saved."""

    id: ClassVar[str] = "files-save-attachment"
    category: ClassVar[Category] = "files"

    def make(self, ctx: Context) -> Task | None:
        base, folders = home(ctx), document_folders(ctx)
        found = _story_and_sender(ctx)
        if base is None or not folders or found is None:
            return None
        story, sender = found
        folder = story_folder(ctx, story) or ctx.pick(folders)
        term = re.sub(r"(?i)^the ", "", ctx.pick(story.terms))
        kind, ext, mime = ctx.pick(_KINDS)
        name = f"{slug(term)}-{kind}.{ext}"
        marker = f"ref {ctx.rng.randrange(10000, 99999)}"
        old_marker = f"ref {ctx.rng.randrange(10000, 99999)}"
        setup = [self._mail(ctx, sender, term, name, mime, marker, "v2" if ctx.hard else "", ctx.before(90))]
        if ctx.hard:
            setup.append(self._mail(ctx, sender, term, name, mime, old_marker, "v1", ctx.before(7 * 24 * 60)))
        path = f"{base}/Documents/{folder}"
        latest = " — the latest version" if ctx.hard else ""
        instruction = ctx.pick(
            (
                f"save the {term} {kind} {sender.first_name} mailed me into my {folder} folder{latest}",
                f"can you put {sender.first_name}'s {term} file in Documents/{folder} on my laptop{latest}?",
                f"{sender.first_name} sent me the {term} {kind} by mail; file it under ~/Documents/{folder}{latest}",
            )
        )
        forbidden: list[dict[str, Any]] = [
            {"description": "no mail is sent", "table": "mail_message", "kind": "insert"},
            {"description": "no file is changed or deleted", "table": "file_node", "kind": "update"},
        ]
        if ctx.hard:
            forbidden.append(
                {
                    "description": "the outdated first version is not saved",
                    "table": "file_node",
                    "kind": "insert",
                    "where": {"content": {"contains": old_marker}},
                }
            )
        return ctx.task(
            title=f"Save {sender.name}'s {term} attachment in {folder}",
            category="files",
            services=["mail", "files"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": [
                    {
                        "description": f"the attachment is saved in ~/Documents/{folder}",
                        "table": "file_node",
                        "kind": "insert",
                        "where": {
                            "device": {"equals": "laptop"},
                            "path": {"regex": f"^{re.escape(path)}/[^/]+$"},
                            "content": {"contains": marker},
                        },
                    }
                ],
                "tolerated": [
                    {"table": "mail_message", "kind": "update", "columns": ["seen", "flagged", "labels"]},
                ],
                "forbidden": forbidden,
            },
            oracle={
                "steps": [
                    {
                        "service": "mail",
                        "tool": "search_emails",
                        "args": {"query": term, "sender": sender.email, "has_attachment": True},
                        "save": "found",
                    },
                    {
                        "service": "mail",
                        "tool": "read_email",
                        "args": {"email_id": {"$result": "found.items.0.id"}},
                        "save": "mail",
                    },
                    {
                        "service": "mail",
                        "tool": "save_email_attachment",
                        "args": {
                            "attachment_id": {"$result": "mail.attachments.0.id"},
                            "path": f"~/Documents/{folder}",
                        },
                    },
                ],
                "answer": f"I saved {name} from {sender.first_name}'s mail into ~/Documents/{folder}.",
            },
        )

    @staticmethod
    def _mail(
        ctx: Context, sender: Any, term: str, name: str, mime: str, marker: str, version: str, at: str
    ) -> dict[str, Any]:
        tag = f" ({version})" if version else ""
        content = f"{term}{tag}\n{marker}\nprepared by {sender.name}\n"
        return mail_in(
            ctx,
            sender,
            f"{term.capitalize()}{tag}",
            f"Hi {ctx.user.name.split()[0]},\n\nattached is the {term} file{tag}.\n\nBest,\n{sender.first_name}",
            at,
            attachments=[{"filename": name, "content": content, "mime_type": mime}],
        )


class AppendToLog:
    """The user keeps a dated log; add today's line to its end. Hard: what to log is in a mail that came
    this morning (an amount and a reference), so it has to be looked up first."""

    id: ClassVar[str] = "files-append-log"
    category: ClassVar[Category] = "files"

    def make(self, ctx: Context) -> Task | None:
        base, folders = home(ctx), document_folders(ctx)
        found = _story_and_sender(ctx)
        if base is None or not folders or found is None:
            return None
        story, sender = found
        folder = story_folder(ctx, story) or ctx.pick(folders)
        name = f"{slug(story.title)}-log.md"
        path = f"{base}/Documents/{folder}/{name}"
        local = ctx.at.astimezone(ctx.tz)
        lines = [
            f"- {(local - timedelta(days=d)).date().isoformat()}: {term}"
            for d, term in zip((16, 9, 4), ctx.sample(story.terms, 3), strict=True)
        ]
        old = f"# {story.title} log\n\n" + "\n".join(lines) + "\n"
        today = local.date().isoformat()
        reference = f"{ctx.pick(('PO', 'INV', 'REF'))}-{ctx.rng.randrange(1000, 9999)}"
        amount = f"{ctx.rng.randrange(2, 40)},{ctx.rng.randrange(100, 999)}"
        setup: list[dict[str, Any]] = [
            write_file(ctx.before(4 * 24 * 60), f"~/Documents/{folder}/{name}", old)
        ]
        if ctx.hard:
            setup.append(
                mail_in(
                    ctx,
                    sender,
                    f"Confirmed: {story.title}",
                    f"Hi {ctx.user.name.split()[0]},\n\nconfirmed on our side: {amount} EUR, reference {reference}.\n\n{sender.first_name}",
                    ctx.before(45),
                )
            )
            entry = f"{sender.first_name} confirmed {amount} EUR ({reference})"
            needed = [re.escape(reference), amount.replace(",", "[,.]?")]
            what = f"{sender.first_name}'s confirmation from this morning (amount and reference)"
        else:
            entry = f"call with {sender.first_name} about {ctx.pick(story.terms)} ({reference})"
            needed = [re.escape(reference)]
            what = f"'{entry}'"
        new_line = f"- {today}: {entry}\n"
        tail = "".join(f"(?=.*{n})" for n in needed)
        instruction = ctx.pick(
            (
                f"add today's entry to my {story.title} log in {folder}: {what}",
                f"log {what} in ~/Documents/{folder}/{name}, dated today like the other lines",
            )
        )
        steps: list[dict[str, Any]] = [
            {"service": "files", "tool": "read_file", "args": {"path": f"~/Documents/{folder}/{name}"}}
        ]
        if ctx.hard:
            steps.insert(
                0,
                {
                    "service": "mail",
                    "tool": "search_emails",
                    "args": {"query": "confirmed", "sender": sender.email},
                },
            )
        steps.append(
            {
                "service": "files",
                "tool": "write_file",
                "args": {"path": f"~/Documents/{folder}/{name}", "content": new_line, "mode": "append"},
            }
        )
        return ctx.task(
            title=f"Add today's line to the {story.title} log",
            category="files",
            services=["files", "mail"] if ctx.hard else ["files"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": [
                    {
                        "description": "the old lines are kept and today's line is added after them",
                        "table": "file_node",
                        "kind": "update",
                        "where": {
                            "path": {"equals": path},
                            "content": {"regex": f"(?s)^{re.escape(old.rstrip())}\\s*\\n.*{today}{tail}"},
                        },
                    }
                ],
                "forbidden": [
                    {
                        "description": "no other file changes",
                        "table": "file_node",
                        "kind": "update",
                        "where": {"path": {"regex": f"^(?!{re.escape(path)}$)"}},
                    },
                    {"description": "nothing is deleted", "table": "file_node", "kind": "delete"},
                    {"description": "no mail is sent", "table": "mail_message", "kind": "insert"},
                ],
            },
            oracle={"steps": steps, "answer": f"Added '{new_line.strip()}' to {name}."},
        )
