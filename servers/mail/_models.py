"""What the mail tools return, and how it is built from the world's rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field

from servers._base import optional
from state import mail
from state.clock import local_iso
from state.contacts import contact_name, contact_names
from state.db import Tx
from state.mail import MailAccount, MailAttachment, MailMessage

MAX_ATTACHMENT_CHARS = 20_000
_TIME = "ISO 8601 with the user's UTC offset."


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


def account_info(tx: Tx, account: MailAccount, default: bool) -> MailAccountInfo:
    inbox = next(c for c in mail.folder_counts(tx, account.id) if c.folder.role == "inbox")
    return MailAccountInfo(
        address=account.address,
        display_name=account.display_name,
        provider=account.provider,
        signature=account.signature,
        default=default,
        inbox_unread=inbox.unread,
    )


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


def account_folders(tx: Tx, account: MailAccount) -> AccountFolders:
    return AccountFolders(
        account=account.address,
        folders=[
            MailFolderInfo(name=c.folder.name, role=c.folder.role, total=c.total, unread=c.unread)
            for c in mail.folder_counts(tx, account.id)
        ],
    )


class CreatedFolder(BaseModel):
    """A new folder of one account."""

    account: str
    name: str


class AttachmentInfo(BaseModel):
    """A file attached to a mail: read_email_attachment shows it, save_email_attachment saves it."""

    id: str
    filename: str
    mime_type: str
    size: int = Field(description="Bytes.")


class _EmailHead(BaseModel):
    id: str
    thread_id: str = Field(description="read_email_thread shows the whole conversation.")
    account: str = Field(description="The user's address this mail belongs to.")
    folder: str
    sender: str = Field(description="'Name <address>' of who wrote it.")
    to: list[str]
    subject: str
    sent_at: str = Field(description=f"{_TIME} For a draft: when it was last saved.")
    seen: bool = Field(description="False: unread.")
    flagged: bool = optional(False)
    answered: bool = optional(False, "The user has replied to it.")
    draft: bool = optional(False, "Not sent yet: change it with update_draft, send it with send_draft.")
    labels: list[str] = optional([])


class EmailSummary(_EmailHead):
    """A mail as a list shows it. Fields that are false or empty (flagged, answered, draft, labels,
    has_attachments) are left out."""

    snippet: str = Field(description="The start of its own text (quoted mail left out).")
    has_attachments: bool = optional(False)


class Email(_EmailHead):
    """A whole mail. Fields that are false or empty are left out."""

    cc: list[str] = optional([])
    bcc: list[str] = optional([], "Only on mail the user sent.")
    reply_to: str = optional("", "Where replies go, when not to the sender.")
    body: str
    attachments: list[AttachmentInfo] = optional([])


class EmailThread(BaseModel):
    """A conversation: every mail of the thread, oldest first."""

    thread_id: str
    subject: str = Field(description="The subject of its first mail.")
    emails: list[Email]


class DeletedEmail(BaseModel):
    """What delete_email did."""

    id: str
    deleted_for_good: bool = Field(description="True: it is gone; false: it was moved to Trash.")
    folder: str | None = Field(description="Where it is now (Trash); null when it is gone.")


class AttachmentContent(BaseModel):
    """An attachment and, for a text file, its text."""

    id: str
    email_id: str
    filename: str
    mime_type: str
    size: int = Field(description="Bytes.")
    text: str | None = Field(description="The file's text; null for a binary file (a photo, a PDF scan...).")
    truncated: bool = Field(description=f"Only the first {MAX_ATTACHMENT_CHARS} characters are shown.")


def attachment_content(found: MailAttachment) -> AttachmentContent:
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


class SavedAttachment(BaseModel):
    """The file an attachment was saved as."""

    device: str
    path: str = Field(description="Absolute path of the new file on the device.")
    size: int = Field(description="Bytes.")
    mime_type: str
    modified_at: str = Field(description="ISO 8601 with the user's UTC offset.")


class Names:
    """Folder and account names and people's names, looked up once per call."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.folders = mail.folder_names(tx)
        self.accounts = mail.account_addresses(tx)
        self._people: dict[str, str] = {}

    def know(self, addresses: Iterable[str]) -> None:
        """Look the names of ``addresses`` up at once."""
        self._people.update(contact_names(self.tx, addresses))

    def person(self, address: str, name: str = "") -> str:
        """'Name <address>', or the bare address when no name is known."""
        if not name:
            if address not in self._people:
                self._people[address] = contact_name(self.tx, address)
            name = self._people[address]
        return f"{name} <{address}>" if name else address

    def head(self, m: MailMessage) -> dict[str, Any]:
        return {
            "id": m.id,
            "thread_id": m.thread_id,
            "account": self.accounts.get(m.account_id, ""),
            "folder": self.folders.get(m.folder_id, ""),
            "sender": self.person(m.from_address, m.from_name),
            "to": [self.person(a) for a in m.to_addresses],
            "subject": m.subject,
            "sent_at": local_iso(m.sent_at, self.tx.tz),
            "seen": m.seen,
            "flagged": m.flagged,
            "answered": m.answered,
            "draft": m.draft,
            "labels": m.labels,
        }


def summaries(tx: Tx, found: list[MailMessage]) -> list[EmailSummary]:
    names = Names(tx)
    names.know(a for m in found for a in [m.from_address, *m.to_addresses])
    with_files = mail.attachment_counts(tx, (m.id for m in found))
    return [
        EmailSummary(**names.head(m), snippet=mail.snippet(m.body), has_attachments=m.id in with_files)
        for m in found
    ]


def summary(tx: Tx, email_id: str) -> EmailSummary:
    return summaries(tx, [mail.message_or_error(tx, email_id)])[0]


def attachment_info(a: MailAttachment) -> AttachmentInfo:
    return AttachmentInfo(id=a.id, filename=a.filename, mime_type=a.mime_type, size=a.size)


def email(tx: Tx, m: MailMessage, names: Names | None = None) -> Email:
    names = names or Names(tx)
    return Email(
        **names.head(m),
        cc=[names.person(a) for a in m.cc_addresses],
        bcc=[names.person(a) for a in m.bcc_addresses],
        reply_to=m.reply_to,
        body=m.body,
        attachments=[attachment_info(a) for a in mail.attachments_of(tx, m.id)],
    )
