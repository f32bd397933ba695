"""Mail that arrives, and mail the user sends, replies to and forwards."""

from __future__ import annotations

from state.contacts import contact_name, parse_address, parse_addresses
from state.db import Tx
from state.errors import InvalidArgument
from state.mail._compose import (
    Envelope,
    clean_labels,
    forward_subject,
    forwarded_body,
    new_message,
    quoted_reply,
    reply_recipients,
    reply_subject,
    send,
)
from state.mail._lookup import (
    account_by_id,
    account_or_error,
    chosen_account,
    first_account,
    folder_or_error,
    sent_message,
)
from state.mail.attachments import AttachmentIn, attach_all
from state.mail.tables import MailAccount, MailMessage
from state.ops import operation


@operation("mail")
async def receive_email(
    tx: Tx,
    from_address: str,
    to: list[str],
    subject: str,
    body: str,
    from_name: str = "",
    cc: list[str] | None = None,
    account: str | None = None,
    folder: str = "Inbox",
    attachments: list[AttachmentIn] | None = None,
    in_reply_to: str = "",
    labels: list[str] | None = None,
    reply_to: str = "",
    seen: bool = False,
    flagged: bool = False,
) -> MailMessage:
    """Mail from someone else arrives in one of the user's accounts.

    ``account`` defaults to the user's account among ``to`` and ``cc``, else the first account;
    ``in_reply_to`` is the id of the mail this one answers (it joins that mail's thread).
    """
    name, sender = parse_address(from_address, field="from_address")
    envelope = Envelope(
        from_address=sender,
        from_name=from_name.strip() or name or contact_name(tx, sender),
        to=parse_addresses(to, field="to"),
        cc=parse_addresses(cc or [], field="cc"),
        subject=subject,
        body=body,
        reply_to=parse_address(reply_to, field="reply_to")[1] if reply_to.strip() else "",
    )
    parent = sent_message(tx, in_reply_to, "answered") if in_reply_to else None
    box = folder_or_error(tx, _receiving_account(tx, account, envelope), folder)
    if box.role == "drafts":
        raise InvalidArgument(f"folder {folder!r} holds the user's drafts; received mail cannot go there")
    mail = new_message(
        tx, box, envelope, parent, seen=seen, flagged=flagged, labels=clean_labels(labels or [])
    )
    attach_all(tx, mail.id, attachments or [])
    return mail


def _receiving_account(tx: Tx, account: str | None, envelope: Envelope) -> MailAccount:
    if account is not None:
        return account_or_error(tx, account)
    for address in [*envelope.to, *envelope.cc]:
        found = tx.select(MailAccount, "address = ?", address)
        if found:
            return found[0]
    return first_account(tx)


@operation("mail")
async def send_email(
    tx: Tx,
    to: list[str],
    subject: str,
    body: str,
    cc: list[str] | None = None,
    bcc: list[str] | None = None,
    account: str | None = None,
    attachments: list[AttachmentIn] | None = None,
    attach_files: list[str] | None = None,
    in_reply_to: str = "",
) -> MailMessage:
    """Send a mail; a copy is kept in the account's Sent folder.

    ``account`` is the address to send from (default: the first account, or the account of the mail
    answered). ``attach_files`` are files on the user's devices, e.g. "laptop:/home/maya/report.pdf".
    """
    parent = sent_message(tx, in_reply_to, "answered") if in_reply_to else None
    sender = chosen_account(tx, account, parent)
    envelope = Envelope(
        from_address=sender.address,
        from_name=sender.display_name,
        to=parse_addresses(to, field="to"),
        cc=parse_addresses(cc or [], field="cc"),
        bcc=parse_addresses(bcc or [], field="bcc"),
        subject=subject,
        body=body,
    )
    return send(
        tx, sender, envelope, replying_to=parent, attachments=attachments or [], files=attach_files or []
    )


@operation("mail")
async def reply_to_email(
    tx: Tx,
    message_id: str,
    body: str,
    reply_all: bool = False,
    attachments: list[AttachmentIn] | None = None,
    attach_files: list[str] | None = None,
) -> MailMessage:
    """Reply to a mail, quoting it below ``body``; ``reply_all`` also writes to everyone else in To and Cc.

    ``attach_files`` are files on the user's devices, e.g. "laptop:/home/maya/report.pdf".
    """
    original = sent_message(tx, message_id, "answered")
    sender = account_by_id(tx, original.account_id)
    to, cc = reply_recipients(tx, original, reply_all)
    name = original.from_name or contact_name(tx, original.from_address) or original.from_address
    envelope = Envelope(
        from_address=sender.address,
        from_name=sender.display_name,
        to=to,
        cc=cc,
        subject=reply_subject(original.subject),
        body=quoted_reply(body, original, name, tx.tz),
    )
    return send(
        tx,
        sender,
        envelope,
        replying_to=original,
        attachments=attachments or [],
        files=attach_files or [],
    )


@operation("mail")
async def forward_email(
    tx: Tx, message_id: str, to: list[str], body: str = "", cc: list[str] | None = None
) -> MailMessage:
    """Forward a mail with its attachments; ``body`` goes above the forwarded message."""
    original = sent_message(tx, message_id, "forwarded")
    sender = account_by_id(tx, original.account_id)
    envelope = Envelope(
        from_address=sender.address,
        from_name=sender.display_name,
        to=parse_addresses(to, field="to"),
        cc=parse_addresses(cc or [], field="cc"),
        subject=forward_subject(original.subject),
        body=forwarded_body(body, original, tx.tz),
    )
    return send(tx, sender, envelope, forwarding=original)
