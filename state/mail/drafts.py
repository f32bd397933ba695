"""Drafts: mail the user is still writing. A draft lives in Drafts until it is sent or discarded."""

from __future__ import annotations

from typing import Any

from state.contacts import parse_addresses
from state.db import Tx
from state.mail._compose import (
    Envelope,
    check_recipients,
    deliver_to_own_accounts,
    erase_message,
    new_message,
    reply_recipients,
    reply_subject,
)
from state.mail._lookup import (
    chosen_account,
    draft_or_error,
    folder_with_role,
    message_or_error,
    sent_message,
)
from state.mail.tables import MailMessage
from state.ops import operation


@operation("mail")
async def create_draft(
    tx: Tx,
    to: list[str] | None = None,
    subject: str = "",
    body: str = "",
    cc: list[str] | None = None,
    bcc: list[str] | None = None,
    account: str | None = None,
    in_reply_to: str = "",
) -> MailMessage:
    """Save a new draft in Drafts. With ``in_reply_to`` (a mail id) it is a reply: recipients and
    subject default to those of a reply, and it joins that mail's thread."""
    parent = sent_message(tx, in_reply_to, "answered") if in_reply_to else None
    sender = chosen_account(tx, account, parent)
    if to is None and parent is not None:
        recipients = reply_recipients(tx, parent, reply_all=False)[0]
    else:
        recipients = parse_addresses(to or [], field="to")
    envelope = Envelope(
        from_address=sender.address,
        from_name=sender.display_name,
        to=recipients,
        cc=parse_addresses(cc or [], field="cc"),
        bcc=parse_addresses(bcc or [], field="bcc"),
        subject=subject or (reply_subject(parent.subject) if parent else ""),
        body=body,
    )
    drafts = folder_with_role(tx, sender.id, "drafts")
    return new_message(tx, drafts, envelope, parent, seen=True, draft=True)


@operation("mail")
async def update_draft(
    tx: Tx,
    draft_id: str,
    to: list[str] | None = None,
    subject: str | None = None,
    body: str | None = None,
    cc: list[str] | None = None,
    bcc: list[str] | None = None,
) -> MailMessage:
    """Change a draft; what is not given stays as it is, a list given replaces the old one."""
    draft = draft_or_error(tx, draft_id)
    changes: dict[str, Any] = {"sent_at": tx.now_db}
    for column, addresses, field in (
        ("to_addresses", to, "to"),
        ("cc_addresses", cc, "cc"),
        ("bcc_addresses", bcc, "bcc"),
    ):
        if addresses is not None:
            changes[column] = parse_addresses(addresses, field=field)
    if subject is not None:
        changes["subject"] = subject
    if body is not None:
        changes["body"] = body
    tx.update(MailMessage, draft.id, **changes)
    return message_or_error(tx, draft.id)


@operation("mail")
async def send_draft(tx: Tx, draft_id: str) -> MailMessage:
    """Send a draft: it moves to Sent (keeping its id) and the mail it answers is marked answered."""
    draft = draft_or_error(tx, draft_id)
    check_recipients(draft.to_addresses, draft.cc_addresses, draft.bcc_addresses)
    sent_folder = folder_with_role(tx, draft.account_id, "sent")
    tx.update(MailMessage, draft.id, folder_id=sent_folder.id, draft=False, seen=True, sent_at=tx.now_db)
    if draft.in_reply_to:
        tx.run(
            "UPDATE mail_message SET answered = 1 WHERE account_id = ? AND message_id = ? AND draft = 0",
            draft.account_id,
            draft.in_reply_to,
        )
    sent = message_or_error(tx, draft.id)
    deliver_to_own_accounts(tx, sent)
    return sent


@operation("mail")
async def delete_draft(tx: Tx, draft_id: str) -> None:
    """Discard a draft for good."""
    draft = draft_or_error(tx, draft_id)
    erase_message(tx, draft.id)
