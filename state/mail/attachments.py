"""Attachments: given as text, taken from a device's files, copied along a forward, saved to a device."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field, field_validator

from state.db import Tx, build
from state.errors import InvalidArgument, NotFound
from state.files import FileNode, mime_type_for, normalize_path, read_node, write_file
from state.mail._lookup import attachment_or_error
from state.mail.tables import MailAttachment
from state.ops import operation


class AttachmentIn(BaseModel):
    """A file to attach, given by its name and text content.

    ``size`` defaults to the content's UTF-8 length and ``mime_type`` to the one of the name's extension,
    so a binary file can be stood in for by a short description with its real size and type.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    filename: str
    content: str = ""
    mime_type: str | None = None
    size: int | None = Field(default=None, ge=0)

    @field_validator("filename")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        name = value.strip()
        if not name or "/" in name or name in (".", ".."):
            raise ValueError(f"filename {value!r} must be a file name such as 'report.pdf', without '/'")
        return name

    def resolved_mime_type(self) -> str:
        return self.mime_type or mime_type_for(self.filename)

    def resolved_size(self) -> int:
        return len(self.content.encode()) if self.size is None else self.size


def add_attachment(
    tx: Tx, message_id: str, attachment: AttachmentIn, source: str = "", data: bytes | None = None
) -> MailAttachment:
    """Store ``attachment`` on the mail ``message_id``; ``source`` is "device:/path" for a file and
    ``data`` its bytes when it is a binary file."""
    row = build(MailAttachment)(
        id=tx.new_id("att"),
        message_id=message_id,
        filename=attachment.filename,
        mime_type=attachment.resolved_mime_type(),
        size=attachment.resolved_size() if data is None else len(data),
        content=attachment.content,
        data=data,
        source=source,
    )
    tx.insert(row)
    return row


def attachments_of(tx: Tx, message_id: str) -> list[MailAttachment]:
    return tx.select(MailAttachment, "message_id = ?", message_id, order="rowid")


def copy_attachments(tx: Tx, from_message_id: str, to_message_id: str) -> None:
    """Give ``to_message_id`` a copy of every attachment of ``from_message_id``."""
    for old in attachments_of(tx, from_message_id):
        tx.insert(old.model_copy(update={"id": tx.new_id("att"), "message_id": to_message_id}))


def attach_all(
    tx: Tx,
    message_id: str,
    attachments: Iterable[AttachmentIn] = (),
    files: Iterable[str] = (),
) -> None:
    """Attach given attachments, then files named "device:/path"."""
    for attachment in attachments:
        add_attachment(tx, message_id, attachment)
    for spec in files:
        add_attachment(tx, message_id, *attachment_from_file(tx, spec))


def attachment_from_file(tx: Tx, spec: str) -> tuple[AttachmentIn, str, bytes | None]:
    """The file ``"device:/path"`` (a bare path is on the laptop) as an attachment, its source and, for a
    binary file, its bytes."""
    device, path = split_file_spec(spec)
    node = read_node(tx, device, path)
    if node.is_dir:
        raise InvalidArgument(f"{spec!r} is a directory on {device!r}; only files can be attached")
    attachment = AttachmentIn(
        filename=node.name, content=node.content, mime_type=node.mime_type or None, size=node.size
    )
    return attachment, f"{device}:{node.path}", node.data


def split_file_spec(spec: str) -> tuple[str, str]:
    """ "phone:/storage/x.jpg" -> ("phone", "/storage/x.jpg"); a spec without a device is on the laptop."""
    device, colon, path = spec.partition(":")
    if colon and device and "/" not in device and "~" not in device:
        return device, path
    return "laptop", spec


@operation("mail")
async def save_email_attachment(tx: Tx, attachment_id: str, path: str, device: str = "laptop") -> FileNode:
    """Save a mail attachment as a file on a device; a directory as ``path`` saves it there by its name."""
    attachment = attachment_or_error(tx, attachment_id)
    target = normalize_path(tx, device, path)
    try:
        into_directory = path.endswith("/") or read_node(tx, device, target).is_dir
    except NotFound:
        into_directory = False
    if into_directory:
        target = posixpath.join(target, attachment.filename)
    return await write_file(
        tx,
        path=target,
        content=attachment.content,
        device=device,
        mode="create",
        parents=False,
        size=attachment.size if attachment.data is None else None,
        mime_type=attachment.mime_type,
        data=attachment.data,
    )
