"""Writing mail: Message-ID headers, threads, reply and forward subjects and bodies, and delivery."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from state.clock import MONTH_ABBREVIATIONS, WEEKDAY_ABBREVIATIONS, from_db
from state.db import Tx, build
from state.errors import InvalidArgument
from state.mail._lookup import folder_with_role, own_addresses
from state.mail.attachments import AttachmentIn, attach_all, copy_attachments
from state.mail.tables import MailAccount, MailFolder, MailMessage

# Fixed English names: strftime's %a and %b follow the host's locale.
_REPLY_PREFIX = re.compile(r"\s*re\s*(\[\d+\])?\s*:", re.IGNORECASE)
_FORWARD_PREFIX = re.compile(r"\s*fwd?\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class Envelope:
    """Who a mail is from and to, and what it says. Addresses are parsed and lower-case."""

    from_address: str
    from_name: str
    to: list[str]
    cc: list[str] = field(default_factory=list[str])
    bcc: list[str] = field(default_factory=list[str])
    subject: str = ""
    body: str = ""
    reply_to: str = ""


def message_id_header(mail_id: str, sender: str, subject: str, sent_at: str) -> str:
    """A Message-ID made only of the mail's own data, so the same history gives the same headers."""
    digest = hashlib.sha256(f"{mail_id}\n{sender}\n{subject}\n{sent_at}".encode()).hexdigest()[:12]
    return f"<{mail_id}.{digest}@{sender.rpartition('@')[2]}>"


def new_message(
    tx: Tx,
    folder: MailFolder,
    envelope: Envelope,
    parent: MailMessage | None = None,
    *,
    seen: bool = False,
    flagged: bool = False,
    draft: bool = False,
    labels: list[str] | None = None,
) -> MailMessage:
    """Store a new mail in ``folder``; with a ``parent`` it joins the parent's thread and references it."""
    mail_id = tx.new_id("msg")
    mail = build(MailMessage)(
        id=mail_id,
        account_id=folder.account_id,
        folder_id=folder.id,
        message_id=message_id_header(mail_id, envelope.from_address, envelope.subject, tx.now_db),
        thread_id=parent.thread_id if parent else tx.new_id("thr"),
        in_reply_to=parent.message_id if parent else "",
        reference_ids=[*parent.reference_ids, parent.message_id] if parent else [],
        from_address=envelope.from_address,
        from_name=envelope.from_name,
        to_addresses=envelope.to,
        cc_addresses=envelope.cc,
        bcc_addresses=envelope.bcc,
        reply_to=envelope.reply_to,
        subject=envelope.subject,
        body=envelope.body,
        sent_at=tx.now_db,
        seen=seen,
        flagged=flagged,
        draft=draft,
        labels=labels or [],
    )
    tx.insert(mail)
    return mail


def send(
    tx: Tx,
    account: MailAccount,
    envelope: Envelope,
    *,
    replying_to: MailMessage | None = None,
    forwarding: MailMessage | None = None,
    attachments: Iterable[AttachmentIn] = (),
    files: Iterable[str] = (),
) -> MailMessage:
    """Send a mail from ``account``: it is stored in Sent, seen.

    A reply joins its original's thread and marks it answered; a forward joins the thread and carries
    the original's attachments.
    """
    check_recipients(envelope.to, envelope.cc, envelope.bcc)
    sent_folder = folder_with_role(tx, account.id, "sent")
    sent = new_message(tx, sent_folder, envelope, replying_to or forwarding, seen=True)
    if forwarding is not None:
        copy_attachments(tx, forwarding.id, sent.id)
    attach_all(tx, sent.id, attachments, files)
    if replying_to is not None:
        tx.update(MailMessage, replying_to.id, answered=True)
    deliver_to_own_accounts(tx, sent)
    return sent


def check_recipients(to: list[str], cc: list[str], bcc: list[str]) -> None:
    if not (to or cc or bcc):
        raise InvalidArgument("a mail needs at least one recipient: give an address in to, cc or bcc")


