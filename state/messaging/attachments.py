"""Files shared in chat: finding one, and saving it to a device."""

from __future__ import annotations

import posixpath

from state.db import Tx
from state.errors import Conflict, NotFound
from state.files import FileNode, normalize_path, read_node, write_file
from state.messaging.tables import ChatAttachment
from state.ops import operation


def attachment_or_error(tx: Tx, attachment_id: str) -> ChatAttachment:
    found = tx.get(ChatAttachment, attachment_id)
    if found is None:
        raise NotFound(
            f"chat attachment {attachment_id!r} does not exist; chat attachment ids look like 'chatfile_3'"
        )
    return found


@operation("messaging")
async def save_chat_attachment(
    tx: Tx, attachment_id: str, path: str, device: str = "laptop", overwrite: bool = False
) -> FileNode:
    """Save a file shared in chat on a device; a directory as ``path`` saves it there by its name.
    An existing file is replaced only with ``overwrite``."""
    attachment = attachment_or_error(tx, attachment_id)
    target = normalize_path(tx, device, path)
    existing = _node(tx, device, target)
    if path.endswith("/") or (existing is not None and existing.is_dir):
        target = posixpath.join(target, attachment.filename)
        existing = _node(tx, device, target)
    folder = posixpath.dirname(target)
    if _node(tx, device, folder) is None:
        raise NotFound(f"directory {folder!r} does not exist on {device!r}; save into an existing directory")
    if existing is not None and not overwrite:
        raise Conflict(
            f"{device}:{target} exists already; save with overwrite to replace it, or give another path"
        )
    return await write_file(
        tx,
        path=target,
        content=attachment.content,
        device=device,
        mode="overwrite" if overwrite else "create",
        parents=False,
        size=attachment.size if attachment.data is None else None,
        mime_type=attachment.mime_type,
        data=attachment.data,
    )


def _node(tx: Tx, device: str, path: str) -> FileNode | None:
    try:
        return read_node(tx, device, path)
    except NotFound:
        return None
