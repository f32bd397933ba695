"""Mail tools that change the world: sending, replying, forwarding, drafts; folders, moving, marking,
labels, deleting and saving attachments."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from servers._base import Ctx, Deleted, writing
from servers.mail._args import (
    Account,
    Addresses,
    AttachFiles,
    AttachmentId,
    Body,
    DraftId,
    EmailId,
    FromAccount,
    MoreAddresses,
    file_specs,
    tool,
)
from servers.mail._models import (
    CreatedFolder,
    DeletedEmail,
    Email,
    EmailSummary,
    SavedAttachment,
    email,
    summary,
)
from state import mail
from state.clock import local_iso
from state.mail import MailMessage


@tool()
async def send_email(
    ctx: Ctx,
    to: Addresses,
    subject: str,
    body: Body,
    cc: MoreAddresses = None,
    bcc: MoreAddresses = None,
    from_account: FromAccount = None,
    attachments: AttachFiles = None,
) -> Email:
    """Send a new mail; a copy is kept in Sent. Files are attached from the user's devices (as the
    files service sees them), e.g. attachments=[{"device": "laptop", "path": "~/Documents/plan.pdf"}].
    Returns the sent mail."""
    async with writing(ctx) as tx:
        sent = await mail.send_email(
            tx,
            to=to,
            subject=subject,
            body=body,
            cc=cc,
            bcc=bcc,
            account=from_account,
            attach_files=file_specs(attachments),
        )
        return email(tx, sent)


@tool()
async def reply_to_email(
    ctx: Ctx,
    email_id: EmailId,
    body: Annotated[str, Field(description="Your text; the original is quoted below it for you.")],
    reply_all: Annotated[
        bool, Field(description="Also write to everyone else in the original's To and Cc.")
    ] = False,
    attachments: AttachFiles = None,
) -> Email:
    """Reply to a mail from the account it arrived in: "Re: " subject, the original quoted, the same
    thread; the original is marked answered. Returns the sent reply."""
    async with writing(ctx) as tx:
        sent = await mail.reply_to_email(
            tx, message_id=email_id, body=body, reply_all=reply_all, attach_files=file_specs(attachments)
        )
        return email(tx, sent)


@tool()
async def forward_email(
    ctx: Ctx,
    email_id: EmailId,
    to: Addresses,
    body: Annotated[str, Field(description="Your text above the forwarded mail.")] = "",
    cc: MoreAddresses = None,
) -> Email:
    """Forward a mail with its attachments: "Fwd: " subject, its headers and text below yours.
    Returns the sent mail."""
    async with writing(ctx) as tx:
        sent = await mail.forward_email(tx, message_id=email_id, to=to, body=body, cc=cc)
        return email(tx, sent)


@tool()
async def create_draft(
    ctx: Ctx,
    to: MoreAddresses = None,
    subject: str = "",
    body: Body = "",
    cc: MoreAddresses = None,
    bcc: MoreAddresses = None,
    from_account: FromAccount = None,
    in_reply_to_id: Annotated[
        str | None,
        Field(
            description="The id of a mail this draft answers, e.g. 'msg_42': to and subject then default to "
            "a reply's, and it joins that thread (the original is not quoted)."
        ),
    ] = None,
) -> Email:
    """Save a new draft in Drafts without sending it; send it later with send_draft."""
    async with writing(ctx) as tx:
        draft = await mail.create_draft(
            tx,
            to=to,
            subject=subject,
            body=body,
            cc=cc,
            bcc=bcc,
            account=from_account,
            in_reply_to=in_reply_to_id or "",
        )
        return email(tx, draft)


@tool(idempotent=True)
async def update_draft(
    ctx: Ctx,
    draft_id: DraftId,
    to: MoreAddresses = None,
    subject: str | None = None,
    body: Annotated[str | None, Field(description="Replaces the whole text.")] = None,
    cc: MoreAddresses = None,
    bcc: MoreAddresses = None,
) -> Email:
    """Change a draft: what is left out (null) stays as it is; a list given replaces the old one
    (an empty list clears it). Returns the draft as it is now."""
    async with writing(ctx) as tx:
        draft = await mail.update_draft(
            tx, draft_id=draft_id, to=to, subject=subject, body=body, cc=cc, bcc=bcc
        )
        return email(tx, draft)


@tool()
async def send_draft(ctx: Ctx, draft_id: DraftId) -> Email:
    """Send a draft as it is: it moves to Sent, keeping its id. Returns the sent mail."""
    async with writing(ctx) as tx:
        sent = await mail.send_draft(tx, draft_id=draft_id)
        return email(tx, sent)


@tool(destructive=True)
async def delete_draft(ctx: Ctx, draft_id: DraftId) -> Deleted:
    """Discard a draft for good (it does not go to Trash)."""
    async with writing(ctx) as tx:
        await mail.delete_draft(tx, draft_id=draft_id)
    return Deleted(id=draft_id, deleted=True)


@tool()
async def create_mail_folder(
    ctx: Ctx,
    name: Annotated[str, Field(description="The new folder's name, e.g. 'Receipts'.")],
    account: Account = None,
) -> CreatedFolder:
    """Create a folder in one of the user's mail accounts (default: the default account); move_email
    files mail into it."""
    async with writing(ctx) as tx:
        owner = mail.account_or_error(tx, account) if account else mail.first_account(tx)
        folder = await mail.create_mail_folder(tx, account=owner.address, name=name)
    return CreatedFolder(account=owner.address, name=folder.name)


@tool(idempotent=True)
async def move_email(
    ctx: Ctx,
    email_id: EmailId,
    folder: Annotated[
        str,
        Field(description="A folder of the mail's own account by name, e.g. 'Archive', 'Inbox', 'Receipts'."),
    ],
) -> EmailSummary:
    """Move a mail to another folder of its account (to archive it: folder 'Archive'). Drafts stay in
    Drafts. Returns the mail as it is now."""
    async with writing(ctx) as tx:
        await mail.move_email(tx, message_id=email_id, folder=folder)
        return summary(tx, email_id)


@tool(idempotent=True)
async def mark_email(
    ctx: Ctx,
    email_id: EmailId,
    seen: Annotated[bool | None, Field(description="true: read; false: unread; null: leave it.")] = None,
    flagged: Annotated[
        bool | None, Field(description="true: flag it; false: unflag; null: leave it.")
    ] = None,
) -> EmailSummary:
    """Mark a mail read or unread and flagged or not (give at least one). Returns the mail as it is now."""
    async with writing(ctx) as tx:
        await mail.mark_email(tx, message_id=email_id, seen=seen, flagged=flagged)
        return summary(tx, email_id)


@tool(idempotent=True)
async def set_email_labels(
    ctx: Ctx,
    email_id: EmailId,
    labels: Annotated[list[str], Field(description="The mail's labels from now on; [] removes them all.")],
) -> EmailSummary:
    """Replace a mail's labels (tags such as 'important' or 'tax-2025'; a mail stays in its folder).
    Returns the mail as it is now."""
    async with writing(ctx) as tx:
        await mail.set_email_labels(tx, message_id=email_id, labels=labels)
        return summary(tx, email_id)


@tool(destructive=True)
async def delete_email(ctx: Ctx, email_id: EmailId) -> DeletedEmail:
    """Delete a mail: it moves to Trash. A mail already in Trash (or a draft) is deleted for good,
    with its attachments."""
    async with writing(ctx) as tx:
        moved: MailMessage | None = await mail.delete_email(tx, message_id=email_id)
        if moved is None:
            return DeletedEmail(id=email_id, deleted_for_good=True, folder=None)
        return DeletedEmail(id=email_id, deleted_for_good=False, folder=summary(tx, moved.id).folder)


@tool()
async def save_email_attachment(
    ctx: Ctx,
    attachment_id: AttachmentId,
    path: Annotated[
        str,
        Field(
            description="Where to save it: a directory ('~/Downloads', kept under the attachment's name) or "
            "a new file's path ('~/Documents/invoice.pdf'). Its directory must exist; nothing is overwritten."
        ),
    ],
    device: Annotated[
        str, Field(description="'laptop' or 'phone' (list_file_devices lists them).")
    ] = "laptop",
) -> SavedAttachment:
    """Save a mail's attachment as a file on one of the user's devices, where the files service and the
    shell see it."""
    async with writing(ctx) as tx:
        node = await mail.save_email_attachment(tx, attachment_id=attachment_id, path=path, device=device)
        return SavedAttachment(
            device=node.device,
            path=node.path,
            size=node.size,
            mime_type=node.mime_type,
            modified_at=local_iso(node.modified_at, tx.tz),
        )
