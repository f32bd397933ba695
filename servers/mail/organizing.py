"""Mail tools that keep order: folders, moving, marking, labels, deleting, saving attachments."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from servers._base import Ctx, writing
from servers.mail._common import Account, AttachmentId, EmailId, EmailSummary, summary, tool
from state import mail
from state.clock import local_iso
from state.mail import MailMessage


class CreatedFolder(BaseModel):
    """A new folder of one account."""

    account: str
    name: str


class DeletedEmail(BaseModel):
    """What delete_email did."""

    id: str
    deleted_for_good: bool = Field(description="True: it is gone; false: it was moved to Trash.")
    folder: str | None = Field(description="Where it is now (Trash); null when it is gone.")


class SavedAttachment(BaseModel):
    """The file an attachment was saved as."""

    device: str
    path: str = Field(description="Absolute path of the new file on the device.")
    size: int = Field(description="Bytes.")
    mime_type: str
    modified_at: str = Field(description="ISO 8601 with the user's UTC offset.")


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
        folder = await mail.create_folder(tx, account=owner.address, name=name)
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
        await mail.set_labels(tx, message_id=email_id, labels=labels)
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
        node = await mail.save_attachment(tx, attachment_id=attachment_id, path=path, device=device)
        return SavedAttachment(
            device=node.device,
            path=node.path,
            size=node.size,
            mime_type=node.mime_type,
            modified_at=local_iso(node.modified_at, tx.tz),
        )
