"""Multi-device templates: notes from the phone onto the laptop, a laptop document onto the phone, one day's
photos the laptop already has cleared off the phone."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from harness.generate.base import Context
from harness.generate.builders import (
    Where,
    answer_matches,
    change,
    contains,
    empty,
    equals,
    expect,
    final_rows,
    forbid,
    not_empty,
    other_than,
    regex,
    step,
    tolerate,
)
from harness.generate.templates._setup import write_file
from harness.generate.templates._world import (
    DAY,
    backed_up_photos,
    day_text,
    document_folders,
    home,
    live_path,
    slug,
    story_folder,
)
from harness.tasks.model import (
    AnswerCheck,
    Category,
    Expectations,
    FinalState,
    Forbidden,
    Oracle,
    OracleStep,
    Required,
    RowPattern,
    Task,
)
from state.history import HistoryEvent

_ON_LAPTOP = {"device": equals("laptop")}
_ON_PHONE = {"device": equals("phone")}


@dataclass(frozen=True)
class _Notes:
    term: str
    folder: str
    """The ~/Documents folder on the laptop they go into."""
    name: str
    day: datetime
    marker: str
    old_marker: str
    """What the older notes on the phone (hard) say, which must not be copied."""


class PhoneNotesToLaptop:
    """Notes typed on the phone go into a folder on the laptop. Hard: an older note on the same topic is
    on the phone too, only the newest is wanted, and it is to be moved (gone from the phone)."""

    id: ClassVar[str] = "multi-device-phone-notes-to-laptop"
    category: ClassVar[Category] = "multi-device"

    def make(self, ctx: Context) -> Task | None:
        base, phone, folders = home(ctx), home(ctx, "phone"), document_folders(ctx)
        if base is None or phone is None or not folders or not ctx.persona.storylines:
            return None
        story = ctx.pick(
            [s for s in ctx.persona.storylines if story_folder(ctx, s)] or ctx.persona.storylines
        )
        term = re.sub(r"(?i)^the ", "", ctx.pick(story.terms))
        folder = story_folder(ctx, story) or ctx.pick(folders)
        local = ctx.at.astimezone(ctx.tz)
        day = local - timedelta(days=ctx.rng.randrange(1, 4))
        marker = f"action {ctx.rng.randrange(100, 999)}"
        name = f"{slug(term)} notes {day.strftime('%m-%d')}.md"
        setup = [self._note(ctx, f"~/Documents/{name}", term, marker, day)]
        notes = _Notes(term, folder, name, day, marker, f"action {ctx.rng.randrange(100, 999)}")
        if ctx.hard:
            old_day = local - timedelta(days=ctx.rng.randrange(15, 25))
            old_name = f"{slug(term)} notes {old_day.strftime('%m-%d')}.md"
            setup.append(self._note(ctx, f"~/Documents/{old_name}", term, notes.old_marker, old_day))
        answer = f"I {'moved' if ctx.hard else 'copied'} {name} from your phone into ~/Documents/{folder}."
        return ctx.task(
            title=f"Put the {term} notes from the phone in {folder}",
            category=self.category,
            services=["files"],
            instruction=self._instruction(ctx, notes),
            setup=setup,
            expect=self._expect(ctx, notes, f"{base}/Documents/{folder}"),
            oracle=Oracle(steps=self._steps(ctx, notes), answer=answer),
        )

    def _note(self, ctx: Context, path: str, term: str, marker: str, when: datetime) -> HistoryEvent:
        content = (
            f"{term} — {day_text(when)}\n\n- {marker}: follow up with the team\n- open questions in the doc\n"
        )
        return write_file(ctx.local(when.replace(hour=17, minute=5)), path, content, device="phone")

    def _instruction(self, ctx: Context, notes: _Notes) -> str:
        term, folder = notes.term, notes.folder
        ask = "move" if ctx.hard else "copy"
        which = f"the one from {day_text(notes.day)}, " if ctx.hard else ""
        instruction = ctx.pick(
            (
                f"{ask} the {term} notes I typed on my phone ({which}in its Documents) into my {folder} folder on the laptop",
                f"I wrote notes about {term} on my phone — {which}{ask} them to ~/Documents/{folder} on my laptop please",
            )
        )
        return instruction + (". I don't need them on the phone after that" if ctx.hard else "")

    def _expect(self, ctx: Context, notes: _Notes, target: str) -> Expectations:
        where = {
            "device": equals("laptop"),
            "path": regex(f"^{re.escape(target)}/[^/]+$"),
            "content": contains(notes.marker),
        }
        copied = change(
            "insert", "file_node", f"the notes are in ~/Documents/{notes.folder} on the laptop", where=where
        )
        kept = forbid("update", "file_node", "nothing on the laptop is changed", where=_ON_LAPTOP)
        if ctx.hard:
            return self._moved(copied, kept, notes)
        return expect(
            changes=[copied],
            forbidden=[
                kept,
                forbid("delete", "file_node", "nothing else is deleted for good"),
                forbid("update", "file_node", "the phone is left as it is", where=_ON_PHONE),
            ],
        )

    def _moved(self, copied: Required, kept: Forbidden, notes: _Notes) -> Expectations:
        """Hard: the notes are gone from the phone, the older ones neither copied nor touched."""
        on_phone: Where = {**_ON_PHONE, "name": equals(notes.name)}
        older = {"content": contains(notes.old_marker)}
        description = "the notes are gone from the phone (bin or not)"
        return expect(
            changes=[copied],
            final=[final_rows("file_node", description, where={**on_phone, "trashed_at": empty()}, count=0)],
            tolerated=[
                tolerate("update", "file_node", where={**on_phone, "trashed_at": not_empty()}),
                tolerate("delete", "file_node", where=on_phone),
            ],
            forbidden=[
                kept,
                forbid(
                    "delete",
                    "file_node",
                    "nothing else is deleted for good",
                    where={"name": other_than(notes.name)},
                ),
                forbid("insert", "file_node", "the older notes are not copied", where=older),
                forbid("update", "file_node", "the older notes stay on the phone", where=older),
            ],
        )

    def _steps(self, ctx: Context, notes: _Notes) -> list[OracleStep]:
        path = f"~/Documents/{notes.name}"
        steps = [
            step("files", "search_files", query=notes.term, device="phone"),
            step(
                "files",
                "sync_file_to_device",
                path=path,
                device="phone",
                to_device="laptop",
                to_path=f"~/Documents/{notes.folder}",
            ),
        ]
        return steps + ([step("files", "delete_file", path=path, device="phone")] if ctx.hard else [])


@dataclass(frozen=True)
class _Document:
    path: str
    name: str
    content: str
    snippet: str
    """A long line of the laptop's text that the phone's copy (hard: the old copy) lacks: its last one."""
    phone_path: str | None = None
    """Hard: where the phone's old copy is (or will be, when the setup puts one there)."""
    setup: tuple[HistoryEvent, ...] = ()

    @property
    def stem(self) -> str:
        return self.name.rsplit(".", 1)[0]


