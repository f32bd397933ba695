"""Multi-device templates: notes from the phone onto the laptop, a laptop document onto the phone."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, ClassVar

from harness.generate.base import Context
from harness.generate.templates.batch_c_common import (
    day_name,
    document_folders,
    home,
    live_path,
    slug,
    story_folder,
    write_file,
)
from harness.tasks.model import Category, Task


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
        new_day = local - timedelta(days=ctx.rng.randrange(1, 4))
        marker = f"action {ctx.rng.randrange(100, 999)}"
        name = f"{slug(term)} notes {new_day.strftime('%m-%d')}.md"
        setup = [self._note(ctx, f"~/Documents/{name}", term, marker, new_day)]
        old_marker = f"action {ctx.rng.randrange(100, 999)}"
        if ctx.hard:
            old_day = local - timedelta(days=ctx.rng.randrange(15, 25))
            old_name = f"{slug(term)} notes {old_day.strftime('%m-%d')}.md"
            setup.append(self._note(ctx, f"~/Documents/{old_name}", term, old_marker, old_day))
        target = f"{base}/Documents/{folder}"
        ask = "move" if ctx.hard else "copy"
        which = f"the one from {day_name(new_day)}, " if ctx.hard else ""
        instruction = ctx.pick(
            (
                f"{ask} the {term} notes I typed on my phone ({which}in its Documents) into my {folder} folder on the laptop",
                f"I wrote notes about {term} on my phone — {which}{ask} them to ~/Documents/{folder} on my laptop please",
            )
        )
        if ctx.hard:
            instruction += ". I don't need them on the phone after that"
        final: list[dict[str, Any]] = []
        tolerated: list[dict[str, Any]] = []
        changes: list[dict[str, Any]] = [
            {
                "description": f"the notes are in ~/Documents/{folder} on the laptop",
                "table": "file_node",
                "kind": "insert",
                "where": {
                    "device": {"equals": "laptop"},
                    "path": {"regex": f"^{re.escape(target)}/[^/]+$"},
                    "content": {"contains": marker},
                },
            }
        ]
        steps: list[dict[str, Any]] = [
            {"service": "files", "tool": "search_files", "args": {"query": term, "device": "phone"}},
            {
                "service": "files",
                "tool": "sync_file_to_device",
                "args": {
                    "path": f"~/Documents/{name}",
                    "device": "phone",
                    "to_device": "laptop",
                    "to_path": f"~/Documents/{folder}",
                },
            },
        ]
        forbidden: list[dict[str, Any]] = [
            {
                "description": "nothing on the laptop is changed",
                "table": "file_node",
                "kind": "update",
                "where": {"device": {"equals": "laptop"}},
            },
            {
                "description": "nothing else is deleted for good",
                "table": "file_node",
                "kind": "delete",
                "where": {"name": {"regex": f"^(?!{re.escape(name)}$)"}} if ctx.hard else {},
            },
        ]
        if ctx.hard:
            on_phone = {"device": {"equals": "phone"}, "name": {"equals": name}}
            final.append(
                {
                    "description": "the notes are gone from the phone (bin or not)",
                    "table": "file_node",
                    "where": {**on_phone, "trashed_at": {"empty": True}},
                    "count": 0,
                }
            )
            tolerated += [
                {
                    "table": "file_node",
                    "kind": "update",
                    "where": {**on_phone, "trashed_at": {"empty": False}},
                },
                {"table": "file_node", "kind": "delete", "where": on_phone},
            ]
            steps.append(
                {
                    "service": "files",
                    "tool": "delete_file",
                    "args": {"path": f"~/Documents/{name}", "device": "phone"},
                }
            )
            forbidden += [
                {
                    "description": "the older notes are not copied",
                    "table": "file_node",
                    "kind": "insert",
                    "where": {"content": {"contains": old_marker}},
                },
                {
                    "description": "the older notes stay on the phone",
                    "table": "file_node",
                    "kind": "update",
                    "where": {"content": {"contains": old_marker}},
                },
            ]
        else:
            forbidden.append(
                {
                    "description": "the phone is left as it is",
                    "table": "file_node",
                    "kind": "update",
                    "where": {"device": {"equals": "phone"}},
                }
            )
        return ctx.task(
            title=f"Put the {term} notes from the phone in {folder}",
            category="multi-device",
            services=["files"],
            instruction=instruction,
            setup=setup,
            expect={"changes": changes, "final": final, "tolerated": tolerated, "forbidden": forbidden},
            oracle={
                "steps": steps,
                "answer": f"I {'moved' if ctx.hard else 'copied'} {name} from your phone into ~/Documents/{folder}.",
            },
        )

    @staticmethod
    def _note(ctx: Context, path: str, term: str, marker: str, when: datetime) -> dict[str, Any]:
        content = (
            f"{term} — {day_name(when)}\n\n- {marker}: follow up with the team\n- open questions in the doc\n"
        )
        return write_file(ctx.local(when.replace(hour=17, minute=5)), path, content, device="phone")


class DocumentToPhone:
    """A document from the laptop goes onto the phone. Hard: the phone has an old copy, which must be
    brought up to date where it is."""

    id: ClassVar[str] = "multi-device-document-to-phone"
    category: ClassVar[Category] = "multi-device"

    def make(self, ctx: Context) -> Task | None:
        base, phone = home(ctx), home(ctx, "phone")
        if base is None or phone is None:
            return None
        rows = ctx.rows(
            "SELECT path, name, content FROM file_node WHERE device = 'laptop' AND is_dir = 0 AND trashed_at IS NULL "
            "AND path LIKE ? AND length(content) > 300 AND (name LIKE '%.md' OR name LIKE '%.txt') ORDER BY path",
            f"{base}/Documents/%/%",
        )
        docs: list[tuple[str, str, str, str]] = []
        for row in rows:
            content = str(row["content"])
            lines = [line for line in content.splitlines() if len(line.strip()) >= 20]
            on_phone = ctx.row(
                "SELECT 1 FROM file_node WHERE device = 'phone' AND name = ? AND trashed_at IS NULL",
                row["name"],
            )
            if lines and (ctx.hard or on_phone is None):
                docs.append((str(row["path"]), str(row["name"]), content, lines[-1].strip()))
        if not docs:
            return None
        path, name, content, snippet = ctx.pick(docs)
        stem = name.rsplit(".", 1)[0]
        setup: list[dict[str, Any]] = []
        phone_path = f"{phone}/Documents/{name}"
        if ctx.hard:
            existing = ctx.row(
                "SELECT path, content FROM file_node WHERE device = 'phone' AND name = ? AND trashed_at IS NULL",
                name,
            )
            if existing is not None and snippet not in str(existing["content"]):
                phone_path = str(existing["path"])
            elif existing is None and not live_path(ctx, "phone", phone_path):
                stale = content[: len(content) // 2]
                if snippet in stale:
                    return None
                setup.append(write_file(ctx.before(30 * 24 * 60), phone_path, stale, device="phone"))
            else:
                return None
        relative = path[len(base) + 1 :]
        if ctx.hard:
            instruction = ctx.pick(
                (
                    f"the {stem} on my phone is an old version — update it with the current one from my laptop, keep it where it is on the phone",
                    f"my phone has an outdated copy of {stem}. replace it with the laptop's version (same place on the phone)",
                )
            )
            change: dict[str, Any] = {
                "description": "the phone's copy now has the laptop's text, where it was",
                "table": "file_node",
                "kind": "update",
                "where": {
                    "device": {"equals": "phone"},
                    "path": {"equals": phone_path},
                    "content": {"contains": snippet},
                },
            }
            to_path = phone_path
        else:
            instruction = ctx.pick(
                (
                    f"put {stem} on my phone, I want to read it on the way",
                    f"can you get the {stem} doc from my laptop onto my phone?",
                    f"I need {stem} on my phone for later — copy it over from the laptop",
                )
            )
            change = {
                "description": f"{name} is on the phone with the laptop's text",
                "table": "file_node",
                "kind": "insert",
                "where": {
                    "device": {"equals": "phone"},
                    "name": {"regex": f"^{re.escape(stem)}"},
                    "content": {"contains": snippet},
                },
            }
            to_path = f"{phone}/Documents"
        return ctx.task(
            title=f"Put the current {stem} on the phone",
            category="multi-device",
            services=["files"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": [change],
                "tolerated": [
                    {
                        "table": "file_node",
                        "kind": "insert",
                        "where": {"device": {"equals": "phone"}, "is_dir": {"equals": 1}},
                    }
                ],
                "forbidden": [
                    {
                        "description": "nothing on the laptop changes",
                        "table": "file_node",
                        "kind": "update",
                        "where": {"device": {"equals": "laptop"}},
                    },
                    {"description": "nothing is deleted", "table": "file_node", "kind": "delete"},
                ],
            },
            oracle={
                "steps": [
                    {"service": "files", "tool": "search_files", "args": {"query": stem, "device": "laptop"}},
                    {"service": "files", "tool": "search_files", "args": {"query": stem, "device": "phone"}},
                    {
                        "service": "files",
                        "tool": "sync_file_to_device",
                        "args": {
                            "path": f"~/{relative}",
                            "device": "laptop",
                            "to_device": "phone",
                            "to_path": to_path,
                        },
                    },
                ],
                "answer": f"{stem} is now on your phone ({to_path}), the same as on the laptop.",
            },
        )
