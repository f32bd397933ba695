"""Finding accounts, folders, mails and attachments, with errors that list what there is."""

from __future__ import annotations

from email.utils import parseaddr

from state.core import UserProfile
from state.db import Tx
from state.errors import Conflict, InvalidArgument, NotFound
from state.mail.tables import MailAccount, MailAttachment, MailFolder, MailMessage

STANDARD_FOLDERS = (
    ("Inbox", "inbox"),
    ("Sent", "sent"),
    ("Drafts", "drafts"),
    ("Archive", "archive"),
    ("Trash", "trash"),
    ("Spam", "spam"),
)


def account_or_error(tx: Tx, account: str) -> MailAccount:
    """The user's account with address ``account`` ("addr", "Name <addr>" or the account id)."""
    address = (parseaddr(account)[1] or account).strip().lower()
    found = tx.select(MailAccount, "address = ? OR id = ?", address, account.strip())
    if not found:
        have = ", ".join(a.address for a in tx.select(MailAccount, order="rowid")) or "none yet"
        raise NotFound(f"mail account {account!r} does not exist; accounts: {have}")
    return found[0]


def first_account(tx: Tx) -> MailAccount:
    """The account added first: the one mail goes out from when no account is named."""
    found = tx.select(MailAccount, order="rowid")
    if not found:
        raise NotFound("the user has no mail account yet; add one with mail.add_account")
    return found[0]


def chosen_account(tx: Tx, account: str | None, parent: MailMessage | None = None) -> MailAccount:
    """``account`` if named, else the account of the mail answered, else the first account."""
    if account is not None:
        return account_or_error(tx, account)
    if parent is not None:
        return account_by_id(tx, parent.account_id)
    return first_account(tx)


def account_by_id(tx: Tx, account_id: str) -> MailAccount:
    found = tx.get(MailAccount, account_id)
    if found is None:
        raise NotFound(f"mail account {account_id!r} does not exist")
    return found


def own_addresses(tx: Tx) -> set[str]:
    """Every address that is the user's: each mail account's and the profile's."""
    addresses = {a.address for a in tx.select(MailAccount)}
    me = tx.get(UserProfile, "me")
    if me is not None and me.email:
        addresses.add(me.email.lower())
    return addresses


def folders_of(tx: Tx, account_id: str) -> list[MailFolder]:
    return tx.select(MailFolder, "account_id = ?", account_id, order="rowid")


def folder_or_error(tx: Tx, account: MailAccount, folder: str) -> MailFolder:
    """A folder of ``account`` by id, by name or by role (``inbox``, ``trash``...), ignoring case."""
    key = folder.strip().lower()
    folders = folders_of(tx, account.id)
    for candidate in folders:
        if candidate.id == folder.strip() or candidate.name.lower() == key:
            return candidate
    for candidate in folders:
        if candidate.role and candidate.role == key:
            return candidate
    names = ", ".join(f.name for f in folders)
    raise NotFound(f"folder {folder!r} does not exist in {account.address}; folders: {names}")


def folder_with_role(tx: Tx, account_id: str, role: str) -> MailFolder:
    found = tx.select(MailFolder, "account_id = ? AND role = ?", account_id, role)
    if not found:
        raise NotFound(f"mail account {account_id} has no folder with role {role!r}")
    return found[0]


def folder_by_id(tx: Tx, folder_id: str) -> MailFolder:
    found = tx.get(MailFolder, folder_id)
    if found is None:
        raise NotFound(f"mail folder {folder_id!r} does not exist")
    return found


def message_or_error(tx: Tx, message_id: str) -> MailMessage:
    found = tx.get(MailMessage, message_id)
    if found is None:
        raise NotFound(f"mail {message_id!r} does not exist; mail ids look like 'msg_12'")
    return found


def sent_message(tx: Tx, message_id: str, action: str) -> MailMessage:
    """A mail that is not a draft (drafts are answered and forwarded once they are sent)."""
    found = message_or_error(tx, message_id)
    if found.draft:
        raise InvalidArgument(
            f"mail {message_id!r} is a draft; only mail that was sent or received can be {action}"
        )
    return found


def draft_or_error(tx: Tx, draft_id: str) -> MailMessage:
    found = message_or_error(tx, draft_id)
    if not found.draft:
        folder = folder_by_id(tx, found.folder_id).name
        raise Conflict(
            f"mail {draft_id!r} is not a draft: it is in {folder}, sent at {found.sent_at}; "
            "only drafts (in Drafts) can be changed, sent or discarded as drafts"
        )
    return found


def attachment_or_error(tx: Tx, attachment_id: str) -> MailAttachment:
    found = tx.get(MailAttachment, attachment_id)
    if found is None:
        raise NotFound(f"mail attachment {attachment_id!r} does not exist; attachment ids look like 'att_3'")
    return found
