"""The mail server, through the MCP protocol in memory."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client

from servers.mail import create_server
from state.clock import parse_time
from state.files import find_node
from state.mail import MailAttachment, MailMessage
from state.world import World
from tests.servers.calls import call, error

WORK = "maya@lumen.io"
HOME = "maya.lin@posteo.de"
JONAS = "jonas@lumen.io"
EVA = "eva@example.org"


async def arrive(world: World, at: str, **args: Any) -> MailMessage:
    world.set_clock(parse_time(f"2026-03-0{at}+01:00"))
    base: dict[str, Any] = {"from_address": JONAS, "to": [WORK], "subject": "Budget", "body": "Numbers?"}
    return await world.apply("mail.receive_email", {**base, **args})


@pytest.fixture
async def mailbox(people: World) -> World:
    """Maya with a work and a personal account, a few mails (one with a file, one a reply), a file on the
    laptop; tracking starts after this."""
    await people.apply("mail.add_account", {"address": HOME, "display_name": "Maya Lin"})
    await people.apply(
        "files.write_file", {"path": "/home/maya/q1.md", "content": "# Q1 budget\n", "device": "laptop"}
    )
    await arrive(  # msg_1
        people,
        "1T09:00:00",
        subject="Q1 budget",
        body="Here are the numbers.",
        cc=[EVA],
        attachments=[{"filename": "budget.csv", "content": "team,eur\nbackend,120\n"}],
    )
    await arrive(
        people, "1T10:00:00", from_address=EVA, subject="Lunch?", body="Tomorrow?", to=[HOME]
    )  # msg_2
    await arrive(  # msg_3
        people,
        "1T11:00:00",
        subject="Re: Q1 budget",
        body="One more thing.\n\nOn Sun, 1 Mar 2026 at 09:00, Jonas wrote:\n> Here are the numbers.",
        in_reply_to="msg_1",
        attachments=[{"filename": "photo.jpg", "size": 2_000_000}],
    )
    people.set_clock(parse_time("2026-03-02T09:00:00+01:00"))
    people.start_tracking()
    return people


def row(world: World, table: type[Any], row_id: str) -> Any:
    found = world.conn.execute(f"SELECT * FROM {table.__tablename__} WHERE id = ?", (row_id,)).fetchone()
    return None if found is None else dict(found)


@pytest.mark.anyio
async def test_list_emails_shows_the_inbox_of_every_account_newest_first_as_short_summaries(
    mailbox: World,
) -> None:
    async with Client(create_server(mailbox)) as client:
        page = await call(client, "list_emails", {})
        assert [(m["id"], m["account"], m["folder"]) for m in page["items"]] == [
            ("msg_3", WORK, "Inbox"),
            ("msg_2", HOME, "Inbox"),
            ("msg_1", WORK, "Inbox"),
        ]
        newest = page["items"][0]
        assert newest["snippet"] == "One more thing."
        assert newest["sender"] == "Jonas Weber <jonas@lumen.io>"
        assert newest["to"] == ["Maya Lin <maya@lumen.io>"]
        assert newest["sent_at"] == "2026-03-01T11:00:00+01:00"
        assert (newest["seen"], newest["has_attachments"], newest["thread_id"]) == (False, True, "thr_1")
        assert "flagged" not in newest and "labels" not in newest and "draft" not in newest
        only_home = await call(client, "list_emails", {"account": HOME})
        assert [m["id"] for m in only_home["items"]] == ["msg_2"]


@pytest.mark.anyio
async def test_list_emails_pages_and_filters_unread(mailbox: World) -> None:
    await mailbox.apply("mail.mark_email", {"message_id": "msg_2", "seen": True})
    async with Client(create_server(mailbox)) as client:
        first = await call(client, "list_emails", {"limit": 2})
        second = await call(client, "list_emails", {"limit": 2, "cursor": first["next_cursor"]})
        assert [m["id"] for m in first["items"] + second["items"]] == ["msg_3", "msg_2", "msg_1"]
        assert second["next_cursor"] is None
        unread = await call(client, "list_emails", {"unread_only": True})
        assert [m["id"] for m in unread["items"]] == ["msg_3", "msg_1"]
        assert "folder 'Nope' does not exist in any mail account; folders: Archive, Drafts" in await error(
            client, "list_emails", {"folder": "Nope"}
        )
        assert "limit 500 is out of range; use 1 to 100" in await error(client, "list_emails", {"limit": 500})


@pytest.mark.anyio
async def test_accounts_and_folders_count_total_and_unread_mail(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        accounts = (await call(client, "list_mail_accounts", {}))["accounts"]
        assert [(a["address"], a["default"], a["inbox_unread"]) for a in accounts] == [
            (WORK, True, 2),
            (HOME, False, 1),
        ]
        folders = (await call(client, "list_mail_folders", {"account": WORK}))["accounts"]
        assert [a["account"] for a in folders] == [WORK]
        assert [(f["name"], f["total"], f["unread"]) for f in folders[0]["folders"]][:3] == [
            ("Inbox", 2, 2),
            ("Sent", 0, 0),
            ("Drafts", 0, 0),
        ]
        assert len((await call(client, "list_mail_folders", {}))["accounts"]) == 2
        assert (
            "mail account 'x@y.z' does not exist; accounts: maya@lumen.io, maya.lin@posteo.de"
            in await error(client, "list_mail_folders", {"account": "x@y.z"})
        )


@pytest.mark.anyio
async def test_search_combines_words_people_dates_folders_and_attachments(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:

        async def ids(**arguments: Any) -> list[str]:
            return [m["id"] for m in (await call(client, "search_emails", arguments))["items"]]

        assert await ids(query="budget") == ["msg_3", "msg_1"]
        assert await ids(query="BUDG numbers") == ["msg_3", "msg_1"]
        assert await ids(sender="eva") == ["msg_2"]
        assert await ids(sender="Jonas Weber") == ["msg_3", "msg_1"]
        assert await ids(recipient="eva@") == ["msg_1"]
        assert await ids(after="2026-03-01T10:00:00+01:00", before="2026-03-01T11:00") == ["msg_2"]
        assert await ids(before="2026-03-01") == []
        assert await ids(has_attachment=False) == ["msg_2"]
        assert await ids(folder="Sent") == []
        assert await ids(account=HOME) == ["msg_2"]
        assert await ids(query="budget", limit=1) == ["msg_3"]
        assert "after 'yesterday' is not an ISO 8601 time" in await error(
            client, "search_emails", {"after": "yesterday"}
        )


@pytest.mark.anyio
async def test_read_email_shows_recipients_text_and_attachments_and_marks_it_read(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        full = await call(client, "read_email", {"email_id": "msg_1"})
        assert full["cc"] == ["Eva Schmidt <eva@example.org>"]
        assert full["body"] == "Here are the numbers."
        assert full["attachments"] == [
            {"id": "att_1", "filename": "budget.csv", "mime_type": "text/csv", "size": 21}
        ]
        assert full["seen"] is True
        assert "mail 'msg_99' does not exist; mail ids look like 'msg_12'" in await error(
            client, "read_email", {"email_id": "msg_99"}
        )
    diff = mailbox.diff()
    assert diff.changes == []
    assert [(c.id, c.columns) for c in diff.volatile if c.table == "mail_message"] == [("msg_1", ["seen"])]


@pytest.mark.anyio
async def test_a_thread_reads_oldest_first_with_the_users_own_replies(mailbox: World) -> None:
    await mailbox.apply(
        "mail.reply_to_email", {"message_id": "msg_1", "body": "Thanks!"}
    )  # msg_4, 09:00 on 2nd
    async with Client(create_server(mailbox)) as client:
        thread = await call(client, "read_email_thread", {"thread_id": "thr_1"})
        assert [(m["id"], m["folder"]) for m in thread["emails"]] == [
            ("msg_1", "Inbox"),
            ("msg_3", "Inbox"),
            ("msg_4", "Sent"),
        ]
        assert thread["subject"] == "Q1 budget"
        assert all(m["seen"] for m in thread["emails"])
        by_mail = await call(client, "read_email_thread", {"thread_id": "msg_3"})
        assert by_mail["thread_id"] == "thr_1"
        assert "mail thread 'thr_77' does not exist; thread ids look like 'thr_7'" in await error(
            client, "read_email_thread", {"thread_id": "thr_77"}
        )


@pytest.mark.anyio
async def test_an_attachment_reads_as_text_and_a_binary_one_only_as_its_details(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        text = await call(client, "read_email_attachment", {"attachment_id": "att_1"})
        assert (text["email_id"], text["text"], text["truncated"]) == (
            "msg_1",
            "team,eur\nbackend,120\n",
            False,
        )
        photo = await call(client, "read_email_attachment", {"attachment_id": "att_2"})
        assert (photo["filename"], photo["size"], photo["text"]) == ("photo.jpg", 2_000_000, None)
        assert "mail attachment 'att_9' does not exist" in await error(
            client, "read_email_attachment", {"attachment_id": "att_9"}
        )


@pytest.mark.anyio
async def test_send_email_attaches_a_file_from_a_device_and_keeps_a_copy_in_sent(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        sent = await call(
            client,
            "send_email",
            {
                "to": ["Jonas Weber <jonas@lumen.io>"],
                "bcc": [EVA],
                "subject": "Plan",
                "body": "Attached.",
                "from_account": HOME,
                "attachments": [{"path": "~/q1.md"}],
            },
        )
    assert (sent["folder"], sent["account"], sent["bcc"]) == ("Sent", HOME, ["Eva Schmidt <eva@example.org>"])
    assert [a["filename"] for a in sent["attachments"]] == ["q1.md"]
    attached = row(mailbox, MailAttachment, sent["attachments"][0]["id"])
    assert (attached["content"], attached["source"]) == ("# Q1 budget\n", "laptop:/home/maya/q1.md")
    assert mailbox.diff().counts() == {
        "mail_attachment": {"insert": 1, "update": 0, "delete": 0},
        "mail_message": {"insert": 1, "update": 0, "delete": 0},
    }


@pytest.mark.anyio
async def test_sending_with_a_missing_file_or_bad_device_or_no_recipient_changes_nothing(
    mailbox: World,
) -> None:
    async with Client(create_server(mailbox)) as client:
        base = {"to": [JONAS], "subject": "Plan", "body": "x"}
        assert "no file or directory '/home/maya/nope.pdf' on device 'laptop'" in await error(
            client, "send_email", {**base, "attachments": [{"path": "nope.pdf"}]}
        )
        assert "device 'lap/top' is not a device name" in await error(
            client, "send_email", {**base, "attachments": [{"device": "lap/top", "path": "/x"}]}
        )
        assert "a mail needs at least one recipient" in await error(client, "send_email", {**base, "to": []})
        assert "to 'jonas' is not an email address" in await error(
            client, "send_email", {**base, "to": ["jonas"]}
        )
    assert mailbox.diff().changes == []


@pytest.mark.anyio
async def test_reply_all_quotes_the_original_threads_it_and_marks_it_answered(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        reply = await call(
            client,
            "reply_to_email",
            {
                "email_id": "msg_1",
                "body": "Looks good.",
                "reply_all": True,
                "attachments": [{"path": "q1.md"}],
            },
        )
        original = await call(client, "read_email", {"email_id": "msg_1"})
    assert (reply["subject"], reply["thread_id"]) == ("Re: Q1 budget", "thr_1")
    assert reply["to"] == ["Jonas Weber <jonas@lumen.io>"] and reply["cc"] == [
        "Eva Schmidt <eva@example.org>"
    ]
    assert reply["body"].startswith("Looks good.\n\nOn Sun, 1 Mar 2026 at 09:00, Jonas Weber wrote:\n> Here")
    assert [a["filename"] for a in reply["attachments"]] == ["q1.md"]
    assert original["answered"] is True


@pytest.mark.anyio
async def test_forward_carries_the_originals_attachments(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        forwarded = await call(client, "forward_email", {"email_id": "msg_3", "to": [EVA], "body": "FYI"})
    assert forwarded["subject"] == "Fwd: Re: Q1 budget"
    assert "---------- Forwarded message ---------" in forwarded["body"]
    assert [(a["filename"], a["size"]) for a in forwarded["attachments"]] == [("photo.jpg", 2_000_000)]
    assert mailbox.diff().counts() == {
        "mail_attachment": {"insert": 1, "update": 0, "delete": 0},
        "mail_message": {"insert": 1, "update": 0, "delete": 0},
    }


@pytest.mark.anyio
async def test_a_draft_is_written_changed_and_sent_once(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        draft = await call(client, "create_draft", {"in_reply_to_id": "msg_2", "body": "Sure"})
        assert (draft["folder"], draft["draft"], draft["to"], draft["subject"], draft["account"]) == (
            "Drafts",
            True,
            ["Eva Schmidt <eva@example.org>"],
            "Re: Lunch?",
            HOME,
        )
        changed = await call(
            client, "update_draft", {"draft_id": draft["id"], "body": "Sure, 12:30", "cc": [JONAS]}
        )
        assert (changed["body"], changed["cc"]) == ("Sure, 12:30", ["Jonas Weber <jonas@lumen.io>"])
        sent = await call(client, "send_draft", {"draft_id": draft["id"]})
        assert (sent["id"], sent["folder"], "draft" in sent) == (draft["id"], "Sent", False)
        assert f"mail {draft['id']!r} is not a draft" in await error(
            client, "send_draft", {"draft_id": draft["id"]}
        )
        assert "is not a draft" in await error(client, "update_draft", {"draft_id": "msg_1", "body": "x"})
        lunch = await call(client, "search_emails", {"query": "lunch", "folder": "Inbox"})
        assert lunch["items"][0]["answered"] is True


@pytest.mark.anyio
async def test_a_discarded_draft_is_gone(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        draft = await call(client, "create_draft", {"to": [JONAS], "subject": "Later"})
        assert await call(client, "delete_draft", {"draft_id": draft["id"]}) == {
            "id": draft["id"],
            "deleted": True,
        }
        assert "is not a draft" in await error(client, "delete_draft", {"draft_id": "msg_1"})
    assert mailbox.diff().changes == []


@pytest.mark.anyio
async def test_move_mark_and_label_keep_mail_in_order(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        assert (await call(client, "move_email", {"email_id": "msg_1", "folder": "archive"}))[
            "folder"
        ] == "Archive"
        flagged = await call(client, "mark_email", {"email_id": "msg_1", "flagged": True, "seen": True})
        assert (flagged["flagged"], flagged["seen"]) == (True, True)
        labelled = await call(
            client, "set_email_labels", {"email_id": "msg_1", "labels": [" tax ", "tax", "q1"]}
        )
        assert labelled["labels"] == ["tax", "q1"]
        assert "folder 'Receipts' does not exist in maya@lumen.io; folders: Inbox, Sent" in await error(
            client, "move_email", {"email_id": "msg_1", "folder": "Receipts"}
        )
        assert "nothing to mark" in await error(client, "mark_email", {"email_id": "msg_1"})
    moved = row(mailbox, MailMessage, "msg_1")
    assert (moved["flagged"], moved["labels"]) == (1, '["tax", "q1"]')


@pytest.mark.anyio
async def test_delete_moves_to_trash_and_from_trash_deletes_for_good(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        trashed = await call(client, "delete_email", {"email_id": "msg_1"})
        assert trashed == {"id": "msg_1", "deleted_for_good": False, "folder": "Trash"}
        gone = await call(client, "delete_email", {"email_id": "msg_1"})
        assert gone == {"id": "msg_1", "deleted_for_good": True, "folder": None}
        assert "mail 'msg_1' does not exist" in await error(client, "delete_email", {"email_id": "msg_1"})
    assert (row(mailbox, MailMessage, "msg_1"), row(mailbox, MailAttachment, "att_1")) == (None, None)


@pytest.mark.anyio
async def test_a_new_folder_goes_to_the_default_account_unless_one_is_named(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        assert await call(client, "create_mail_folder", {"name": "Receipts"}) == {
            "account": WORK,
            "name": "Receipts",
        }
        created = await call(client, "create_mail_folder", {"name": "Receipts", "account": HOME})
        assert created["account"] == HOME
        assert "folder 'receipts' exists already in maya@lumen.io" in await error(
            client, "create_mail_folder", {"name": "receipts"}
        )
        moved = await call(client, "move_email", {"email_id": "msg_1", "folder": "Receipts"})
        assert moved["folder"] == "Receipts"


@pytest.mark.anyio
async def test_save_email_attachment_writes_a_file_the_files_service_sees(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        saved = await call(client, "save_email_attachment", {"attachment_id": "att_1", "path": "~"})
        assert saved["path"] == "/home/maya/budget.csv" and saved["size"] == 21
        photo = await call(
            client,
            "save_email_attachment",
            {"attachment_id": "att_2", "path": "/storage/emulated/0/p.jpg", "device": "phone"},
        )
        assert (photo["device"], photo["mime_type"], photo["modified_at"]) == (
            "phone",
            "image/jpeg",
            "2026-03-02T09:00:00+01:00",
        )
        assert "exists already" in await error(
            client, "save_email_attachment", {"attachment_id": "att_1", "path": "~"}
        )
        assert "device 'tablet'" in await error(
            client, "save_email_attachment", {"attachment_id": "att_1", "path": "/x", "device": "tablet"}
        )
    async with mailbox.read() as tx:
        node = find_node(tx, "laptop", "/home/maya/budget.csv")
        assert node is not None and node.content == "team,eur\nbackend,120\n"
    assert mailbox.diff().counts() == {"file_node": {"insert": 2, "update": 0, "delete": 0}}


@pytest.mark.anyio
async def test_failed_calls_change_nothing(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        await error(client, "reply_to_email", {"email_id": "msg_404", "body": "x"})
        await error(client, "forward_email", {"email_id": "msg_1", "to": ["not an address"]})
        await error(
            client, "reply_to_email", {"email_id": "msg_1", "body": "x", "attachments": [{"path": "/no"}]}
        )
        await error(client, "create_draft", {"from_account": "someone@else.org"})
        await error(client, "move_email", {"email_id": "msg_1", "folder": "Nowhere"})
    diff = mailbox.diff()
    assert diff.changes == []
    assert [c.table for c in diff.volatile if c.table != "audit_log"] == []


@pytest.mark.anyio
async def test_tools_carry_hints_and_output_schemas(mailbox: World) -> None:
    async with Client(create_server(mailbox)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    required = {
        "list_mail_folders",
        "list_emails",
        "search_emails",
        "read_email",
        "read_email_thread",
        "send_email",
        "reply_to_email",
        "forward_email",
        "create_draft",
        "update_draft",
        "send_draft",
        "delete_draft",
        "move_email",
        "mark_email",
        "delete_email",
        "save_email_attachment",
    }
    assert required <= set(tools)
    read_only = {n for n, t in tools.items() if t.annotations and t.annotations.read_only_hint}
    destructive = {n for n, t in tools.items() if t.annotations and t.annotations.destructive_hint}
    assert read_only == {
        "list_mail_accounts",
        "list_mail_folders",
        "list_emails",
        "search_emails",
        "read_email_attachment",
    }
    assert destructive == {"delete_email", "delete_draft"}
    assert all(t.output_schema for t in tools.values())
