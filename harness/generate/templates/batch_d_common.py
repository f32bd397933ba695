"""What the batch D templates share: setup events, the people the user can reach in a direct chat,
future time slots, and the regular expressions that read a reply without its quoted original."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from fixtures.persona import Storyline
from harness.generate.base import Context, Person

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY = 24 * 60
YES = (
    r"(yes|works|fine|see you|sounds good|great|confirm|count me in|i.?ll be there|perfect|sure|coming|join)"
)


@dataclass(frozen=True)
class Chat:
    """A direct conversation the user already has with someone."""

    person: Person
    conversation: str
    """The persona's conversation id (``conv-<id>`` is its stable key)."""
    workspace: str
    handle: str
    """The person's handle in the workspace."""
    user_handle: str
    row_id: str


def slug(text: str) -> str:
    return re.sub(r"-+", "-", "".join(c if c.isalnum() else "-" for c in text.lower())).strip("-")


def unquoted(pattern: str) -> str:
    """A regex for a mail body whose own text (before a quoted or forwarded original) matches ``pattern``."""
    return rf"(?is)^(?:(?!wrote:|-------- ?Forwarded).)*?{pattern}"


def receive(
    ctx: Context,
    person: Person,
    subject: str,
    body: str,
    minutes: float,
    key: str,
    *,
    from_address: str = "",
    attachments: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A mail from ``person`` (or from ``from_address`` under their name) arriving ``minutes`` ago."""
    args: dict[str, Any] = {
        "from_address": from_address or person.email,
        "from_name": person.name,
        "to": [ctx.email],
        "subject": subject,
        "body": body,
    }
    if attachments:
        args["attachments"] = attachments
    return {"at": ctx.before(minutes), "op": "mail.receive_email", "args": args, "key": key}


def write(ctx: Context, path: str, content: str, minutes: float, **extra: Any) -> dict[str, Any]:
    """A file written on the laptop ``minutes`` ago (``path`` under ``~``)."""
    args: dict[str, Any] = {"path": path, "content": content, "mode": "overwrite", "parents": True, **extra}
    return {"at": ctx.before(minutes), "op": "files.write_file", "args": args}


def post(
    ctx: Context, conversation: str, sender: str, text: str, minutes: float, key: str = ""
) -> dict[str, Any]:
    """A chat message from ``sender`` in the persona's conversation ``conversation``."""
    event: dict[str, Any] = {
        "at": ctx.before(minutes),
        "op": "messaging.post_message",
        "args": {"conversation_id": {"$ref": f"conv-{conversation}"}, "sender": sender, "text": text},
    }
    if key:
        event["key"] = key
    return event


def home(ctx: Context) -> str | None:
    laptop = ctx.row("SELECT home FROM device WHERE id = 'laptop'")
    return None if laptop is None else str(laptop["home"])


def direct_chats(ctx: Context, *, with_email: bool = False) -> list[Chat]:
    """The people the user has a direct conversation with, in the persona's order."""
    people = {p.key: p for p in ctx.people(with_email=with_email)}
    handles = {w.id: w.user_handle for w in ctx.persona.workspaces}
    found: list[Chat] = []
    for conversation in ctx.persona.conversations:
        if conversation.kind != "dm" or len(conversation.members) != 1:
            continue
        person = people.get(conversation.members[0])
        row_id = ctx.key_row(f"conv-{conversation.id}")
        if person is None or row_id is None or conversation.workspace not in person.handles:
            continue
        archived = ctx.row("SELECT archived FROM chat_conversation WHERE id = ?", row_id)
        if archived is None or archived["archived"]:
            continue
        found.append(
            Chat(
                person,
                conversation.id,
                conversation.workspace,
                person.handles[conversation.workspace],
                handles[conversation.workspace],
                row_id,
            )
        )
    return found


@dataclass(frozen=True)
class Group:
    """A group conversation or channel and the people in it who can post."""

    conversation: str
    name: str
    workspace: str
    user_handle: str
    row_id: str
    members: list[Person]


def groups(ctx: Context) -> list[Group]:
    """The group conversations and channels the user and at least two of their people are in."""
    handles = {w.id: w.user_handle for w in ctx.persona.workspaces}
    found: list[Group] = []
    for conversation in ctx.persona.conversations:
        row_id = ctx.key_row(f"conv-{conversation.id}")
        if conversation.kind == "dm" or row_id is None:
            continue
        row = ctx.row("SELECT archived, name FROM chat_conversation WHERE id = ?", row_id)
        if row is None or row["archived"]:
            continue
        in_chat = {
            r["handle"] for r in ctx.rows("SELECT handle FROM chat_member WHERE conversation_id = ?", row_id)
        }
        workspace = conversation.workspace
        members = [p for p in ctx.people() if p.handles.get(workspace) in in_chat]
        if len(members) >= 2 and handles[workspace] in in_chat:
            found.append(
                Group(conversation.id, str(row["name"]), workspace, handles[workspace], row_id, members)
            )
    return found


def workspace_name(ctx: Context, workspace: str) -> str:
    return next((w.name for w in ctx.persona.workspaces if w.id == workspace), workspace)


def future_slot(ctx: Context, days: int, hour: int, minute: int = 0) -> datetime:
    """A weekday ``days`` or more days after the cut-off, at ``hour:minute`` in the persona's zone."""
    local = ctx.at.astimezone(ctx.tz)
    day = local.date() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=ctx.tz)


def day_text(moment: datetime) -> str:
    """``Thursday 5 March``."""
    return f"{WEEKDAYS[moment.weekday()]} {moment.day} {moment.strftime('%B')}"


def clock_text(moment: datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def reference(ctx: Context, prefix: str) -> str:
    """A booking or order reference like ``QX-4821``."""
    letters = "".join(ctx.pick("ABCDEFGHJKLMNPRSTUVWXZ") for _ in range(2))
    return f"{prefix}{letters}-{ctx.rng.randrange(1000, 9999)}"


def reply_flags(key: str) -> dict[str, Any]:
    """An answered or flagged mark on a setup mail, which replying makes."""
    return {"table": "mail_message", "kind": "update", "key": key, "columns": ["answered", "flagged", "seen"]}


def minutes_ago(ctx: Context, moment: datetime) -> float:
    return (ctx.at - moment).total_seconds() / 60


def keyword(term: str) -> str:
    """The longest word of a term, which a note about it is likely to carry (``boiler`` of ``boiler repair``)."""
    return max(re.findall(r"\w+", term), key=len)


def file_title(term: str) -> str:
    """A term as the start of a file name: capitalised, with no ``/`` (``A/B test`` -> ``A-B test``)."""
    clean = term.replace("/", "-")
    return f"{clean[0].upper()}{clean[1:]}"


def terms(story: Storyline) -> list[str]:
    """A storyline's terms without a leading article, so they read well after "the" or "my"."""
    return [re.sub(r"(?i)^(the|a|an)\s+", "", term) for term in story.terms]


def extend(instruction: str, more: str) -> str:
    """``instruction`` with ``more`` added after a dash, whatever punctuation it ended with."""
    return f"{instruction.rstrip(' .?!')} — {more}"
