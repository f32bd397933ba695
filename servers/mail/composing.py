"""Mail tools that write: sending, replying, forwarding and drafts."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from servers._base import Ctx, Deleted, writing
from servers.mail._common import (
    Addresses,
    AttachFiles,
    DraftId,
    Email,
    EmailId,
    FromAccount,
    MoreAddresses,
    email,
    file_specs,
    tool,
)
from state import mail

Body = Annotated[str, Field(description="Plain text; the account's signature is not added for you.")]


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
        draft = await mail.save_draft(
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
