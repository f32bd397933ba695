"""Accounts and folders, and keeping mail in order: moving, marking, labelling and deleting it."""

from __future__ import annotations

from state.contacts import parse_address
from state.db import Tx, build
from state.errors import Conflict, InvalidArgument
from state.mail._compose import clean_labels, erase_message
from state.mail._lookup import (
    STANDARD_FOLDERS,
    account_by_id,
    account_or_error,
    folder_by_id,
    folder_or_error,
    folder_with_role,
    folders_of,
    message_or_error,
)
from state.mail.tables import MailAccount, MailFolder, MailMessage
from state.ops import operation


@operation("mail")
async def add_account(
    tx: Tx, address: str, display_name: str, provider: str = "", signature: str = ""
) -> MailAccount:
    """Give the user a mail account, with the folders Inbox, Sent, Drafts, Archive, Trash and Spam."""
    name, clean_address = parse_address(address, field="address")
    if tx.select(MailAccount, "address = ?", clean_address):
        raise Conflict(f"mail account {clean_address} exists already")
    account = build(MailAccount)(
        id=tx.new_id("acct"),
        address=clean_address,
        display_name=display_name.strip() or name,
        provider=provider,
        signature=signature,
    )
    tx.insert(account)
    for folder_name, role in STANDARD_FOLDERS:
        tx.insert(
            build(MailFolder)(id=tx.new_id("folder"), account_id=account.id, name=folder_name, role=role)
        )
    return account


@operation("mail")
async def create_mail_folder(tx: Tx, account: str, name: str) -> MailFolder:
    """Create a folder in the account with address ``account``."""
    owner = account_or_error(tx, account)
    clean = name.strip()
    if not clean:
        raise InvalidArgument(f"folder name {name!r} is empty; give a name such as 'Receipts'")
    folders = folders_of(tx, owner.id)
    if any(f.name.lower() == clean.lower() for f in folders):
        names = ", ".join(f.name for f in folders)
        raise Conflict(f"folder {clean!r} exists already in {owner.address}; folders: {names}")
    folder = build(MailFolder)(id=tx.new_id("folder"), account_id=owner.id, name=clean)
    tx.insert(folder)
    return folder


@operation("mail")
async def move_email(tx: Tx, message_id: str, folder: str) -> MailMessage:
    """Move a mail to another folder of its account (by name, e.g. "Archive", or role)."""
    mail = message_or_error(tx, message_id)
    if mail.draft:
        raise InvalidArgument(
            f"mail {message_id!r} is a draft, and drafts stay in Drafts: send it with mail.send_draft "
            "or discard it with mail.delete_draft"
        )
    target = folder_or_error(tx, account_by_id(tx, mail.account_id), folder)
    if target.role == "drafts":
        raise InvalidArgument(
            f"folder {target.name!r} holds only drafts; mail {message_id!r} cannot go there"
        )
    tx.update(MailMessage, mail.id, folder_id=target.id)
    return message_or_error(tx, mail.id)


@operation("mail")
async def mark_email(
    tx: Tx, message_id: str, seen: bool | None = None, flagged: bool | None = None
) -> MailMessage:
    """Mark a mail read or unread (``seen``) and flagged or not (``flagged``)."""
    mail = message_or_error(tx, message_id)
    changes = {k: v for k, v in (("seen", seen), ("flagged", flagged)) if v is not None}
    if not changes:
        raise InvalidArgument("nothing to mark: give seen (true/false), flagged (true/false) or both")
    tx.update(MailMessage, mail.id, **changes)
    return message_or_error(tx, mail.id)


@operation("mail")
async def set_email_labels(tx: Tx, message_id: str, labels: list[str]) -> MailMessage:
    """Replace a mail's labels (an empty list removes them all)."""
    mail = message_or_error(tx, message_id)
    tx.update(MailMessage, mail.id, labels=clean_labels(labels))
    return message_or_error(tx, mail.id)


@operation("mail")
async def delete_email(tx: Tx, message_id: str) -> MailMessage | None:
    """Move a mail to Trash; a mail already in Trash, or a draft, is deleted for good (returns nothing)."""
    mail = message_or_error(tx, message_id)
    if mail.draft or folder_by_id(tx, mail.folder_id).role == "trash":
        erase_message(tx, mail.id)
        return None
    trash = folder_with_role(tx, mail.account_id, "trash")
    tx.update(MailMessage, mail.id, folder_id=trash.id)
    return message_or_error(tx, mail.id)
