"""Operations that write, make, trash and restore files on one device."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Base64Bytes

from state.core import device_or_error
from state.db import Tx, build
from state.errors import Conflict, InvalidArgument, NotFound
from state.files.mime import mime_type_for
from state.files.paths import (
    ROOT,
    TMP,
    find_node,
    insert_directory,
    is_directory,
    is_unicode_text,
    normalize_path,
    require_parent,
    scratch_directory,
    split_path,
    subtree,
)
from state.files.tables import FileNode
from state.ops import operation

WRITE_MODES = ("create", "overwrite", "append")
_LISTED = 10


def utf8_size(content: str) -> int:
    return len(content.encode())


def _check_size(size: int | None) -> None:
    if size is not None and size < 0:
        raise InvalidArgument(f"size {size} is negative; give a size in bytes, 0 or more")


def _check_mime(mime_type: str | None) -> None:
    if mime_type and (mime_type.count("/") != 1 or not all(mime_type.split("/"))):
        raise InvalidArgument(f"mime type {mime_type!r} is not of the form 'type/subtype', e.g. 'image/jpeg'")


def _writable_path(tx: Tx, device: str, path: str) -> str:
    where = normalize_path(tx, device, path)
    if where == ROOT:
        raise InvalidArgument(f"path {path!r} is the root directory of device {device!r}; name a file in it")
    if where == TMP and find_node(tx, device, where) is None:
        raise InvalidArgument(
            f"path {path!r} is the scratch directory of device {device!r}, which always exists; "
            "name a file in it"
        )
    return where


@operation("files")
async def write_file(
    tx: Tx,
    path: str,
    content: str = "",
    device: str = "laptop",
    mode: str = "create",
    parents: bool = False,
    size: int | None = None,
    mime_type: str | None = None,
    metadata: dict[str, str] | None = None,
    data: Base64Bytes | None = None,
) -> FileNode:
    """Write a file: ``create`` a new one, ``overwrite`` or ``append`` to one (both create it if missing).

    A binary file (a PDF, a spreadsheet, a photo) has its bytes in ``data`` (base64 in a history event)
    and the text a reader sees in ``content`` (a PDF's text layer; "" for a photo); its size is the
    bytes' length. Without ``data``, ``size`` defaults to the UTF-8 length of the content, and a file
    with content "" and a size stands in for a binary file whose bytes the world does not hold.
    """
    if mode not in WRITE_MODES:
        raise InvalidArgument(f"mode {mode!r} is not one of {', '.join(WRITE_MODES)}")
    if not is_unicode_text(content):
        raise InvalidArgument("content holds a lone surrogate, which is not text; file content is UTF-8")
    _check_size(size)
    _check_data_size(data, size)
    _check_mime(mime_type)
    where = _writable_path(tx, device, path)
    existing = find_node(tx, device, where)
    if existing is None:
        require_parent(tx, device, where, create=parents)
        return _insert_file(tx, device, where, _Body(content, data, size), mime_type, metadata)
    if existing.is_dir:
        raise Conflict(f"{where!r} on device {device!r} is a directory; a file cannot be written over it")
    if mode == "create":
        raise Conflict(
            f"file {where!r} exists already on device {device!r}; use mode 'overwrite' or 'append' to change it"
        )
    body = _appended(existing, content, data, size) if mode == "append" else _Body(content, data, size)
    changes = {
        "content": body.content,
        "data": body.data,
        "size": body.length(),
        "mime_type": mime_type or existing.mime_type,
        "file_metadata": existing.file_metadata if metadata is None else metadata,
        "modified_at": tx.now_db,
    }
    tx.update(FileNode, existing.id, **changes)
    return existing.model_copy(update=changes)


@dataclass(frozen=True)
class _Body:
    """What a file holds: the text a reader sees, the bytes of a binary file, a stand-in size."""

    content: str
    data: bytes | None
    size: int | None

    def length(self) -> int:
        if self.data is not None:
            return len(self.data)
        return utf8_size(self.content) if self.size is None else self.size


def _appended(existing: FileNode, content: str, data: bytes | None, size: int | None) -> _Body:
    """``existing`` with text (or bytes) added at its end; a binary file stays binary."""
    if data is None and existing.data is None:
        added = utf8_size(content) if size is None else size
        return _Body(existing.content + content, None, existing.size + added)
    before = existing.content.encode() if existing.data is None else existing.data
    return _Body(existing.content + content, before + (content.encode() if data is None else data), None)


def _check_data_size(data: bytes | None, size: int | None) -> None:
    if data is not None and size is not None and size != len(data):
        raise InvalidArgument(
            f"size {size} is not the length of data ({len(data)} bytes); leave size out when giving data"
        )


def _insert_file(
    tx: Tx,
    device: str,
    path: str,
    body: _Body,
    mime_type: str | None,
    metadata: dict[str, str] | None,
) -> FileNode:
    parent, name = split_path(path)
    node = build(FileNode)(
        id=tx.new_id("file"),
        device=device,
        path=path,
        parent=parent,
        name=name,
        content=body.content,
        data=body.data,
        mime_type=mime_type or mime_type_for(name),
        size=body.length(),
        created_at=tx.now_db,
        modified_at=tx.now_db,
        file_metadata=dict(metadata or {}),
    )
    tx.insert(node)
    return node


@operation("files")
async def make_directory(tx: Tx, path: str, device: str = "laptop", parents: bool = True) -> FileNode:
    """Make a directory; with ``parents`` (the default) missing parents are made and an existing one is fine."""
    if normalize_path(tx, device, path) == TMP and find_node(tx, device, TMP) is None:
        if not parents:
            raise Conflict(f"directory {TMP!r} exists already on device {device!r} (every device has it)")
        return scratch_directory(tx, device)
    where = _writable_path(tx, device, path)
    existing = find_node(tx, device, where)
    if existing is not None:
        if not existing.is_dir:
            raise Conflict(f"{where!r} on device {device!r} is a file; a directory cannot be made there")
        if not parents:
            raise Conflict(f"directory {where!r} exists already on device {device!r}")
        return existing
    require_parent(tx, device, where, create=parents)
    return insert_directory(tx, device, where)


@operation("files")
async def delete_file(tx: Tx, path: str, device: str = "laptop") -> FileNode:
    """Move a file, or a directory with everything in it, to the device's trash (restore_file undoes it)."""
    where = _writable_path(tx, device, path)
    node = find_node(tx, device, where)
    if node is None:
        raise NotFound(f"no file or directory {where!r} on device {device!r} to delete")
    trash_id = tx.new_id("trash")
    changes = {"trashed_at": tx.now_db, "trash_id": trash_id}
    for member in [node, *(subtree(tx, device, where) if node.is_dir else [])]:
        tx.update(FileNode, member.id, original_path=member.path, **changes)
    return node.model_copy(update={**changes, "original_path": node.path})


def trash_number(node: FileNode) -> int:
    """The order of the deletion that trashed ``node`` (``trash_12`` -> 12)."""
    return int(node.trash_id.rpartition("_")[2] or 0)


def _latest_trashed(tx: Tx, device: str, path: str) -> FileNode:
    found = tx.select(FileNode, "device = ? AND trashed_at IS NOT NULL AND original_path = ?", device, path)
    if not found:
        held = trash_roots(tx, device)
        listed = ", ".join(held[:_LISTED]) + (
            f" and {len(held) - _LISTED} more" if len(held) > _LISTED else ""
        )
        raise NotFound(
            f"nothing at {path!r} is in the trash of device {device!r}; "
            f"the trash holds: {listed or 'nothing'}"
        )
    return max(found, key=trash_number)


def trash_roots(tx: Tx, device: str) -> list[str]:
    """The original paths of what was deleted (a directory stands for its contents), sorted."""
    trashed = tx.select(FileNode, "device = ? AND trashed_at IS NOT NULL", device)
    paths = {(n.trash_id, n.original_path) for n in trashed}
    return sorted({path for trash_id, path in paths if (trash_id, split_path(path)[0]) not in paths})


@operation("files")
async def restore_file(tx: Tx, path: str, device: str = "laptop") -> FileNode:
    """Put back the file or directory most recently deleted from ``path`` (a directory with its contents)."""
    where = _writable_path(tx, device, path)
    node = _latest_trashed(tx, device, where)
    if find_node(tx, device, where) is not None:
        raise Conflict(
            f"{where!r} on device {device!r} is taken by another file now; move or delete it, then restore"
        )
    parent = split_path(where)[0]
    if not is_directory(tx, device, parent):
        raise NotFound(
            f"cannot restore {where!r} on device {device!r}: its directory {parent!r} does not exist; "
            f"restore or make {parent!r} first"
        )
    prefix = where + "/"
    members = [node] + [
        n
        for n in tx.select(
            FileNode, "device = ? AND trash_id = ? AND trashed_at IS NOT NULL", device, node.trash_id
        )
        if n.original_path.startswith(prefix)
    ]
    changes = {"trashed_at": None, "original_path": "", "trash_id": ""}
    for member in members:
        tx.update(FileNode, member.id, path=member.original_path, **changes)
    return node.model_copy(update={**changes, "path": where})


@operation("files")
async def empty_trash(tx: Tx, device: str = "laptop") -> int:
    """Delete for good everything in the device's trash; returns how many files and directories went."""
    device_or_error(tx, device)
    return tx.run("DELETE FROM file_node WHERE device = ? AND trashed_at IS NOT NULL", device)
