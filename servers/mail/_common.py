"""What the mail tools share: the registry, argument types, output models and their builders."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, ConfigDict, Field

from servers._base import ToolRegistry
from state import mail
from state.clock import local_iso
from state.contacts import contact_name, contact_names
from state.db import Tx
from state.mail import MailAttachment, MailMessage

tool = ToolRegistry()

EmailId = Annotated[str, Field(description="A mail id from list_emails or search_emails, e.g. 'msg_42'.")]
DraftId = Annotated[str, Field(description="The mail id of a draft (in Drafts), e.g. 'msg_57'.")]
AttachmentId = Annotated[str, Field(description="An attachment id from read_email, e.g. 'att_3'.")]
Account = Annotated[
    str | None,
    Field(description="One of the user's addresses from list_mail_accounts, e.g. 'maya@lumen.io'."),
]
FromAccount = Annotated[
    str | None,
    Field(description="Which of the user's addresses to send from; default: the default account."),
]
Addresses = Annotated[
    list[str], Field(description="Addresses, each 'jonas@acme.com' or 'Jonas Weber <jonas@acme.com>'.")
]
MoreAddresses = Annotated[
    list[str] | None, Field(description="Addresses, each 'jonas@acme.com' or 'Jonas Weber <jonas@acme.com>'.")
]
Limit = Annotated[int, Field(description="How many mails per page (1-100).")]
Cursor = Annotated[str | None, Field(description="next_cursor of the previous page.")]

_TIME = "ISO 8601 with the user's UTC offset."


def _empty(value: object) -> bool:
    return not value


def optional(default: Any, description: str | None = None) -> Any:
    """A field left out of the output when it is empty or false (most mails are not flagged, answered,
    labelled or carrying files: listing every such field would bury what matters)."""
    return Field(default=default, description=description, exclude_if=_empty)


class FileRef(BaseModel):
    """A file on one of the user's devices (the files service), e.g. {"device": "laptop", "path":
    "~/Documents/report.pdf"}."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(
        description="Absolute ('/Users/maya/x.pdf'), from home ('~/x.pdf') or relative to home."
    )
    device: str = Field(default="laptop", description="'laptop' or 'phone' (list_file_devices lists them).")


AttachFiles = Annotated[
    list[FileRef] | None,
    Field(
        description="Files from the user's devices to attach, e.g. [{'device': 'laptop', 'path': '~/a.pdf'}]."
    ),
]


def file_specs(files: list[FileRef] | None) -> list[str]:
    """The files as the operations take them: "device:/path"."""
    specs: list[str] = []
    for ref in files or []:
        device = ref.device.strip()
        if not device or any(c in device for c in "/:~"):
            raise ToolError(f"device {ref.device!r} is not a device name; use 'laptop' or 'phone'")
        specs.append(f"{device}:{ref.path}")
    return specs


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
