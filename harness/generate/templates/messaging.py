"""Messaging templates: tell a group the user can't come, answer a chat question with a fact from a mail,
send someone a file in chat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from harness.generate.base import Context, Person
from harness.generate.builders import (
    Where,
    change,
    contains,
    equals,
    expect,
    forbid,
    icontains,
    other_than,
    refers_to,
    regex,
    result,
    step,
    tolerate,
)
from harness.generate.templates._setup import receive_email, send_chat_message, write_file
from harness.generate.templates._world import (
    DAY,
    Chat,
    direct_chats,
    file_title,
    home,
    reference,
    terms,
    workspace_name,
)
from harness.tasks.model import Category, Expectations, Oracle, Task
from state.history import HistoryEvent

_PLANS = ("dinner on Friday", "the walk on Saturday", "drinks tomorrow", "Sunday lunch")
_CANNOT = "(?i)(can.?t|cannot|won.?t|not (be )?(able|make|com)|sorry|skip|out)"


@dataclass(frozen=True)
class _GroupChat:
    id: str
    name: str
    workspace: str
    row_id: str
    user_handle: str


class TellTheGroup:
    """The user cannot make a group plan; tell the group chat. Hard: a question was asked in the group
    first, and the answer must go in reply to it (its thread)."""

    id: ClassVar[str] = "messaging-tell-group"
    category: ClassVar[Category] = "messaging"

    def make(self, ctx: Context) -> Task | None:
        found = self._group(ctx)
        if found is None:
            return None
        group, members = found
        asker = ctx.pick(members)
        plan = ctx.pick(_PLANS)
        question = send_chat_message(
            ctx.before(3),
            group.id,
            f"who's in for {plan}? 🙌",
            sender=asker.handles[group.workspace],
            key=ctx.key("question"),
        )
        instruction = ctx.pick(
            (
                f"I can't do {plan}. let them know in {group.name}",
                f"tell the {group.name} group I'm out for {plan}",
            )
        )
        if ctx.hard:
            instruction += f" — answer {asker.first_name}'s question in its thread"
        return ctx.task(
            title=f"Tell {group.name} the user can't make {plan}",
            category=self.category,
            services=["messaging"],
            instruction=instruction,
            setup=[question],
            expect=self._expect(ctx, group),
            oracle=self._oracle(ctx, group, plan),
        )

    def _group(self, ctx: Context) -> tuple[_GroupChat, list[Person]] | None:
        """A group conversation and the user's people who are in it, or None."""
        conversations = [c for c in ctx.persona.conversations if c.kind == "group"]
        if not conversations:
            return None
        chosen = ctx.pick(conversations)
        members = [p for p in ctx.people() if chosen.workspace in p.handles]
        workspace = next((w for w in ctx.persona.workspaces if w.id == chosen.workspace), None)
        row_id = ctx.key_row(f"conv-{chosen.id}")
        if workspace is None or row_id is None:
            return None
        handles = {
            r["handle"] for r in ctx.rows("SELECT handle FROM chat_member WHERE conversation_id = ?", row_id)
        }
        members = [p for p in members if p.handles[chosen.workspace] in handles]
        group = _GroupChat(chosen.id, chosen.name, chosen.workspace, row_id, workspace.user_handle)
        return (group, members) if members else None

    def _expect(self, ctx: Context, group: _GroupChat) -> Expectations:
        where: Where = {
            "conversation_id": refers_to(f"conv-{group.id}"),
            "sender_handle": equals(group.user_handle),
            "text": regex(_CANNOT),
        }
        if ctx.hard:
            where["thread_parent_id"] = refers_to(ctx.key("question"))
        description = f"a message in {group.name} saying the user can't come"
        elsewhere = {"conversation_id": other_than(group.row_id)}
        return expect(
            changes=[change("insert", "chat_message", description, where=where)],
            forbidden=[
                forbid("insert", "chat_message", "nothing posted in other conversations", where=elsewhere)
            ],
        )

    def _oracle(self, ctx: Context, group: _GroupChat, plan: str) -> Oracle:
        send: dict[str, Any] = {
            "conversation_id": group.name,
            "workspace": group.workspace,
            "text": f"Sorry, I can't make {plan} this time — have fun!",
        }
        if ctx.hard:
            send["thread_id"] = result("read.items.0.id")
        steps = [
            step(
                "messaging",
                "read_conversation",
                conversation_id=group.name,
                workspace=group.workspace,
                limit=5,
                save="read",
            ),
            step("messaging", "send_chat_message", **send),
        ]
        return Oracle(steps=steps, answer=f"I told {group.name} you can't make {plan}.")


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
        body = f"Hi,\n\nall set for {thing}. The {what} is {old if ctx.hard else code}.\n\nBest,\n{sender.first_name}"
        ask = f"hey, do you have the {what} for {thing}? can't find it"
        setup = [
            receive_email(
                ctx, ctx.before((9 if ctx.hard else 2) * DAY), sender, subject, body, key=ctx.key("fact-mail")
            ),
            send_chat_message(ctx.before(40), chat.conversation, ask, sender=chat.handle),
        ]
        if ctx.hard:
            body = f"Hi again,\n\nsmall change: the {what} for {thing} is now {code} (the old one no longer works).\n\n{sender.first_name}"
            update = receive_email(
                ctx, ctx.before(DAY), sender, f"Re: {subject}", body, key=ctx.key("update-mail")
            )
            setup.append(update)
        return ctx.task(
            title=f"Give {chat.person.name} the {what} from {sender.name}'s mail",
            category=self.category,
            services=["messaging", "mail"],
            instruction=self._instruction(ctx, chat, sender, what, thing),
            setup=setup,
            expect=_answer_expect(chat, code, old if ctx.hard else ""),
            oracle=self._oracle(chat, what, thing, code),
        )

    def _instruction(self, ctx: Context, chat: Chat, sender: Person, what: str, thing: str) -> str:
        where = workspace_name(ctx, chat.workspace)
        if ctx.hard:
            return ctx.pick(
                (
                    f"{chat.person.first_name} asked me something on {where}, can you answer?",
                    f"answer {chat.person.first_name}'s question on {where} for me",
                )
            )
        return ctx.pick(
            (
                f"{chat.person.first_name} wants the {what} for {thing} — it's in {sender.first_name}'s mail. send it to them on {where}",
                f"can you answer {chat.person.first_name} on {where}? the {what} is in a mail from {sender.first_name}",
            )
        )

    def _oracle(self, chat: Chat, what: str, thing: str, code: str) -> Oracle:
        steps = [
            step("mail", "search_emails", query=what, save="found"),
            step("mail", "read_email", email_id=result("found.items.0.id")),
            step(
                "messaging",
                "send_chat_message",
                to_handle=chat.handle,
                workspace=chat.workspace,
                text=f"The {what} for {thing} is {code}",
            ),
        ]
        return Oracle(steps=steps, answer=f"I sent {chat.person.first_name} the {what}: {code}.")


