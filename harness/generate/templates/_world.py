"""What a world holds that templates look for — the user's people, direct chats and groups, the devices'
home folders and document folders, storylines and their terms — and the words an instruction uses for
days, times and file names."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from fixtures.persona import Storyline
from harness.generate.base import Context, Person
from state.clock import WEEKDAYS

"""Day names, Monday first like ``date.weekday()`` (``state.clock`` has none)."""
DAY = 24 * 60
"""A day in minutes, for ``ctx.before``."""
_VOWELS = set("aeiouyAEIOUY")


def weekday(day: date) -> str:
    """``Thursday``."""
    return WEEKDAYS[day.weekday()]


def day_text(day: date) -> str:
    """``Thursday 5 March``."""
    return f"{weekday(day)} {day.day} {day.strftime('%B')}"


def clock_text(moment: datetime | time) -> str:
    """``9:05``, ``14:30``."""
    return f"{moment.hour}:{moment.minute:02d}"


def is_work_day(ctx: Context, day: date) -> bool:
    """Whether the user works on ``day`` (their work hours name days ``mon`` to ``sun``)."""
    return weekday(day)[:3].lower() in ctx.user.work_hours.days


def slug(text: str) -> str:
    """``text`` as a file-name-friendly word chain: lower case, letters and digits, single dashes."""
    return re.sub(r"-+", "-", "".join(c if c.isalnum() else "-" for c in text.lower())).strip("-")


def terms(story: Storyline) -> list[str]:
    """A storyline's terms without a leading article, so they read well after "the" or "my"."""
    return [re.sub(r"(?i)^(the|a|an)\s+", "", term) for term in story.terms]


def keyword(term: str) -> str:
    """The longest word of a term, which a note about it is likely to carry (``boiler`` of ``boiler repair``)."""
    return max(re.findall(r"\w+", term), key=len)


def file_title(term: str) -> str:
    """A term as the start of a file name: capitalised, with no ``/`` (``A/B test`` -> ``A-B test``)."""
    clean = term.replace("/", "-")
    return f"{clean[0].upper()}{clean[1:]}"


def extend(instruction: str, more: str) -> str:
    """``instruction`` with ``more`` added after a dash, whatever punctuation it ended with."""
    return f"{instruction.rstrip(' .?!')} — {more}"


def misspelt(name: str) -> str | None:
    """``name`` with one consonant of its last word doubled (``Weber`` -> ``Webber``)."""
    words = name.split()
    last = words[-1]
    for index in range(len(last) - 2, 0, -1):
        letter = last[index]
        if (
            letter.isalpha()
            and letter not in _VOWELS
            and last[index - 1] in _VOWELS
            and last[index + 1] in _VOWELS
        ):
            return " ".join([*words[:-1], last[: index + 1] + last[index:]])
    return None


def reference(ctx: Context, prefix: str) -> str:
    """A booking or order reference like ``QX-4821``."""
    letters = "".join(ctx.pick("ABCDEFGHJKLMNPRSTUVWXZ") for _ in range(2))
    return f"{prefix}{letters}-{ctx.rng.randrange(1000, 9999)}"


def future_slot(ctx: Context, days: int, hour: int, minute: int = 0) -> datetime:
    """A weekday ``days`` or more days after the cut-off, at ``hour:minute`` in the persona's zone."""
    day = ctx.at.astimezone(ctx.tz).date() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=ctx.tz)


def user_addresses(ctx: Context) -> list[str]:
    return [a.address for a in ctx.user.accounts]


def story_person(ctx: Context) -> tuple[Storyline, Person] | None:
    """A work storyline (any, if there is none) and someone in it with an address that is not the user's."""
    mine = user_addresses(ctx)
    people = {p.key: p for p in ctx.people(with_email=True) if p.email.lower() not in mine}
    stories = [s for s in ctx.persona.storylines if s.kind == "work" and any(k in people for k in s.people)]
    stories = stories or [s for s in ctx.persona.storylines if any(k in people for k in s.people)]
    if not stories:
        return None
    story = ctx.pick(stories)
    return story, people[ctx.pick([k for k in story.people if k in people])]


def contact_addresses(ctx: Context, *, shared: bool) -> set[str]:
    """The contacts' addresses (lower case): all of them, or only those more than one contact has."""
    having = " HAVING count(DISTINCT contact_id) > 1" if shared else ""
    rows = ctx.rows(
        f"SELECT lower(value) AS v FROM contact_point WHERE kind = 'email' GROUP BY lower(value){having}"
    )
    return {str(r["v"]) for r in rows}


def home(ctx: Context, device: str = "laptop") -> str | None:
    """The home folder of ``device`` (``/home/ines``), or None when the world has no such device."""
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


def backed_up_photos(ctx: Context, base: str) -> tuple[datetime, dict[str, str]] | None:
    """A recent day whose photos the laptop (home ``base``) holds only as good copies (same size), and the
    phone paths of that day's photos already backed up, by name (counting back from two days before the
    cut-off)."""
    local = ctx.at.astimezone(ctx.tz)
    for back in range(2, 14):
        day = local - timedelta(days=back)
        like = f"IMG_{day.strftime('%Y%m%d')}_%"
        query = (
            "SELECT name, path, size FROM file_node WHERE device = ? AND name LIKE ? AND trashed_at IS NULL"
        )
        phone = {str(r["name"]): (str(r["path"]), int(r["size"])) for r in ctx.rows(query, "phone", like)}
        laptop = ctx.rows(query, "laptop", like)
        copies = {
            str(r["name"]): int(r["size"])
            for r in laptop
            if str(r["path"]) == f"{base}/Pictures/Phone/{r['name']}"
        }
        if len(copies) != len(laptop) or any(
            n in phone and phone[n][1] != size for n, size in copies.items()
        ):
            continue
        backed = {n: phone[n][0] for n in copies if n in phone}
        if len(backed) <= 6:
            return day, backed
    return None


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


def direct_chats(ctx: Context, *, with_email: bool = False) -> list[Chat]:
    """The people the user has a direct, unarchived conversation with, in the persona's order."""
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
        workspace = conversation.workspace
        found.append(
            Chat(person, conversation.id, workspace, person.handles[workspace], handles[workspace], row_id)
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