# A meeting note or a day's note ("2026-02-17 Padaria Lusa rebrand: Concepts presentation.md") is not a
# document one asks for by name.
_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}\b")


class DocumentToPhone:
    """A document from the laptop goes onto the phone. Hard: the phone has an old copy, which must be
    brought up to date where it is."""

    id: ClassVar[str] = "multi-device-document-to-phone"
    category: ClassVar[Category] = "multi-device"

    def make(self, ctx: Context) -> Task | None:
        base, phone = home(ctx), home(ctx, "phone")
        if base is None or phone is None:
            return None
        documents = self._documents(ctx, base, phone)
        if not documents:
            return None
        document = ctx.pick(documents)
        to_path = document.phone_path if ctx.hard and document.phone_path else f"{phone}/Documents"
        steps = [
            step("files", "search_files", query=document.stem, device="laptop"),
            step("files", "search_files", query=document.stem, device="phone"),
            step(
                "files",
                "sync_file_to_device",
                path=f"~/{document.path[len(base) + 1 :]}",
                device="laptop",
                to_device="phone",
                to_path=to_path,
            ),
        ]
        answer = f"{document.stem} is now on your phone ({to_path}), the same as on the laptop."
        return ctx.task(
            title=f"Put the current {document.stem} on the phone",
            category=self.category,
            services=["files"],
            instruction=self._instruction(ctx, document.stem),
            setup=list(document.setup),
            expect=self._expect(ctx, document, to_path),
            oracle=Oracle(steps=steps, answer=answer),
        )

    def _documents(self, ctx: Context, base: str, phone: str) -> list[_Document]:
        """The laptop's longer text documents in a ~/Documents subfolder that the task can use: simple,
        ones the phone lacks; hard, ones the phone has an old copy of (or can be given one). The
        storylines' own documents when there are such, else any undated ones (not meeting notes)."""
        rows = ctx.rows(
            "SELECT path, name, content FROM file_node WHERE device = 'laptop' AND is_dir = 0 AND trashed_at IS NULL "
            "AND path LIKE ? AND length(content) > 300 AND (name LIKE '%.md' OR name LIKE '%.txt') ORDER BY path",
            f"{base}/Documents/%/%",
        )
        titles = {f"{title}.md" for story in ctx.persona.storylines for title in story.documents}
        rows = [r for r in rows if str(r["name"]) in titles] or [
            r for r in rows if not _DATED.match(str(r["name"]))
        ]
        found: list[_Document] = []
        for row in rows:
            path, name, content = str(row["path"]), str(row["name"]), str(row["content"])
            copies = ctx.rows(
                "SELECT path, content FROM file_node WHERE device = 'phone' AND name = ? AND is_dir = 0 "
                "AND trashed_at IS NULL ORDER BY path",
                name,
            )
            if not ctx.hard:
                snippet = _last_line_not_in(content, "")
                if snippet is not None and not copies:
                    found.append(_Document(path, name, content, snippet))
                continue
            if len(copies) > 1:
                continue  # which copy is "the" old one would be a guess
            document = self._old_copy(ctx, path, name, content, copies[0] if copies else None, phone)
            if document is not None:
                found.append(document)
        return found

    def _old_copy(
        self, ctx: Context, path: str, name: str, content: str, copy: sqlite3.Row | None, phone: str
    ) -> _Document | None:
        """Hard: the document with the phone's old copy, and the setup that puts one there if it has none
        (None when the phone's copy is already current)."""
        if copy is not None:
            snippet = _last_line_not_in(content, str(copy["content"]))
            if snippet is None:
                return None
            return _Document(path, name, content, snippet, str(copy["path"]))
        phone_path = f"{phone}/Documents/{name}"
        if live_path(ctx, "phone", phone_path):
            return None
        stale = content[: len(content) // 2]
        snippet = _last_line_not_in(content, stale)
        if snippet is None:
            return None
        setup = (write_file(ctx.before(30 * DAY), phone_path, stale, device="phone"),)
        return _Document(path, name, content, snippet, phone_path, setup)

    def _instruction(self, ctx: Context, stem: str) -> str:
        if ctx.hard:
            return ctx.pick(
                (
                    f"the {stem} on my phone is an old version — update it with the current one from my laptop, keep it where it is on the phone",
                    f"my phone has an outdated copy of {stem}. replace it with the laptop's version (same place on the phone)",
                )
            )
        return ctx.pick(
            (
                f"put {stem} on my phone, I want to read it on the way",
                f"can you get the {stem} doc from my laptop onto my phone?",
                f"I need {stem} on my phone for later — copy it over from the laptop",
            )
        )

    def _expect(self, ctx: Context, document: _Document, to_path: str) -> Expectations:
        text = contains(document.snippet)
        if ctx.hard:
            where = {**_ON_PHONE, "path": equals(to_path), "content": text}
            description = "the phone's copy now has the laptop's text, where it was"
            copied = change("update", "file_node", description, where=where)
        else:
            where = {**_ON_PHONE, "name": regex(f"^{re.escape(document.stem)}"), "content": text}
            description = f"{document.name} is on the phone with the laptop's text"
            copied = change("insert", "file_node", description, where=where)
        return expect(
            changes=[copied],
            tolerated=[tolerate("insert", "file_node", where={**_ON_PHONE, "is_dir": equals(1)})],
            forbidden=[
                forbid("update", "file_node", "nothing on the laptop changes", where=_ON_LAPTOP),
                forbid("delete", "file_node", "nothing is deleted"),
            ],
        )


def _last_line_not_in(content: str, other: str) -> str | None:
    """The last line of ``content`` long enough to tell it apart (20 characters or more) that ``other``
    does not hold, stripped; None when there is none."""
    held = {line.strip() for line in other.splitlines()}
    lines = [line.strip() for line in content.splitlines() if len(line.strip()) >= 20]
    return next((line for line in reversed(lines) if line not in held), None)


@dataclass(frozen=True)
class _Photos:
    day: datetime
    taken: list[datetime]
    names: list[str]
    sizes: list[int]
    backed: set[int]
    """The photos (by index) the laptop has a copy of."""
    broken: int
    """The one whose laptop copy is too small (hard; -1 for none)."""
    already: dict[str, str]
    """That day's photos the world had backed up already: name -> phone path."""

    @property
    def paths(self) -> dict[str, str]:
        """Each photo to delete: name -> phone path."""
        new = [n for i, n in enumerate(self.names) if i in self.backed and i != self.broken]
        return {n: f"~/DCIM/Camera/{n}" for n in new} | self.already

    @property
    def gone(self) -> list[str]:
        return sorted(self.paths)

    @property
    def pattern(self) -> str:
        return "(" + "|".join(re.escape(n) for n in self.gone) + ")"


class ClearBackedUpPhotos:
    """Free phone space: delete one day's photos that the laptop already has. Hard: one laptop copy is
    broken (too small) — that photo stays on the phone and is copied over again, and named in the answer."""

    id: ClassVar[str] = "multi-device-clear-backed-up-photos"
    category: ClassVar[Category] = "multi-device"

    def make(self, ctx: Context) -> Task | None:
        base, phone = home(ctx), home(ctx, "phone")
        if base is None or phone is None:
            return None
        found = backed_up_photos(ctx, base)
        if found is None:
            return None
        day, already = found
        place = ctx.pick(ctx.persona.life.places)
        count = 7 if ctx.hard else 5
        midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
        taken = [
            midnight + timedelta(seconds=s) for s in sorted(ctx.sample(range(10 * 3600, 19 * 3600), count))
        ]
        names = [f"IMG_{moment.strftime('%Y%m%d_%H%M%S')}.jpg" for moment in taken]
        if any(live_path(ctx, "phone", f"{phone}/DCIM/Camera/{n}") for n in names):
            return None
        sizes = [ctx.rng.randrange(2_000_000, 6_500_000) for _ in names]
        backed = set(ctx.sample(range(count), 4 if ctx.hard else 3))
        photos = _Photos(day, taken, names, sizes, backed, min(backed) if ctx.hard else -1, already)
        setup = self._setup(ctx, photos, place)
        broken = names[photos.broken] if ctx.hard else ""
        return ctx.task(
            title=f"Delete the {day_text(day)} photos the laptop already has from the phone",
            category=self.category,
            services=["files"],
            instruction=self._instruction(ctx, day_text(day)),
            setup=setup,
            expect=self._expect(ctx, photos, f"{base}/Pictures/Phone/{broken}"),
            oracle=self._oracle(ctx, photos),
        )

    def _setup(self, ctx: Context, photos: _Photos, place: str) -> list[HistoryEvent]:
        """Each photo on the phone and the laptop's copies (the broken one a third of its size)."""
        setup: list[HistoryEvent] = []
        for index, (name, size) in enumerate(zip(photos.names, photos.sizes, strict=True)):
            taken = ctx.local(photos.taken[index])
            subject = ctx.pick(ctx.persona.life.photo_subjects)
            meta = {"camera": ctx.persona.life.camera, "place": place, "subject": subject, "taken_at": taken}
            jpeg = {"mime_type": "image/jpeg", "metadata": meta}
            setup.append(write_file(taken, f"~/DCIM/Camera/{name}", "", device="phone", size=size, **jpeg))
            if index in photos.backed:
                copy_size = size // 3 if index == photos.broken else size
                path = f"~/Pictures/Phone/{name}"
                setup.append(write_file(ctx.before(DAY), path, "", device="laptop", size=copy_size, **jpeg))
        return setup

    def _instruction(self, ctx: Context, when: str) -> str:
        instruction = ctx.pick(
            (
                f"my phone is full. delete the photos from {when} off the phone, but only the ones that are already on the laptop in Pictures/Phone",
                f"free some space on my phone: the {when} photos that are backed up in ~/Pictures/Phone on the laptop can go from the phone. keep the rest",
            )
        )
        if ctx.hard:
            instruction += ". if a laptop copy isn't the same size as the phone's, don't delete that one — copy it over again and tell me which"
        return instruction

    def _expect(self, ctx: Context, photos: _Photos, recopy: str) -> Expectations:
        where: Where = {**_ON_PHONE, "name": regex(f"^{photos.pattern}$")}
        others = {"name": regex(f"^(?!{photos.pattern}$)")}
        gone = f"the {len(photos.gone)} backed-up photos of {day_text(photos.day)} are gone from the phone (bin or not)"
        final = [final_rows("file_node", gone, where={**where, "trashed_at": empty()}, count=0)]
        tolerated = [
            tolerate("update", "file_node", where={**where, "trashed_at": not_empty()}),
            tolerate("delete", "file_node", where=where),
        ]
        forbidden = [
            forbid(
                "update",
                "file_node",
                "no other phone photo is deleted or changed",
                where={**_ON_PHONE, **others},
            ),
            forbid("delete", "file_node", "nothing else is deleted for good", where=others),
            forbid(
                "insert",
                "file_node",
                "nothing is copied to the laptop that was not asked for",
                where={"path": other_than(recopy)} if ctx.hard else {},
            ),
        ]
        if not ctx.hard:
            forbidden.append(forbid("update", "file_node", "nothing on the laptop changes", where=_ON_LAPTOP))
            return expect(final=final, tolerated=tolerated, forbidden=forbidden)
        answer, more, allowed = self._broken_copy(photos, recopy)
        return expect(
            final=[*final, more], tolerated=tolerated + allowed, forbidden=forbidden, answer=[answer]
        )

    def _broken_copy(self, photos: _Photos, recopy: str) -> tuple[AnswerCheck, FinalState, list[RowPattern]]:
        """Hard: the broken laptop copy is named in the answer and copied again, full size."""
        bad = photos.names[photos.broken]
        copy = {**_ON_LAPTOP, "path": equals(recopy)}
        full = {**copy, "size": equals(photos.sizes[photos.broken]), "trashed_at": empty()}
        return (
            answer_matches("names the broken copy", bad[13:19]),
            final_rows(
                "file_node", f"the broken laptop copy of {bad} is copied again, full size", where=full
            ),
            [tolerate(kind, "file_node", where=copy) for kind in ("update", "insert")],
        )

    def _oracle(self, ctx: Context, photos: _Photos) -> Oracle:
        steps = [
            step(
                "files", "search_files", name_pattern=f"IMG_{photos.day.strftime('%Y%m%d')}_*", device="phone"
            ),
            step("files", "list_directory", path="~/Pictures/Phone", sort="modified"),
            *(step("files", "delete_file", path=photos.paths[n], device="phone") for n in photos.gone),
        ]
        answer = f"I moved {len(photos.gone)} photos from {day_text(photos.day)} that the laptop already has to the phone's trash."
        if ctx.hard:
            bad = photos.names[photos.broken]
            recopy = {"path": f"~/DCIM/Camera/{bad}", "device": "phone", "to_device": "laptop"}
            steps.append(step("files", "sync_file_to_device", **recopy, to_path="~/Pictures/Phone"))
            answer += f" The laptop copy of {bad} was broken, so I copied it again and kept it on the phone."
        return Oracle(steps=steps, answer=answer)
