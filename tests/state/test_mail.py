"""The mail service: accounts and folders, receiving, sending, replies, forwards, drafts and deletion."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from state.db import Tx
from state.errors import Conflict, InvalidArgument, NotFound
from state.files import FileNode
from state.history import parse_history, replay
from state.mail import AttachmentIn, MailAttachment, MailFolder, MailMessage
from state.world import World

WORK = "maya@lumen.io"
HOME = "maya.lin@gmail.com"
JONAS = "jonas@acme.com"


@pytest.fixture
async def mail(world: World) -> World:
    """The fixture world with a work and a personal account and Jonas in the contacts."""
    await world.apply("mail.add_account", {"address": WORK, "display_name": "Maya Lin", "provider": "Lumen"})
    await world.apply("mail.add_account", {"address": HOME, "display_name": "Maya", "provider": "Gmail"})
    await world.apply("contacts.create_contact", {"name": "Jonas Weber", "emails": [JONAS]})
    return world


def read(world: World) -> Tx:
    return Tx(world.conn, world.now, ZoneInfo("Europe/Berlin"))


def message(world: World, mail_id: str) -> MailMessage:
    found = read(world).get(MailMessage, mail_id)
    assert found is not None
    return found


def folder_name(world: World, mail_id: str) -> str:
    found = read(world).get(MailFolder, message(world, mail_id).folder_id)
    assert found is not None
    return found.name


def attachments(world: World, mail_id: str) -> list[MailAttachment]:
    return read(world).select(MailAttachment, "message_id = ?", mail_id, order="rowid")


async def receive(world: World, **args: Any) -> MailMessage:
    base: dict[str, Any] = {"from_address": JONAS, "to": [WORK], "subject": "Budget", "body": "Numbers?"}
    return await world.apply("mail.receive_email", {**base, **args})


async def later(world: World, minutes: int = 5) -> None:
    world.set_clock(world.now + timedelta(minutes=minutes))


# -- accounts and folders -------------------------------------------------------------------------


@pytest.mark.anyio
async def test_add_account_creates_the_six_standard_folders(world: World) -> None:
    account = await world.apply("mail.add_account", {"address": "Maya@Lumen.IO", "display_name": "Maya Lin"})
    assert (account.id, account.address) == ("acct_1", WORK)
    folders = read(world).select(MailFolder, "account_id = ?", account.id, order="rowid")
    assert [(f.name, f.role) for f in folders] == [
        ("Inbox", "inbox"),
        ("Sent", "sent"),
        ("Drafts", "drafts"),
        ("Archive", "archive"),
        ("Trash", "trash"),
        ("Spam", "spam"),
    ]


@pytest.mark.anyio
async def test_adding_an_account_twice_is_a_conflict_that_changes_nothing(mail: World) -> None:
    before = mail.diff()
    with pytest.raises(Conflict, match=r"mail account maya@lumen.io exists already"):
        await mail.apply("mail.add_account", {"address": "MAYA@lumen.io", "display_name": "Again"})
    assert mail.diff() == before


@pytest.mark.anyio
async def test_create_folder_refuses_a_name_that_exists_in_any_case(mail: World) -> None:
    folder = await mail.apply("mail.create_mail_folder", {"account": WORK, "name": " Receipts "})
    assert (folder.name, folder.role) == ("Receipts", "")
    with pytest.raises(
        Conflict, match=r"folder 'receipts' exists already in maya@lumen.io; folders: Inbox, .*Receipts"
    ):
        await mail.apply("mail.create_mail_folder", {"account": WORK, "name": "receipts"})


@pytest.mark.anyio
async def test_an_unknown_account_error_lists_the_accounts(mail: World) -> None:
    with pytest.raises(
        NotFound, match=r"mail account 'x@y.com' does not exist; accounts: maya@lumen.io, maya.lin@gmail.com"
    ):
        await mail.apply("mail.create_mail_folder", {"account": "x@y.com", "name": "A"})


# -- receiving and sending ------------------------------------------------------------------------


@pytest.mark.anyio
async def test_received_mail_lands_unseen_in_the_inbox_of_the_account_it_was_sent_to(mail: World) -> None:
    got = await receive(
        mail,
        from_address="JONAS@ACME.COM",
        to=["ana@acme.com"],
        cc=[f"Maya <{HOME.upper()}>"],
        labels=[" work ", "work", ""],
    )
    assert (got.account_id, folder_name(mail, got.id)) == ("acct_2", "Inbox")
    assert (got.from_address, got.from_name, got.cc_addresses) == (JONAS, "Jonas Weber", [HOME])
    assert (got.seen, got.draft, got.labels) == (False, False, ["work"])
    assert got.sent_at == "2026-03-02T08:00:00Z"


@pytest.mark.anyio
async def test_received_mail_for_none_of_the_users_addresses_goes_to_the_first_account(mail: World) -> None:
    got = await receive(mail, to=["all-staff@acme.com"], from_name="J. Weber", folder="spam")
    assert (got.account_id, folder_name(mail, got.id), got.from_name) == ("acct_1", "Spam", "J. Weber")


@pytest.mark.anyio
async def test_sent_mail_is_kept_seen_in_the_sent_folder_of_the_sending_account(mail: World) -> None:
    sent = await mail.apply(
        "mail.send_email",
        {
            "to": ["Jonas <Jonas@Acme.com>", JONAS],
            "bcc": ["Boss@Lumen.io"],
            "subject": "Hi",
            "body": "Hello",
            "account": HOME,
        },
    )
    assert (sent.account_id, folder_name(mail, sent.id), sent.seen) == ("acct_2", "Sent", True)
    assert (sent.from_address, sent.from_name) == (HOME, "Maya")
    assert (sent.to_addresses, sent.bcc_addresses) == ([JONAS], ["boss@lumen.io"])


@pytest.mark.anyio
async def test_mail_without_any_recipient_is_refused(mail: World) -> None:
    with pytest.raises(InvalidArgument, match="at least one recipient"):
        await mail.apply("mail.send_email", {"to": [], "subject": "Hi", "body": "Hello"})


@pytest.mark.anyio
async def test_mail_the_user_sends_to_their_own_address_also_arrives_in_that_inbox(mail: World) -> None:
    sent = await mail.apply(
        "mail.send_email", {"to": [HOME], "bcc": ["boss@lumen.io"], "subject": "Note to self", "body": "milk"}
    )
    copies = read(mail).select(MailMessage, "message_id = ? AND id != ?", sent.message_id, sent.id)
    assert [(c.account_id, folder_name(mail, c.id), c.seen, c.bcc_addresses) for c in copies] == [
        ("acct_2", "Inbox", False, [])
    ]


@pytest.mark.anyio
async def test_message_id_headers_and_row_ids_are_the_same_in_every_replay(mail: World) -> None:
    runs: list[list[tuple[str, str, str]]] = []
    worlds = [mail.clone(), mail.clone()]
    for w in worlds:
        first = await receive(w)
        reply = await w.apply("mail.reply_to_email", {"message_id": first.id, "body": "Soon."})
        runs.append([(m.id, m.message_id, m.thread_id) for m in (first, reply)])
    assert runs[0] == runs[1]
    assert [r[0] for r in runs[0]] == ["msg_1", "msg_2"]
    assert re.fullmatch(r"<msg_1\.[0-9a-f]{12}@acme\.com>", runs[0][0][1])
    assert re.fullmatch(r"<msg_2\.[0-9a-f]{12}@lumen\.io>", runs[0][1][1])
    assert worlds[0].content_hash() == worlds[1].content_hash()


@pytest.mark.anyio
async def test_different_mails_get_different_message_ids(mail: World) -> None:
    first, second = await receive(mail), await receive(mail)
    assert first.message_id != second.message_id
    assert first.thread_id != second.thread_id


# -- replies and threads --------------------------------------------------------------------------


@pytest.mark.anyio
async def test_reply_quotes_the_original_in_the_worlds_timezone_and_joins_its_thread(mail: World) -> None:
    original = await receive(mail, body="Line one\n\n> earlier\nLine three")
    await later(mail, 90)
    reply = await mail.apply("mail.reply_to_email", {"message_id": original.id, "body": "Here they are.\n"})
    assert reply.subject == "Re: Budget"
    assert reply.to_addresses == [JONAS]
    assert reply.body == (
        "Here they are.\n\nOn Mon, 2 Mar 2026 at 09:00, Jonas Weber wrote:\n"
        "> Line one\n>\n>> earlier\n> Line three"
    )
    assert (reply.thread_id, reply.in_reply_to, reply.reference_ids) == (
        original.thread_id,
        original.message_id,
        [original.message_id],
    )
    assert (folder_name(mail, reply.id), reply.seen, reply.sent_at) == ("Sent", True, "2026-03-02T09:30:00Z")
    assert message(mail, original.id).answered


@pytest.mark.anyio
async def test_reply_subject_is_never_doubled(mail: World) -> None:
    original = await receive(mail, subject="RE: Budget")
    reply = await mail.apply("mail.reply_to_email", {"message_id": original.id, "body": "ok"})
    again = await mail.apply("mail.reply_to_email", {"message_id": reply.id, "body": "ok"})
    assert (reply.subject, again.subject) == ("RE: Budget", "RE: Budget")
    assert not re.search(r"(?i)re:\s*re:", again.subject)


@pytest.mark.anyio
async def test_reply_all_keeps_cc_and_drops_self(mail: World) -> None:
    original = await receive(
        mail,
        to=[WORK, "ana@acme.com", HOME],
        cc=["Bo@Acme.com", "maya@LUMEN.io", "ANA@acme.com", JONAS],
    )
    reply = await mail.apply(
        "mail.reply_to_email", {"message_id": original.id, "body": "ok", "reply_all": True}
    )
    assert reply.to_addresses == [JONAS, "ana@acme.com"]
    assert reply.cc_addresses == ["bo@acme.com"]
    plain = await mail.apply("mail.reply_to_email", {"message_id": original.id, "body": "ok"})
    assert (plain.to_addresses, plain.cc_addresses) == ([JONAS], [])


@pytest.mark.anyio
async def test_reply_goes_to_the_reply_to_address_when_there_is_one(mail: World) -> None:
    original = await receive(mail, reply_to="Desk <Help@Acme.com>")
    reply = await mail.apply("mail.reply_to_email", {"message_id": original.id, "body": "thanks"})
    assert reply.to_addresses == ["help@acme.com"]


@pytest.mark.anyio
async def test_replying_to_ones_own_sent_mail_writes_to_its_recipients(mail: World) -> None:
    sent = await mail.apply(
        "mail.send_email", {"to": [JONAS, "ana@acme.com"], "subject": "Plan", "body": "v1"}
    )
    reply = await mail.apply("mail.reply_to_email", {"message_id": sent.id, "body": "Correction"})
    assert reply.to_addresses == [JONAS, "ana@acme.com"]
    assert "Maya Lin wrote:" in reply.body


@pytest.mark.anyio
async def test_mail_received_in_reply_joins_the_thread_and_references_every_ancestor(mail: World) -> None:
    first = await receive(mail)
    mine = await mail.apply("mail.reply_to_email", {"message_id": first.id, "body": "Soon."})
    answer = await receive(mail, subject="Re: Budget", in_reply_to=mine.id)
    assert answer.thread_id == first.thread_id == mine.thread_id
    assert answer.in_reply_to == mine.message_id
    assert answer.reference_ids == [first.message_id, mine.message_id]


@pytest.mark.anyio
async def test_send_email_in_reply_to_threads_and_marks_the_original_answered(mail: World) -> None:
    original = await receive(mail, to=[HOME])
    sent = await mail.apply(
        "mail.send_email",
        {"to": [JONAS], "subject": "About the budget", "body": "x", "in_reply_to": original.id},
    )
    assert (sent.account_id, sent.thread_id, sent.in_reply_to) == (
        "acct_2",
        original.thread_id,
        original.message_id,
    )
    assert message(mail, original.id).answered


# -- forwards and attachments ---------------------------------------------------------------------


@pytest.mark.anyio
async def test_forward_prefixes_fwd_once_and_carries_the_original_and_its_attachments(mail: World) -> None:
    original = await receive(
        mail, cc=["bo@acme.com"], attachments=[{"filename": "budget.csv", "content": "a,b\n1,2\n"}]
    )
    forward = await mail.apply(
        "mail.forward_email", {"message_id": original.id, "to": ["Ana <ana@acme.com>"], "body": "FYI"}
    )
    assert (forward.subject, forward.to_addresses, forward.thread_id) == (
        "Fwd: Budget",
        ["ana@acme.com"],
        original.thread_id,
    )
    assert forward.body == (
        "FYI\n\n---------- Forwarded message ---------\nFrom: Jonas Weber <jonas@acme.com>\n"
        "Date: Mon, 2 Mar 2026 at 09:00\nSubject: Budget\nTo: maya@lumen.io\nCc: bo@acme.com\n\nNumbers?"
    )
    copied, kept = attachments(mail, forward.id), attachments(mail, original.id)
    assert [(a.id, a.filename, a.content) for a in copied] == [("att_2", "budget.csv", "a,b\n1,2\n")]
    assert [a.id for a in kept] == ["att_1"]
    again = await mail.apply("mail.forward_email", {"message_id": forward.id, "to": ["bo@acme.com"]})
    assert again.subject == "Fwd: Budget"
    assert not message(mail, original.id).answered


@pytest.mark.parametrize(
    ("given", "size", "mime_type"),
    [
        ({"filename": "notes.md", "content": "héllo"}, 6, "text/markdown"),
        ({"filename": "scan.PDF", "content": "(scan)", "size": 48213}, 48213, "application/pdf"),
        ({"filename": "blob.weird", "mime_type": "x/custom"}, 0, "x/custom"),
        ({"filename": "blob.weird"}, 0, "application/octet-stream"),
    ],
)
def test_attachment_size_and_type_default_to_the_contents_and_the_extensions(
    given: dict[str, Any], size: int, mime_type: str
) -> None:
    attachment = AttachmentIn.model_validate(given)
    assert (attachment.resolved_size(), attachment.resolved_mime_type()) == (size, mime_type)


@pytest.mark.anyio
async def test_an_attachment_name_with_a_slash_is_refused(mail: World) -> None:
    with pytest.raises(InvalidArgument, match=r"attachments.0.filename"):
        await receive(mail, attachments=[{"filename": "../etc/passwd"}])
    assert mail.counts()["mail_message"] == 0


@pytest.mark.anyio
async def test_send_email_attaches_device_files_by_copying_them(mail: World) -> None:
    await mail.apply("files.write_file", {"path": "~/report.md", "content": "# Q1\n", "parents": True})
    await mail.apply("files.write_file", {"path": "~/p.jpg", "device": "phone", "size": 900, "parents": True})
    sent = await mail.apply(
        "mail.send_email",
        {
            "to": [JONAS],
            "subject": "Report",
            "body": "Attached.",
            "attach_files": ["laptop:/home/maya/report.md", "phone:/storage/emulated/0/p.jpg"],
        },
    )
    assert [(a.filename, a.content, a.size, a.mime_type, a.source) for a in attachments(mail, sent.id)] == [
        ("report.md", "# Q1\n", 5, "text/markdown", "laptop:/home/maya/report.md"),
        ("p.jpg", "", 900, "image/jpeg", "phone:/storage/emulated/0/p.jpg"),
    ]
    kept = read(mail).select(FileNode, "is_dir = 0", order="path")
    assert [(f.device, f.path) for f in kept] == [
        ("laptop", "/home/maya/report.md"),
        ("phone", "/storage/emulated/0/p.jpg"),
    ]


@pytest.mark.anyio
async def test_attaching_a_missing_file_changes_nothing(mail: World) -> None:
    before = mail.diff()
    with pytest.raises(NotFound, match=r"/home/maya/nope.txt"):
        await mail.apply(
            "mail.send_email",
            {"to": [JONAS], "subject": "x", "body": "x", "attach_files": ["laptop:~/nope.txt"]},
        )
    assert mail.diff() == before


@pytest.mark.anyio
async def test_save_attachment_writes_a_file_on_the_device(mail: World) -> None:
    got = await receive(mail, attachments=[{"filename": "budget.csv", "content": "a,b\n"}])
    attachment = attachments(mail, got.id)[0]
    await mail.apply("files.make_directory", {"path": "~/Documents"})
    await mail.apply("files.make_directory", {"path": "~", "device": "phone"})
    saved = await mail.apply(
        "mail.save_email_attachment", {"attachment_id": attachment.id, "path": "~/Documents"}
    )
    assert isinstance(saved, FileNode)
    assert (saved.device, saved.path, saved.content, saved.mime_type) == (
        "laptop",
        "/home/maya/Documents/budget.csv",
        "a,b\n",
        "text/csv",
    )
    named = await mail.apply(
        "mail.save_email_attachment",
        {"attachment_id": attachment.id, "path": "/storage/emulated/0/b.csv", "device": "phone"},
    )
    assert (named.device, named.path) == ("phone", "/storage/emulated/0/b.csv")
    with pytest.raises(Conflict):
        await mail.apply(
            "mail.save_email_attachment", {"attachment_id": attachment.id, "path": "~/Documents/budget.csv"}
        )


# -- drafts ---------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_draft_lives_in_drafts_and_is_sent_only_once(mail: World) -> None:
    draft = await mail.apply("mail.create_draft", {"subject": "Offsite", "body": "Ideas:"})
    assert (folder_name(mail, draft.id), draft.draft, draft.to_addresses) == ("Drafts", True, [])
    with pytest.raises(InvalidArgument, match="at least one recipient"):
        await mail.apply("mail.send_draft", {"draft_id": draft.id})
    await later(mail)
    edited = await mail.apply(
        "mail.update_draft", {"draft_id": draft.id, "to": ["Ana@acme.com"], "body": "Ideas: hike"}
    )
    assert (edited.to_addresses, edited.subject, edited.body) == (["ana@acme.com"], "Offsite", "Ideas: hike")
    sent = await mail.apply("mail.send_draft", {"draft_id": draft.id})
    assert (sent.id, folder_name(mail, sent.id), sent.draft, sent.seen) == (draft.id, "Sent", False, True)
    before = mail.diff()
    with pytest.raises(Conflict, match=rf"mail '{draft.id}' is not a draft: it is in Sent"):
        await mail.apply("mail.send_draft", {"draft_id": draft.id})
    assert mail.diff() == before


@pytest.mark.anyio
async def test_a_reply_draft_defaults_to_a_reply_and_marks_the_original_answered_when_sent(
    mail: World,
) -> None:
    original = await receive(mail)
    draft = await mail.apply("mail.create_draft", {"body": "Draft answer", "in_reply_to": original.id})
    assert (draft.to_addresses, draft.subject, draft.thread_id) == ([JONAS], "Re: Budget", original.thread_id)
    assert not message(mail, original.id).answered
    await mail.apply("mail.send_draft", {"draft_id": draft.id})
    assert message(mail, original.id).answered


@pytest.mark.anyio
async def test_delete_draft_discards_it_and_refuses_mail_that_is_not_a_draft(mail: World) -> None:
    draft = await mail.apply("mail.create_draft", {"to": [JONAS]})
    assert await mail.apply("mail.delete_draft", {"draft_id": draft.id}) is None
    assert mail.counts()["mail_message"] == 0
    got = await receive(mail)
    with pytest.raises(Conflict, match="is not a draft"):
        await mail.apply("mail.delete_draft", {"draft_id": got.id})


@pytest.mark.anyio
async def test_drafts_cannot_be_moved_and_nothing_can_be_moved_into_drafts(mail: World) -> None:
    draft = await mail.apply("mail.create_draft", {"to": [JONAS]})
    got = await receive(mail)
    with pytest.raises(InvalidArgument, match="drafts stay in Drafts"):
        await mail.apply("mail.move_email", {"message_id": draft.id, "folder": "Archive"})
    with pytest.raises(InvalidArgument, match="holds only drafts"):
        await mail.apply("mail.move_email", {"message_id": got.id, "folder": "drafts"})
    with pytest.raises(
        InvalidArgument, match="is a draft; only mail that was sent or received can be answered"
    ):
        await mail.apply("mail.reply_to_email", {"message_id": draft.id, "body": "x"})


# -- keeping mail in order ------------------------------------------------------------------------


@pytest.mark.anyio
async def test_move_email_finds_folders_by_name_or_role_ignoring_case(mail: World) -> None:
    got = await receive(mail)
    await mail.apply("mail.create_mail_folder", {"account": WORK, "name": "Receipts"})
    for given, expected in (("ARCHIVE", "Archive"), ("receipts", "Receipts"), ("inbox", "Inbox")):
        await mail.apply("mail.move_email", {"message_id": got.id, "folder": given})
        assert folder_name(mail, got.id) == expected
    with pytest.raises(
        NotFound,
        match=r"folder 'Foo' does not exist in maya@lumen.io; folders: Inbox, Sent, Drafts, Archive, Trash, Spam, Receipts",
    ):
        await mail.apply("mail.move_email", {"message_id": got.id, "folder": "Foo"})


@pytest.mark.anyio
async def test_mark_email_changes_only_the_flags_given(mail: World) -> None:
    got = await receive(mail)
    marked = await mail.apply("mail.mark_email", {"message_id": got.id, "flagged": True})
    assert (marked.seen, marked.flagged) == (False, True)
    marked = await mail.apply("mail.mark_email", {"message_id": got.id, "seen": True})
    assert (marked.seen, marked.flagged) == (True, True)
    with pytest.raises(InvalidArgument, match="nothing to mark"):
        await mail.apply("mail.mark_email", {"message_id": got.id})


@pytest.mark.anyio
async def test_set_labels_replaces_them_trimmed_and_once_each(mail: World) -> None:
    got = await receive(mail, labels=["old"])
    labelled = await mail.apply(
        "mail.set_email_labels", {"message_id": got.id, "labels": [" q1 ", "finance", "q1", ""]}
    )
    assert labelled.labels == ["q1", "finance"]


@pytest.mark.anyio
async def test_delete_email_moves_to_trash_and_from_trash_deletes_it_with_its_attachments(
    mail: World,
) -> None:
    got = await receive(mail, attachments=[{"filename": "a.txt", "content": "x"}])
    trashed = await mail.apply("mail.delete_email", {"message_id": got.id})
    assert (trashed.id, folder_name(mail, got.id)) == (got.id, "Trash")
    assert await mail.apply("mail.delete_email", {"message_id": got.id}) is None
    assert (mail.counts()["mail_message"], mail.counts()["mail_attachment"]) == (0, 0)


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("op", "args"),
    [
        ("mail.reply_to_email", {"message_id": "msg_404", "body": "x"}),
        ("mail.forward_email", {"message_id": "msg_404", "to": [JONAS]}),
        ("mail.move_email", {"message_id": "msg_404", "folder": "Inbox"}),
        ("mail.mark_email", {"message_id": "msg_404", "seen": True}),
        ("mail.set_email_labels", {"message_id": "msg_404", "labels": []}),
        ("mail.delete_email", {"message_id": "msg_404"}),
        ("mail.update_draft", {"draft_id": "msg_404", "body": "x"}),
        ("mail.send_draft", {"draft_id": "msg_404"}),
        ("mail.delete_draft", {"draft_id": "msg_404"}),
        ("mail.send_email", {"to": [JONAS], "subject": "x", "body": "x", "in_reply_to": "msg_404"}),
        (
            "mail.receive_email",
            {"from_address": JONAS, "to": [WORK], "subject": "x", "body": "x", "in_reply_to": "msg_404"},
        ),
    ],
)
async def test_an_unknown_mail_id_is_not_found_and_named(mail: World, op: str, args: dict[str, Any]) -> None:
    await receive(mail)
    before = mail.diff()
    with pytest.raises(NotFound, match="mail 'msg_404' does not exist"):
        await mail.apply(op, args)
    assert mail.diff() == before


@pytest.mark.anyio
async def test_an_unknown_attachment_id_is_not_found_and_named(mail: World) -> None:
    with pytest.raises(NotFound, match="mail attachment 'att_9' does not exist"):
        await mail.apply("mail.save_email_attachment", {"attachment_id": "att_9", "path": "~/x"})


@pytest.mark.anyio
async def test_a_bad_address_is_refused_naming_it_and_changes_nothing(mail: World) -> None:
    before = mail.diff()
    with pytest.raises(InvalidArgument, match=r"cc 'ana at acme' is not an email address"):
        await mail.apply(
            "mail.send_email", {"to": [JONAS], "cc": ["ana at acme"], "subject": "x", "body": "x"}
        )
    with pytest.raises(InvalidArgument, match=r"from_address 'a@b.com, c@d.com' is not an email address"):
        await receive(mail, from_address="a@b.com, c@d.com")
    assert mail.diff() == before


@pytest.mark.anyio
async def test_mail_needs_an_account_to_arrive_in(world: World) -> None:
    with pytest.raises(NotFound, match=r"no mail account yet; add one with mail.add_account"):
        await receive(world)


@pytest.mark.anyio
async def test_a_history_replays_mail_with_attachments_and_references_to_earlier_mail(world: World) -> None:
    lines = [
        '{"at": "2026-03-02T09:00:00+01:00", "op": "mail.add_account", "args": {"address": "maya@lumen.io", "display_name": "Maya Lin"}}',
        '{"at": "2026-03-02T09:15:00+01:00", "op": "mail.receive_email", "key": "ask", "args": {"from_address": "jonas@acme.com", "to": ["maya@lumen.io"], "subject": "Budget", "body": "Numbers?", "attachments": [{"filename": "q1.xlsx", "size": 5120}]}}',
        '{"at": "2026-03-02T10:00:00+01:00", "op": "mail.reply_to_email", "key": "answer", "args": {"message_id": {"$ref": "ask"}, "body": "Attached."}}',
    ]
    assert await replay(world, parse_history(lines)) == 3
    ask, answer = message(world, "msg_1"), message(world, "msg_2")
    assert (answer.thread_id, answer.sent_at, answer.subject) == (
        ask.thread_id,
        "2026-03-02T09:00:00Z",
        "Re: Budget",
    )
    assert [(a.filename, a.size, a.mime_type) for a in attachments(world, ask.id)] == [
        ("q1.xlsx", 5120, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    ]


@pytest.mark.anyio
async def test_search_finds_words_anywhere_newest_first_and_filters(world: World) -> None:
    from state.clock import parse_time
    from state.mail import search_emails

    await world.apply("mail.add_account", {"address": "maya@lumen.io", "display_name": "Maya Lin"})
    for hour, sender, subject in (
        (9, "jonas@lumen.io", "Budget draft"),
        (10, "eva@lumen.io", "Lunch?"),
        (11, "jonas@lumen.io", "Re: Budget draft"),
    ):
        world.set_clock(parse_time(f"2026-03-02T{hour:02d}:00:00+01:00"))
        await world.apply(
            "mail.receive_email",
            {
                "from_address": sender,
                "to": ["maya@lumen.io"],
                "subject": subject,
                "body": "see the budgets sheet",
            },
        )
    async with world.read() as tx:
        found = search_emails(tx, "budget")
        assert [m.subject for m in found] == ["Re: Budget draft", "Lunch?", "Budget draft"]
        assert [m.subject for m in search_emails(tx, "budget draft")] == ["Re: Budget draft", "Budget draft"]
        assert [m.subject for m in search_emails(tx, "", from_address="eva")] == ["Lunch?"]
        assert [
            m.subject for m in search_emails(tx, "budget", before=parse_time("2026-03-02T10:30:00+01:00"))
        ] == ["Lunch?", "Budget draft"]
        assert search_emails(tx, "budget", folder="Sent") == []
        assert search_emails(tx, 'AND OR "(') == search_emails(tx, "and or")
