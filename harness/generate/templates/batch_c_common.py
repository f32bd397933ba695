"""Helpers the batch C templates share: setup events, paths and words for times."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from fixtures.persona import Storyline
from harness.generate.base import Context, Person
from state.clock import to_db


def slug(text: str) -> str:
    """``text`` as a file-name-friendly word chain: lower case, dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def day_name(moment: datetime | date) -> str:
    """E.g. ``Tuesday 3 March``."""
    return f"{moment.strftime('%A')} {moment.day} {moment.strftime('%B')}"


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def db_time(moment: datetime) -> str:
    """A time as the world stores it (UTC, ``Z``), e.g. an occurrence's key in a series' exdates."""
    return to_db(moment)


def mail_in(
    ctx: Context,
    sender: Person,
    subject: str,
    body: str,
    at: str,
    key: str | None = None,
    attachments: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A ``mail.receive_email`` setup event from ``sender`` to the user."""
    args: dict[str, Any] = {
        "from_address": sender.email,
        "from_name": sender.name,
        "to": [ctx.email],
        "subject": subject,
        "body": body,
    }
    if attachments:
        args["attachments"] = attachments
    event: dict[str, Any] = {"at": at, "op": "mail.receive_email", "args": args}
    if key:
        event["key"] = key
    return event


def write_file(
    at: str, path: str, content: str, *, device: str = "laptop", key: str | None = None, **extra: Any
) -> dict[str, Any]:
    """A ``files.write_file`` setup event (parents made as needed)."""
    args: dict[str, Any] = {
        "path": path,
        "content": content,
        "device": device,
        "mode": "overwrite",
        "parents": True,
        **extra,
    }
    event: dict[str, Any] = {"at": at, "op": "files.write_file", "args": args}
    if key:
        event["key"] = key
    return event


def home(ctx: Context, device: str = "laptop") -> str | None:
    found = ctx.row("SELECT home FROM device WHERE id = ?", device)
    return None if found is None else str(found["home"])


def live_path(ctx: Context, device: str, path: str) -> bool:
    """Whether ``path`` exists (not in the trash) on ``device``."""
    return (
        ctx.row("SELECT 1 FROM file_node WHERE device = ? AND path = ? AND trashed_at IS NULL", device, path)
        is not None
    )


def document_folders(ctx: Context) -> list[str]:
    """The laptop's folders right under ~/Documents, by name."""
    base = home(ctx)
    if base is None:
        return []
    rows = ctx.rows(
        "SELECT name FROM file_node WHERE device = 'laptop' AND is_dir = 1 AND parent = ? AND trashed_at IS NULL "
        "ORDER BY name",
        f"{base}/Documents",
    )
    return [str(r["name"]) for r in rows if not str(r["name"]).startswith(".")]


def story_folder(ctx: Context, story: Storyline) -> str | None:
    """The ~/Documents folder that holds ``story``'s documents, or one whose name shares a word with its
    title (None when neither exists, or the laptop has no such folders)."""
    base = home(ctx)
    folders = document_folders(ctx)
    if base is None or not folders:
        return None
    for folder in folders:
        for document in story.documents:
            if live_path(ctx, "laptop", f"{base}/Documents/{folder}/{document}.md"):
                return folder
    words = set(re.findall(r"\w{4,}", story.title.lower()))
    return next((f for f in folders if words & set(re.findall(r"\w{4,}", f.lower()))), None)
