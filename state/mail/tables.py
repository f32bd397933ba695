# pyright: reportIncompatibleVariableOverride=false
# (SQLModel types __tablename__ as a declared_attr; a table names itself with a plain string)
"""Mail: the user's accounts, folders, messages and attachments."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from state.db import FullTextIndex, volatile_column


class MailAccount(SQLModel, table=True):
    """An address the user sends and receives mail as."""

    __tablename__: ClassVar[str] = "mail_account"
    id: str = Field(primary_key=True)
    address: str = Field(unique=True)
    display_name: str
    provider: str = ""
    signature: str = ""


class MailFolder(SQLModel, table=True):
    """A folder of an account. ``role`` marks the special ones (inbox, sent, drafts, archive, trash, spam)."""

    __tablename__: ClassVar[str] = "mail_folder"
    id: str = Field(primary_key=True)
    account_id: str = Field(foreign_key="mail_account.id", index=True)
    name: str
    role: str = ""


class MailMessage(SQLModel, table=True):
    """One mail in one folder. Addresses are lower-case; ``thread_id`` groups a conversation."""

    __tablename__: ClassVar[str] = "mail_message"
    # A folder's mails newest first (listing a folder is the commonest read).
    __table_args__ = (Index("mail_message_folder_recent", "folder_id", "sent_at"),)
    id: str = Field(primary_key=True)
    account_id: str = Field(foreign_key="mail_account.id")
    folder_id: str = Field(foreign_key="mail_folder.id")
    message_id: str = Field(index=True)
    thread_id: str = Field(index=True)
    in_reply_to: str = ""
    reference_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    from_address: str = Field(index=True)
    from_name: str = ""
    to_addresses: list[str] = Field(default_factory=list, sa_type=JSON)
    cc_addresses: list[str] = Field(default_factory=list, sa_type=JSON)
    bcc_addresses: list[str] = Field(default_factory=list, sa_type=JSON)
    reply_to: str = ""
    subject: str
    body: str
    sent_at: str = Field(index=True)
    seen: bool = Field(default=False, sa_column_kwargs=volatile_column())
    flagged: bool = False
    draft: bool = False
    answered: bool = False
    labels: list[str] = Field(default_factory=list, sa_type=JSON)


class MailAttachment(SQLModel, table=True):
    """A file attached to a mail: its text content (and a binary file's bytes), where it came from."""

    __tablename__: ClassVar[str] = "mail_attachment"
    id: str = Field(primary_key=True)
    message_id: str = Field(foreign_key="mail_message.id", index=True)
    filename: str
    mime_type: str
    size: int
    content: str = ""
    data: bytes | None = None  # a binary file's bytes (content is then its text, e.g. a PDF's)
    source: str = ""  # "device:/path" when the attachment was taken from a file


FULL_TEXT = FullTextIndex("mail_fts", "mail_message", ("subject", "body", "from_name", "from_address"))
"""The index ``search`` queries; kept in step with the table by triggers."""
