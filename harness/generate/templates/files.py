"""Files templates: save a mail attachment into a folder, add a line to a log, rename scanned receipts by
the date and shop written on them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from fixtures.persona import Storyline
from harness.generate.base import Context, Person
from harness.generate.builders import (
    change,
    contains,
    empty,
    equals,
    expect,
    final_rows,
    forbid,
    other_than,
    regex,
    result,
    step,
    tolerate,
)
from harness.generate.templates._setup import attachment, receive_email, write_file
from harness.generate.templates._world import DAY, document_folders, home, slug, story_folder
from harness.tasks.model import Category, Expectations, FinalState, Forbidden, Oracle, Task
from state.history import HistoryEvent

_KINDS = (
    ("figures", "csv", "text/csv"),
    ("notes", "md", "text/markdown"),
    ("summary", "txt", "text/plain"),
)


def _story_and_sender(ctx: Context) -> tuple[Storyline, Person] | None:
    """A storyline (one with a folder of its own if any has) and someone in it with an address."""
    people = {p.key: p for p in ctx.people(with_email=True)}
    stories = [s for s in ctx.persona.storylines if any(k in people for k in s.people)]
    stories = [s for s in stories if story_folder(ctx, s)] or stories
    if not stories:
        return None
    story = ctx.pick(stories)
    return story, people[ctx.pick([k for k in story.people if k in people])]


@dataclass(frozen=True)
class _Attachment:
    sender: Person
    term: str
    kind: str
    name: str
    mime: str


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
        kind, extension, mime = ctx.pick(_KINDS)
        sent = _Attachment(sender, term, kind, f"{slug(term)}-{kind}.{extension}", mime)
        marker = f"ref {ctx.rng.randrange(10000, 99999)}"
        old_marker = f"ref {ctx.rng.randrange(10000, 99999)}"
        setup = [self._mail(ctx, ctx.before(90), sent, marker, "v2" if ctx.hard else "")]
        if ctx.hard:
            setup.append(self._mail(ctx, ctx.before(7 * DAY), sent, old_marker, "v1"))
        latest = " — the latest version" if ctx.hard else ""
        instruction = ctx.pick(
            (
                f"save the {term} {kind} {sender.first_name} mailed me into my {folder} folder{latest}",
                f"can you put {sender.first_name}'s {term} file in Documents/{folder} on my laptop{latest}?",
                f"{sender.first_name} sent me the {term} {kind} by mail; file it under ~/Documents/{folder}{latest}",
            )
        )
        return ctx.task(
            title=f"Save {sender.name}'s {term} attachment in {folder}",
            category=self.category,
            services=["mail", "files"],
            instruction=instruction,
            setup=setup,
            expect=self._expect(ctx, f"{base}/Documents/{folder}", folder, marker, old_marker),
            oracle=self._oracle(sent, folder),
        )

    def _mail(self, ctx: Context, at: str, sent: _Attachment, marker: str, version: str) -> HistoryEvent:
        tag = f" ({version})" if version else ""
        content = f"{sent.term}{tag}\n{marker}\nprepared by {sent.sender.name}\n"
        body = f"Hi {ctx.user_first_name},\n\nattached is the {sent.term} file{tag}.\n\nBest,\n{sent.sender.first_name}"
        file = attachment(sent.name, sent.mime, content=content)
        return receive_email(ctx, at, sent.sender, f"{sent.term.capitalize()}{tag}", body, attachments=[file])

    def _expect(self, ctx: Context, path: str, folder: str, marker: str, old_marker: str) -> Expectations:
        where = {
            "device": equals("laptop"),
            "path": regex(f"^{re.escape(path)}/[^/]+$"),
            "content": contains(marker),
        }
        forbidden = [
            forbid("insert", "mail_message", "no mail is sent"),
            forbid("update", "file_node", "no file is changed or deleted"),
        ]
        if ctx.hard:
            description = "the outdated first version is not saved"
            forbidden.append(
                forbid("insert", "file_node", description, where={"content": contains(old_marker)})
            )
        return expect(
            changes=[
                change("insert", "file_node", f"the attachment is saved in ~/Documents/{folder}", where=where)
            ],
            tolerated=[tolerate("update", "mail_message", columns=["seen", "flagged", "labels"])],
            forbidden=forbidden,
        )

    def _oracle(self, sent: _Attachment, folder: str) -> Oracle:
        sender = sent.sender
        steps = [
            step(
                "mail",
                "search_emails",
                query=sent.term,
                sender=sender.email,
                has_attachment=True,
                save="found",
            ),
            step("mail", "read_email", email_id=result("found.items.0.id"), save="mail"),
            step(
                "mail",
                "save_email_attachment",
                attachment_id=result("mail.attachments.0.id"),
                path=f"~/Documents/{folder}",
            ),
        ]
        answer = f"I saved {sent.name} from {sender.first_name}'s mail into ~/Documents/{folder}."
        return Oracle(steps=steps, answer=answer)


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
        log, local = f"~/Documents/{folder}/{name}", ctx.at.astimezone(ctx.tz)
        lines = [
            f"- {(local - timedelta(days=d)).date().isoformat()}: {term}"
            for d, term in zip((16, 9, 4), ctx.sample(story.terms, 3), strict=True)
        ]
        old = f"# {story.title} log\n\n" + "\n".join(lines) + "\n"
        reference = f"{ctx.pick(('PO', 'INV', 'REF'))}-{ctx.rng.randrange(1000, 9999)}"
        amount = f"{ctx.rng.randrange(2, 40)},{ctx.rng.randrange(100, 999)}"
        setup = [write_file(ctx.before(4 * DAY), log, old, device="laptop")]
        if ctx.hard:
            body = f"Hi {ctx.user_first_name},\n\nconfirmed on our side: {amount} EUR, reference {reference}.\n\n{sender.first_name}"
            setup.append(receive_email(ctx, ctx.before(45), sender, f"Confirmed: {story.title}", body))
            entry = f"{sender.first_name} confirmed {amount} EUR ({reference})"
            needed = [re.escape(reference), amount.replace(",", "[,.]?")]
            what = f"{sender.first_name}'s confirmation from this morning (amount and reference)"
        else:
            entry = f"call with {sender.first_name} about {ctx.pick(story.terms)} ({reference})"
            needed, what = [re.escape(reference)], f"'{entry}'"
        today = local.date().isoformat()
        content = f"(?s)^{re.escape(old.rstrip())}\\s*\\n.*{today}" + "".join(f"(?=.*{n})" for n in needed)
        return ctx.task(
            title=f"Add today's line to the {story.title} log",
            category=self.category,
            services=["files", "mail"] if ctx.hard else ["files"],
            instruction=self._instruction(ctx, story.title, folder, name, what),
            setup=setup,
            expect=self._expect(f"{base}/Documents/{folder}/{name}", content),
            oracle=self._oracle(ctx, sender, log, f"- {today}: {entry}\n", name),
        )

    def _instruction(self, ctx: Context, title: str, folder: str, name: str, what: str) -> str:
        return ctx.pick(
            (
                f"add today's entry to my {title} log in {folder}: {what}",
                f"log {what} in ~/Documents/{folder}/{name}, dated today like the other lines",
            )
        )

    def _expect(self, path: str, content: str) -> Expectations:
        description = "the old lines are kept and today's line is added after them"
        where = {"path": equals(path), "content": regex(content)}
        return expect(
            changes=[change("update", "file_node", description, where=where)],
            forbidden=[
                forbid("update", "file_node", "no other file changes", where={"path": other_than(path)}),
                forbid("delete", "file_node", "nothing is deleted"),
                forbid("insert", "mail_message", "no mail is sent"),
            ],
        )

    def _oracle(self, ctx: Context, sender: Person, log: str, new_line: str, name: str) -> Oracle:
        steps = [step("mail", "search_emails", query="confirmed", sender=sender.email)] if ctx.hard else []
        steps += [
            step("files", "read_file", path=log),
            step("files", "write_file", path=log, content=new_line, mode="append"),
        ]
        return Oracle(steps=steps, answer=f"Added '{new_line.strip()}' to {name}.")


_RENAMED = r"^(scan_\d+|\d{4}-\d{2}-\d{2}.*)\.txt$"


@dataclass(frozen=True)
class _Scan:
    name: str
    day: date
    shop: str
    amount: str


class RenameByDate:
    """Scanned receipts in a folder carry the scanner's names; rename each to its date and shop. Hard: more
    receipts, dates written the German/European way inside, and a note in the folder that stays as it is."""

    id: ClassVar[str] = "files-rename-receipts"
    category: ClassVar[Category] = "files"

    def make(self, ctx: Context) -> Task | None:
        base = home(ctx)
        shops = [s for s in dict.fromkeys(ctx.persona.life.shops) if "/" not in s]
        count = 4 if ctx.hard else 2
        if base is None or len(shops) < count:
            return None
        folder = f"Downloads/scans-{ctx.at.strftime('%m-%d')}"
        if ctx.row("SELECT 1 FROM file_node WHERE device = 'laptop' AND path = ?", f"{base}/{folder}"):
            return None
        local = ctx.at.astimezone(ctx.tz)
        numbers = ctx.sample(range(100, 999), count)
        scans = [
            _Scan(
                f"scan_{number:04d}.txt",
                (local - timedelta(days=3 + 4 * index)).date(),
                shop,
                f"{ctx.rng.randrange(5, 180)}.{ctx.rng.randrange(10, 99)}",
            )
            for index, (number, shop) in enumerate(zip(numbers, ctx.sample(shops, count), strict=True))
        ]
        example = f"{local.year}-01-05 Corner Shop.txt"
        instruction = ctx.pick(
            (
                f"the receipts I scanned are in ~/{folder} with useless names. rename each one to its date and shop, like '{example}'",
                f"rename the scans in my {folder} folder by the date and shop on each receipt — e.g. {example}",
            )
        )
        return ctx.task(
            title=f"Rename the scanned receipts in ~/{folder}",
            category=self.category,
            services=["files", "shell"],
            instruction=instruction,
            setup=self._setup(ctx, folder, scans),
            expect=self._expect(ctx, f"^{re.escape(base)}/{re.escape(folder)}/", scans),
            oracle=self._oracle(folder, scans),
        )

    def _setup(self, ctx: Context, folder: str, scans: list[_Scan]) -> list[HistoryEvent]:
        """The scans (hard: dates written ``31.12.2026``, and a README beside them)."""
        setup: list[HistoryEvent] = []
        for index, scan in enumerate(scans):
            written = scan.day.strftime("%d.%m.%Y") if ctx.hard else scan.day.isoformat()
            content = f"RECEIPT\nShop: {scan.shop}\nDate: {written}\nTotal: {scan.amount}\n"
            setup.append(
                write_file(ctx.before(60 + index), f"~/{folder}/{scan.name}", content, device="laptop")
            )
        if ctx.hard:
            note = "Scanned with the phone app. Receipts only.\n"
            setup.append(write_file(ctx.before(30), f"~/{folder}/README.txt", note, device="laptop"))
        return setup

    def _renamed(self, scan: _Scan, inside: str) -> FinalState:
        iso = scan.day.isoformat()
        where = {
            "device": equals("laptop"),
            "path": regex(f"{inside}{iso}[ _-]+(?i:{re.escape(scan.shop)})\\.txt$"),
            "content": contains(f"Total: {scan.amount}"),
            "trashed_at": empty(),
        }
        return final_rows("file_node", f"{scan.name} is now {iso} {scan.shop}.txt", where=where)

    def _expect(self, ctx: Context, inside: str, scans: list[_Scan]) -> Expectations:
        where = {
            "device": equals("laptop"),
            "path": regex(f"{inside}scan_\\d+\\.txt$"),
            "trashed_at": empty(),
        }
        final = [
            *(self._renamed(scan, inside) for scan in scans),
            final_rows("file_node", "no scanner names are left", where=where, count=0),
        ]
        forbidden: list[Forbidden] = [
            forbid(
                "delete",
                "file_node",
                "nothing but the scans is deleted",
                where={"name": regex("^(?!scan_\\d+\\.txt$)")},
            )
        ]
        if ctx.hard:
            where = {"name": equals("README.txt")}
            forbidden.append(forbid("update", "file_node", "the README stays as it is", where=where))
        return expect(
            final=final,
            tolerated=[
                tolerate("update", "file_node", where={"name": regex(_RENAMED)}),
                tolerate("insert", "file_node", where={"path": regex(inside)}),
            ],
            forbidden=forbidden,
        )

    def _oracle(self, folder: str, scans: list[_Scan]) -> Oracle:
        moves = [
            step(
                "files",
                "move_file",
                source=f"~/{folder}/{scan.name}",
                destination=f"~/{folder}/{scan.day.isoformat()} {scan.shop}.txt",
            )
            for scan in scans
        ]
        return Oracle(
            steps=[step("files", "list_directory", path=f"~/{folder}"), *moves],
            answer=f"I renamed the {len(scans)} receipts in ~/{folder} to their date and shop.",
        )
