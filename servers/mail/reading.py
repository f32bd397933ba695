"""Mail tools that look: accounts, folders, lists, search, mails, threads and attachments."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from servers._base import Ctx, Page, page_bounds, page_of, reading, writing
from servers.mail._common import (
    Account,
    AttachmentId,
    Cursor,
    Email,
    EmailId,
    EmailSummary,
    Limit,
    Names,
    email,
    optional,
    summaries,
    tool,
)
from state import mail
from state.clock import parse_time
from state.db import Tx
from state.mail import MailAccount, MailMessage

MAX_ATTACHMENT_CHARS = 20_000


class MailAccountInfo(BaseModel):
    """One of the user's mail addresses."""

    address: str
    display_name: str = Field(description="The name mail from this address goes out under.")
    provider: str
    signature: str = Field(description="Not added automatically: put it into a body yourself if wanted.")
    default: bool = Field(description="Mail goes out from this account when no account is named.")
    inbox_unread: int


class MailAccounts(BaseModel):
    accounts: list[MailAccountInfo]


class MailFolderInfo(BaseModel):
    """A folder with its counts."""

    name: str
    role: str = optional(
        "", "inbox, sent, drafts, archive, trash or spam; left out for the user's own folders."
    )
    total: int
    unread: int


class AccountFolders(BaseModel):
    account: str = Field(description="The account's address.")
    folders: list[MailFolderInfo]


class MailFolders(BaseModel):
    accounts: list[AccountFolders]


class EmailThread(BaseModel):
    """A conversation: every mail of the thread, oldest first."""

    thread_id: str
    subject: str = Field(description="The subject of its first mail.")
    emails: list[Email]


class AttachmentContent(BaseModel):
    """An attachment and, for a text file, its text."""

    id: str
    email_id: str
    filename: str
    mime_type: str
    size: int = Field(description="Bytes.")
    text: str | None = Field(description="The file's text; null for a binary file (a photo, a PDF scan...).")
    truncated: bool = Field(description=f"Only the first {MAX_ATTACHMENT_CHARS} characters are shown.")


@tool(read_only=True)
async def list_mail_accounts(ctx: Ctx) -> MailAccounts:
    """The user's mail accounts (addresses), with how many unread mails each Inbox holds."""
    async with reading(ctx) as tx:
        accounts = tx.select(MailAccount, order="rowid")
        infos = [_account_info(tx, a, index == 0) for index, a in enumerate(accounts)]
    return MailAccounts(accounts=infos)


def _account_info(tx: Tx, account: MailAccount, default: bool) -> MailAccountInfo:
    inbox = next(c for c in mail.folder_counts(tx, account.id) if c.folder.role == "inbox")
    return MailAccountInfo(
        address=account.address,
        display_name=account.display_name,
        provider=account.provider,
        signature=account.signature,
        default=default,
        inbox_unread=inbox.unread,
    )


@tool(read_only=True)
async def list_mail_folders(ctx: Ctx, account: Account = None) -> MailFolders:
    """The folders of every account (or of one), each with how many mails it holds and how many are
    unread."""
    async with reading(ctx) as tx:
        owners = [mail.account_or_error(tx, account)] if account else tx.select(MailAccount, order="rowid")
        accounts = [
            AccountFolders(
                account=owner.address,
                folders=[
                    MailFolderInfo(name=c.folder.name, role=c.folder.role, total=c.total, unread=c.unread)
                    for c in mail.folder_counts(tx, owner.id)
                ],
            )
            for owner in owners
        ]
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
    limit: Limit = 20,
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
    limit: Limit = 20,
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
        found = mail.attachment_or_error(tx, attachment_id)
    binary = not found.content and found.size > 0
    return AttachmentContent(
        id=found.id,
        email_id=found.message_id,
        filename=found.filename,
        mime_type=found.mime_type,
        size=found.size,
        text=None if binary else found.content[:MAX_ATTACHMENT_CHARS],
        truncated=len(found.content) > MAX_ATTACHMENT_CHARS,
    )