def _answer_expect(chat: Chat, code: str, old: str) -> Expectations:
    forbidden = [
        forbid(
            "insert",
            "chat_message",
            "nothing posted in other conversations",
            where={"conversation_id": other_than(chat.row_id)},
        ),
        forbid("insert", "mail_message", "no mail sent"),
    ]
    if old:
        description = "the old, replaced code is not given"
        forbidden.append(forbid("insert", "chat_message", description, where={"text": contains(old)}))
    where = {
        "conversation_id": refers_to(f"conv-{chat.conversation}"),
        "sender_handle": equals(chat.user_handle),
        "text": contains(code),
    }
    description = f"{chat.person.name} gets the code in their chat"
    return expect(
        changes=[change("insert", "chat_message", description, at_least=1, where=where)],
        tolerated=[
            tolerate("insert", "chat_reaction"),
            tolerate(
                "update",
                "mail_message",
                where={"subject": icontains("confirmed")},
                columns=["flagged", "seen", "labels"],
            ),
        ],
        forbidden=forbidden,
    )


class SendFileInChat:
    """Someone asks in a direct chat for a document; find it on the laptop and send it there. Hard: older
    versions of the file lie around, and only the final one is to go."""

    id: ClassVar[str] = "messaging-send-file"
    category: ClassVar[Category] = "messaging"

    def make(self, ctx: Context) -> Task | None:
        chats, laptop = direct_chats(ctx), home(ctx)
        if not chats or laptop is None or not ctx.persona.storylines:
            return None
        chat = ctx.pick(chats)
        stories = [s for s in ctx.persona.storylines if chat.person.key in s.people] or ctx.persona.storylines
        term = ctx.pick(terms(ctx.pick(stories)))
        title = f"{file_title(term)} one-pager"
        name = f"{title} v3 final.pdf" if ctx.hard else f"{title}.pdf"
        path = f"~/Documents/{title}/{name}" if ctx.hard else f"~/Documents/{name}"
        setup = self._setup(ctx, chat, term, title, path)
        where = workspace_name(ctx, chat.workspace)
        instruction = self._instruction(ctx, chat.person, term, where)
        attached = [f"laptop:{path.replace('~', laptop, 1)}"]
        text = f"Here's the {term} one-pager"
        steps = [
            step("files", "search_files", query="one-pager", directory="~"),
            step(
                "messaging",
                "send_chat_message",
                to_handle=chat.handle,
                workspace=chat.workspace,
                text=text,
                attach_files=attached,
            ),
        ]
        return ctx.task(
            title=f"Send {chat.person.name} the {term} one-pager in chat",
            category=self.category,
            services=["messaging", "files"],
            instruction=instruction,
            setup=setup,
            expect=self._expect(chat, name),
            oracle=Oracle(steps=steps, answer=f"I sent {chat.person.first_name} {name} on {where}."),
        )

    def _instruction(self, ctx: Context, person: Person, term: str, where: str) -> str:
        instruction = ctx.pick(
            (
                f"{person.first_name} wants the {term} one-pager, send it to them on {where}",
                f"can you find my {term} one-pager and send it to {person.first_name}? they asked on {where}",
                f"send {person.name} the {term} one-pager in our {where} chat",
            )
        )
        return instruction + (" — the final version, not the old drafts" if ctx.hard else "")

    def _setup(self, ctx: Context, chat: Chat, term: str, title: str, path: str) -> list[HistoryEvent]:
        """The one-pager at ``path`` and the ask in chat (hard: older versions, in Downloads and beside it)."""
        pdf = "application/pdf"
        size = ctx.rng.randrange(90000, 400000)
        ask = f"could you send me the {term} one-pager? 🙏"
        setup = [
            write_file(ctx.before(3 * DAY), path, "", size=size, mime_type=pdf),
            send_chat_message(ctx.before(25), chat.conversation, ask, sender=chat.handle),
        ]
        if ctx.hard:
            for version, folder, days in (("v1", "Downloads", 20), ("v2 draft", f"Documents/{title}", 10)):
                size = ctx.rng.randrange(90000, 400000)
                other = f"~/{folder}/{title} {version}.pdf"
                setup.append(write_file(ctx.before(days * DAY), other, "", size=size, mime_type=pdf))
        return setup

    def _expect(self, chat: Chat, name: str) -> Expectations:
        mine = {
            "conversation_id": refers_to(f"conv-{chat.conversation}"),
            "sender_handle": equals(chat.user_handle),
        }
        return expect(
            changes=[
                change("insert", "chat_message", f"a message to {chat.person.name}", at_least=1, where=mine),
                change(
                    "insert", "chat_attachment", f"with {name} attached", where={"filename": equals(name)}
                ),
            ],
            tolerated=[tolerate("insert", "chat_message", where=mine), tolerate("insert", "chat_reaction")],
            forbidden=[
                forbid(
                    "insert", "chat_attachment", "no other file is sent", where={"filename": other_than(name)}
                ),
                forbid("update", "file_node", "no file changed"),
            ],
        )
