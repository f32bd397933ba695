"""Mail tools that look: accounts, folders, lists, search, mails, threads and attachments."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from servers._args import Cursor, MailLimit
from servers._base import Ctx, Page, page_bounds, page_of, reading, writing
from servers.mail._args import Account, AttachmentId, EmailId, tool
from servers.mail._models import (
    AttachmentContent,
    Email,
    EmailSummary,
    EmailThread,
    MailAccounts,
    MailFolders,
    Names,
    account_folders,
    account_info,
    attachment_content,
    email,
    summaries,
)
from state import mail
from state.clock import parse_time
from state.db import Tx
from state.mail import MailAccount, MailMessage


@tool(read_only=True)
async def list_mail_accounts(ctx: Ctx) -> MailAccounts:
    """The user's mail accounts (addresses), with how many unread mails each Inbox holds."""
    async with reading(ctx) as tx:
        accounts = tx.select(MailAccount, order="rowid")
        infos = [account_info(tx, a, index == 0) for index, a in enumerate(accounts)]
    return MailAccounts(accounts=infos)


@tool(read_only=True)
async def list_mail_folders(ctx: Ctx, account: Account = None) -> MailFolders:
    """The folders of every account (or of one), each with how many mails it holds and how many are
    unread."""
    async with reading(ctx) as tx:
        owners = [mail.account_or_error(tx, account)] if account else tx.select(MailAccount, order="rowid")
        accounts = [account_folders(tx, owner) for owner in owners]
    return MailFolders(accounts=accounts)


@tool(read_only=True)
async def list_emails(
    ctx: Ctx,
    folder: Annotated[
        str, Field(description="A folder name from list_mail_folders, e.g. 'Inbox', 'Sent', 'Archive'.")
    ] = "Inbox",
    account: Annotated[
        str | None,
        Field(description="One of the user's addresses; default: that folder in every account."),
    ] = None,
    unread_only: bool = False,
    limit: MailLimit = 20,
    cursor: Cursor = None,
) -> Page[EmailSummary]:
    """The mails of a folder, newest first, as summaries (read_email shows a whole mail). Without an
    account, the folder of every account that has it is listed together."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        found = mail.search_emails(
            tx,
            folder=folder,
            account=account,
            unread=True if unread_only else None,
            limit=size + 1,
            offset=offset,
        )
        items, next_cursor = page_of(summaries(tx, found), size, offset)
    return Page[EmailSummary](items=items, next_cursor=next_cursor)


@tool(read_only=True)
async def search_emails(
    ctx: Ctx,
    query: Annotated[
        str, Field(description="Words to find in the subject, text or sender (every word must match).")
    ] = "",
    sender: Annotated[str | None, Field(description="Part of the sender's address or name.")] = None,
    recipient: Annotated[str | None, Field(description="Part of an address in To, Cc or Bcc.")] = None,
    after: Annotated[
        str | None,
        Field(description="Sent at or after this time, e.g. '2026-02-01' or '2026-02-01T09:00:00+01:00'."),
    ] = None,
    before: Annotated[str | None, Field(description="Sent before this time (same formats as after).")] = None,
    folder: Annotated[str | None, Field(description="Only this folder, e.g. 'Inbox'; default: all.")] = None,
    account: Account = None,
    has_attachment: Annotated[
        bool | None, Field(description="true: only mail with files; false: without.")
    ] = None,
    unread_only: bool = False,
    limit: MailLimit = 20,
    cursor: Cursor = None,
) -> Page[EmailSummary]:
    """Find mail in every folder (Trash and Spam too; each result names its folder), newest first.
    Words match as prefixes, in any case: "budget q1" finds "Q1 budget review". A time without offset,
    or a bare date, is in the user's timezone."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        found = mail.search_emails(
            tx,
            query,
            folder=folder,
            account=account,
            from_address=sender,
            to_address=recipient,
            after=parse_time(after, field="after", tz=tx.tz) if after else None,
            before=parse_time(before, field="before", tz=tx.tz) if before else None,
            has_attachment=has_attachment,
            unread=True if unread_only else None,
            limit=size + 1,
            offset=offset,
        )
        items, next_cursor = page_of(summaries(tx, found), size, offset)
    return Page[EmailSummary](items=items, next_cursor=next_cursor)


@tool(idempotent=True)
async def read_email(ctx: Ctx, email_id: EmailId) -> Email:
    """A whole mail: recipients, text and attachments (ids for read_email_attachment and
    save_email_attachment). Marks it read."""
    async with writing(ctx) as tx:
        found = await _seen(tx, mail.message_or_error(tx, email_id))
        return email(tx, found)


async def _seen(tx: Tx, message: MailMessage) -> MailMessage:
    return message if message.seen else await mail.mark_email(tx, message_id=message.id, seen=True)


@tool(idempotent=True)
async def read_email_thread(
    ctx: Ctx,
    thread_id: Annotated[
        str,
        Field(
            description="A thread id from any mail, e.g. 'thr_7'; a mail id such as 'msg_42' means its thread."
        ),
    ],
) -> EmailThread:
    """Every mail of a conversation, oldest first, in whole (the user's replies from Sent included).
    Marks them read."""
    async with writing(ctx) as tx:
        found = [await _seen(tx, m) for m in mail.thread_messages(tx, thread_id)]
        names = Names(tx)
        emails = [email(tx, m, names) for m in found]
    return EmailThread(thread_id=found[0].thread_id, subject=found[0].subject, emails=emails)


@tool(read_only=True)
async def read_email_attachment(ctx: Ctx, attachment_id: AttachmentId) -> AttachmentContent:
    """The text of a file attached to a mail (a binary file such as a photo shows only its name, type
    and size; save_email_attachment puts it on a device)."""
    async with reading(ctx) as tx:
        return attachment_content(mail.attachment_or_error(tx, attachment_id))
