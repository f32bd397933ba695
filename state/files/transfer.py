"""Operations that move and copy files and directories, within a device and between devices."""

from __future__ import annotations

import posixpath

from state.core import device_or_error
from state.db import Tx
from state.errors import Conflict, InvalidArgument
from state.files.mime import mime_type_for
from state.files.paths import (
    IMPLICIT_DIRECTORIES,
    ROOT,
    find_node,
    is_directory,
    is_inside,
    normalize_path,
    read_node,
    require_parent,
    split_path,
    subtree,
)
from state.files.tables import FileNode
from state.ops import operation


def _destination(tx: Tx, device: str, source: FileNode, destination: str) -> str:
    """Where ``source`` goes: ``destination``, or into it when it is an existing directory."""
    target = normalize_path(tx, device, destination)
    if is_directory(tx, device, target):
        target = posixpath.join(target, source.name)
    return target


def _check_target(tx: Tx, device: str, source: FileNode, target: str, verb: str) -> None:
    if target == source.path:
        raise InvalidArgument(f"cannot {verb} {source.path!r} onto itself on device {device!r}")
    if source.is_dir and is_inside(target, source.path):
        raise InvalidArgument(
            f"cannot {verb} directory {source.path!r} into itself ({target!r}) on device {device!r}"
        )
    if find_node(tx, device, target) is not None:
        raise Conflict(
            f"cannot {verb} {source.path!r} to {target!r} on device {device!r}: {target!r} exists already; "
            "delete it first or choose another name"
        )


def _rebased(path: str, old_root: str, new_root: str) -> str:
    return new_root + path[len(old_root) :]


def _members(tx: Tx, node: FileNode) -> list[FileNode]:
    """A node and, for a directory, everything under it, parents first."""
    return [node, *(subtree(tx, node.device, node.path) if node.is_dir else [])]


def _renamed_mime(node: FileNode, new_name: str) -> str:
    """A mime type that came from the old name's extension follows the new name; a given one stays."""
    if node.is_dir or node.mime_type != mime_type_for(node.name):
        return node.mime_type
    return mime_type_for(new_name)


@operation("files")
async def move_file(
    tx: Tx, source: str, destination: str, device: str = "laptop", parents: bool = False
) -> FileNode:
    """Move or rename a file or directory (with everything in it); into ``destination`` if it is a directory."""
    node = read_node(tx, device, source)
    target = _destination(tx, device, node, destination)
    _check_target(tx, device, node, target, "move")
    require_parent(tx, device, target, create=parents)
    moved = node
    for member in _members(tx, node):
        new_path = _rebased(member.path, node.path, target)
        parent, name = split_path(new_path)
        changes = {"path": new_path, "parent": parent, "name": name, "mime_type": _renamed_mime(member, name)}
        _move_row(tx, member, changes)
        if member.id == node.id:
            moved = member.model_copy(update=changes)
    return moved


def _move_row(tx: Tx, member: FileNode, changes: dict[str, str]) -> None:
    tx.update(FileNode, member.id, **changes)


def _insert_copy(tx: Tx, original: FileNode, device: str, path: str, modified_at: str) -> FileNode:
    parent, name = split_path(path)
    copy = original.model_copy(
        update={
            "id": tx.new_id("file"),
            "device": device,
            "path": path,
            "parent": parent,
            "name": name,
            "mime_type": _renamed_mime(original, name),
            "created_at": tx.now_db,
            "modified_at": modified_at,
            "file_metadata": dict(original.file_metadata),
        }
    )
    tx.insert(copy)
    return copy


@operation("files")
async def copy_file(
    tx: Tx, source: str, destination: str, device: str = "laptop", parents: bool = False
) -> FileNode:
    """Copy a file or a directory (with everything in it); into ``destination`` if it is a directory."""
    node = read_node(tx, device, source)
    target = _destination(tx, device, node, destination)
    _check_target(tx, device, node, target, "copy")
    require_parent(tx, device, target, create=parents)
    copies = [
        _insert_copy(tx, member, device, _rebased(member.path, node.path, target), tx.now_db)
        for member in _members(tx, node)
    ]
    return copies[0]


def _synced_path(tx: Tx, source: FileNode, to_device: str, to_path: str | None) -> str:
    """Where a synced node lands: ``to_path`` (into it if a directory), else the same place under home."""
    if to_path is not None:
        return _destination(tx, to_device, source, to_path)
    from_home = normalize_path(tx, source.device, "~")
    to_home = normalize_path(tx, to_device, "~")
    if from_home != ROOT and is_inside(source.path, from_home):
        return _rebased(source.path, from_home, to_home)
    return source.path


def _sync_one(tx: Tx, member: FileNode, to_device: str, path: str) -> FileNode:
    existing = find_node(tx, to_device, path)
    if existing is None:
        require_parent(tx, to_device, path, create=True)
        return _insert_copy(tx, member, to_device, path, member.modified_at)
    if existing.is_dir != member.is_dir:
        kind, other = ("a directory", "file") if existing.is_dir else ("a file", "directory")
        raise Conflict(
            f"cannot sync {other} {member.path!r} from device {member.device!r} to {path!r} on device "
            f"{to_device!r}: {path!r} is {kind} there"
        )
    if existing.is_dir:
        return existing
    changes = {
        "content": member.content,
        "data": member.data,
        "size": member.size,
        "mime_type": member.mime_type,
        "file_metadata": dict(member.file_metadata),
        "modified_at": member.modified_at,
    }
    tx.update(FileNode, existing.id, **changes)
    return existing.model_copy(update=changes)


@operation("files")
async def sync_file_to_device(
    tx: Tx, path: str, from_device: str, to_device: str, to_path: str | None = None
) -> FileNode:
    """Copy a file or directory from one device to another, replacing files there and making directories.

    Without ``to_path`` a file under the first device's home lands at the same place under the other's
    home (laptop ``~/Photos/a.jpg`` -> phone ``~/Photos/a.jpg``).
    """
    if from_device == to_device:
        raise InvalidArgument(
            f"from_device and to_device are both {from_device!r}; sync copies between two devices "
            "(use copy_file within one)"
        )
    node = read_node(tx, from_device, path)
    device_or_error(tx, to_device)
    target = _synced_path(tx, node, to_device, to_path)
    if target in IMPLICIT_DIRECTORIES:
        raise InvalidArgument(
            f"cannot sync {node.path!r} onto the directory {target!r} of device {to_device!r}"
        )
    synced = [_sync_one(tx, m, to_device, _rebased(m.path, node.path, target)) for m in _members(tx, node)]
    return synced[0]
