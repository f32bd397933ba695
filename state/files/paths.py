"""Paths on a device: normalisation that never leaves the device's tree, and finding live nodes."""

from __future__ import annotations

import posixpath

from state.clock import local_iso
from state.core import device_or_error
from state.db import Tx, build
from state.errors import Conflict, InvalidArgument, NotFound
from state.files.mime import DIRECTORY_MIME_TYPE
from state.files.tables import FileNode

ROOT = "/"
TMP = "/tmp"
"""Every device's scratch directory: like the root it always exists and has no row; its files are rows."""
IMPLICIT_DIRECTORIES = frozenset({ROOT, TMP})
MAX_PATH_LENGTH = 4096
MAX_NAME_BYTES = 255
_LISTED = 10


def normalize_path(tx: Tx, device: str, path: str, cwd: str | None = None) -> str:
    """The absolute, normalised form of ``path`` on ``device``.

    ``~`` and ``~/...`` are the device's home; other relative paths are relative to ``cwd`` (an absolute
    path, e.g. a shell's working directory) or else to the home. ``.`` and ``..`` are resolved; a path
    that would go above ``/`` is refused.
    """
    home = device_or_error(tx, device).home
    _check_path_text(path)
    if path == "~" or path.startswith("~/"):
        joined = home + path[1:]
    elif path.startswith("/"):
        joined = path
    else:
        joined = f"{cwd or home}/{path}"
    parts: list[str] = []
    for part in joined.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                raise InvalidArgument(
                    f"path {path!r} goes above the root '/' of device {device!r}; "
                    "paths must stay inside the device's tree"
                )
            parts.pop()
            continue
        if len(part.encode()) > MAX_NAME_BYTES:
            raise InvalidArgument(
                f"name {part[:40]!r}... in path {path[:80]!r} is longer than {MAX_NAME_BYTES} bytes"
            )
        parts.append(part)
    return ROOT + "/".join(parts)


def _check_path_text(path: str) -> None:
    if not path:
        raise InvalidArgument("path '' is empty; give an absolute path, '~/...' or a path relative to home")
    if "\x00" in path:
        raise InvalidArgument(f"path {path!r} contains a NUL character, which no path may hold")
    if not is_unicode_text(path):
        raise InvalidArgument(f"path {path!r} holds a lone surrogate, which is not text; paths are UTF-8")
    if len(path) > MAX_PATH_LENGTH:
        raise InvalidArgument(f"path {path[:80]!r}... is {len(path)} characters; at most {MAX_PATH_LENGTH}")


def is_unicode_text(value: str) -> bool:
    """Whether ``value`` can be written as UTF-8 (it holds no lone surrogate)."""
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def split_path(path: str) -> tuple[str, str]:
    """The parent and the base name of a normalised path other than the root."""
    parent, name = posixpath.split(path)
    return parent, name


def is_inside(path: str, ancestor: str) -> bool:
    """Whether ``path`` is ``ancestor`` or lies under it."""
    return path == ancestor or path.startswith(ancestor.rstrip("/") + "/")


def find_node(tx: Tx, device: str, path: str) -> FileNode | None:
    """The live (not trashed) node at a normalised path, or None."""
    found = tx.select(FileNode, "device = ? AND path = ? AND trashed_at IS NULL", device, path)
    return found[0] if found else None


def read_node(tx: Tx, device: str, path: str) -> FileNode:
    """The live file or directory at ``path`` on ``device``, or NotFound naming both."""
    where = normalize_path(tx, device, path)
    if where == ROOT:
        raise InvalidArgument(f"path {path!r} is the root directory of device {device!r}, which has no node")
    node = find_node(tx, device, where)
    if node is None and where == TMP:
        raise InvalidArgument(
            f"path {path!r} is the scratch directory of device {device!r}, which always exists and has no "
            "node; name a file in it"
        )
    if node is None:
        raise NotFound(f"no file or directory {where!r} on device {device!r}; {_nearby(tx, device, where)}")
    return node


def _nearby(tx: Tx, device: str, path: str) -> str:
    deleted = tx.select(
        FileNode,
        "device = ? AND trashed_at IS NOT NULL AND original_path = ?",
        device,
        path,
        order="trashed_at",
    )
    if deleted:
        when = local_iso(str(deleted[-1].trashed_at), tx.tz)
        return f"it was deleted at {when} and is in the trash; restore it from there to use it"
    parent = split_path(path)[0]
    if not is_directory(tx, device, parent):
        return f"its directory {parent!r} does not exist either"
    names = [n.name + ("/" if n.is_dir else "") for n in list_directory(tx, device, parent)]
    if not names:
        return f"{parent!r} is empty"
    more = f" and {len(names) - _LISTED} more" if len(names) > _LISTED else ""
    return f"{parent!r} holds: {', '.join(names[:_LISTED])}{more}"


def is_directory(tx: Tx, device: str, path: str) -> bool:
    """Whether a normalised path is the root, ``/tmp`` or a live directory on ``device``."""
    if path == ROOT:
        return True
    node = find_node(tx, device, path)
    return path == TMP if node is None else node.is_dir


def list_directory(tx: Tx, device: str, path: str) -> list[FileNode]:
    """The live children of a normalised directory path, by name."""
    return tx.select(FileNode, "device = ? AND parent = ? AND trashed_at IS NULL", device, path, order="name")


def subtree(tx: Tx, device: str, path: str) -> list[FileNode]:
    """The live nodes under a normalised directory path (not the directory itself), parents first."""
    prefix = path.rstrip("/") + "/"
    return tx.select(
        FileNode,
        "device = ? AND trashed_at IS NULL AND substr(path, 1, ?) = ?",
        device,
        len(prefix),
        prefix,
        order="path",
    )


def require_parent(tx: Tx, device: str, path: str, *, create: bool) -> None:
    """Make sure the parent of a normalised path is a live directory (creating it when ``create``)."""
    parent = split_path(path)[0]
    if is_directory(tx, device, parent):
        return
    missing: list[str] = []
    at = parent
    while not is_directory(tx, device, at):
        node = find_node(tx, device, at)
        if node is not None:
            raise Conflict(f"cannot put {path!r} on device {device!r}: {at!r} is a file, not a directory")
        missing.append(at)
        at = split_path(at)[0]
    if not create:
        raise NotFound(
            f"directory {parent!r} does not exist on device {device!r}, so {path!r} cannot be made there; "
            "create it first or pass parents=True"
        )
    for directory in reversed(missing):
        insert_directory(tx, device, directory)


def scratch_directory(tx: Tx, device: str) -> FileNode:
    """``/tmp`` as a node, to answer about it while it has no row (it is never stored for itself)."""
    return build(FileNode)(
        id="",
        device=device,
        path=TMP,
        parent=ROOT,
        name="tmp",
        is_dir=True,
        mime_type=DIRECTORY_MIME_TYPE,
        created_at=tx.now_db,
        modified_at=tx.now_db,
    )


def insert_directory(tx: Tx, device: str, path: str) -> FileNode:
    """Add a directory row at a normalised path whose parent exists."""
    parent, name = split_path(path)
    node = build(FileNode)(
        id=tx.new_id("file"),
        device=device,
        path=path,
        parent=parent,
        name=name,
        is_dir=True,
        mime_type=DIRECTORY_MIME_TYPE,
        created_at=tx.now_db,
        modified_at=tx.now_db,
    )
    tx.insert(node)
    return node