def deliver_to_own_accounts(tx: Tx, sent: MailMessage) -> None:
    """Mail the user sends to one of their own addresses also arrives in that account's Inbox, unseen."""
    recipients = {*sent.to_addresses, *sent.cc_addresses, *sent.bcc_addresses}
    for account in tx.select(MailAccount, order="rowid"):
        if account.address not in recipients:
            continue
        inbox = folder_with_role(tx, account.id, "inbox")
        copy = sent.model_copy(
            update={
                "id": tx.new_id("msg"),
                "account_id": account.id,
                "folder_id": inbox.id,
                "bcc_addresses": [],
                "seen": False,
                "answered": False,
            }
        )
        tx.insert(copy)
        copy_attachments(tx, sent.id, copy.id)


def erase_message(tx: Tx, mail_id: str) -> None:
    """Delete a mail and its attachments for good."""
    tx.run("DELETE FROM mail_attachment WHERE message_id = ?", mail_id)
    tx.delete(MailMessage, mail_id)


def reply_subject(subject: str) -> str:
    return subject if _REPLY_PREFIX.match(subject) else f"Re: {subject}"


def forward_subject(subject: str) -> str:
    return subject if _FORWARD_PREFIX.match(subject) else f"Fwd: {subject}"


def reply_recipients(tx: Tx, original: MailMessage, reply_all: bool) -> tuple[list[str], list[str]]:
    """To and Cc of a reply: the sender (or, to one's own mail, its recipients); with ``reply_all`` also
    the others in To and Cc, never the user's own addresses, each once."""
    mine = own_addresses(tx)
    if original.from_address in mine:
        to = list(original.to_addresses)
    else:
        to = [original.reply_to or original.from_address]
    cc: list[str] = []
    if reply_all:
        to += [a for a in original.to_addresses if a not in mine]
        cc = [a for a in original.cc_addresses if a not in mine]
    to = list(dict.fromkeys(to))
    return to, [a for a in dict.fromkeys(cc) if a not in to]


def local_time_text(stored: str, tz: ZoneInfo) -> str:
    """A stored time as mail clients write it in quotes, e.g. ``Mon, 2 Mar 2026 at 09:15``."""
    moment = from_db(stored).astimezone(tz)
    return (
        f"{WEEKDAY_ABBREVIATIONS[moment.weekday()]}, {moment.day} {MONTH_ABBREVIATIONS[moment.month - 1]} {moment.year} "
        f"at {moment:%H:%M}"
    )


def quoted_reply(body: str, original: MailMessage, name: str, tz: ZoneInfo) -> str:
    """``body`` followed by the original, quoted: "On <date>, <name> wrote:" and "> " lines."""
    quote = "\n".join(
        [
            f"On {local_time_text(original.sent_at, tz)}, {name} wrote:",
            *map(_quote, original.body.splitlines()),
        ]
    )
    return f"{body.rstrip()}\n\n{quote}" if body.strip() else quote


def _quote(line: str) -> str:
    if line.startswith(">"):
        return f">{line}"
    return f"> {line}" if line else ">"


def forwarded_body(body: str, original: MailMessage, tz: ZoneInfo) -> str:
    """``body`` followed by the original's headers and text, as mail clients forward inline."""
    sender = (
        f"{original.from_name} <{original.from_address}>" if original.from_name else original.from_address
    )
    lines = [
        "---------- Forwarded message ---------",
        f"From: {sender}",
        f"Date: {local_time_text(original.sent_at, tz)}",
        f"Subject: {original.subject}",
        f"To: {', '.join(original.to_addresses)}",
    ]
    if original.cc_addresses:
        lines.append(f"Cc: {', '.join(original.cc_addresses)}")
    block = "\n".join(lines) + "\n\n" + original.body
    return f"{body.rstrip()}\n\n{block}" if body.strip() else block


def clean_labels(labels: Iterable[str]) -> list[str]:
    """Labels without surrounding spaces, empty ones and repeats, in the order given."""
    return list(dict.fromkeys(label.strip() for label in labels if label.strip()))
