"""What the files tools share: the registry, argument types and the models they return."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from servers._base import Page, ToolRegistry
from state import files
from state.clock import local_iso
from state.db import Tx
from state.files import FileNode

tool = ToolRegistry()

DeviceName = Annotated[
    str, Field(description="Which device's files: 'laptop' or 'phone' (list_file_devices lists them).")
]
FilePath = Annotated[
    str,
    Field(
        description="A path on the device: absolute ('/Users/maya/Documents/plan.md'), from the home "
        "directory ('~/Documents/plan.md') or relative to the home directory ('Documents/plan.md')."
    ),
]
Parents = Annotated[bool, Field(description="Make missing parent directories of the destination.")]
Limit = Annotated[int, Field(description="How many entries per page (1-100).")]
Cursor = Annotated[str | None, Field(description="next_cursor of the previous page.")]

_TIME = "ISO 8601 with the user's UTC offset."
_METADATA = "Details such as a photo's taken_at, camera, place and subject; empty for most files."


class FileEntry(BaseModel):
    """A file or directory."""

    name: str
    path: str = Field(description="Absolute path on the device.")
    is_dir: bool
    size: int = Field(description="Bytes; 0 for a directory.")
    mime_type: str = Field(description="e.g. 'application/pdf'; 'inode/directory' for a directory.")
    modified_at: str = Field(description=_TIME)
    item_count: int | None = Field(description="For a directory: how many entries it holds.")
    metadata: dict[str, str] = Field(description=_METADATA)


class DirectoryListing(Page[FileEntry]):
    """One page of a directory's entries."""

    device: str
    directory: str = Field(description="The directory's absolute path.")
    total: int = Field(description="How many entries the directory holds in all (as filtered).")


class FileInfo(FileEntry):
    """Everything about one file or directory."""

    device: str
    created_at: str = Field(description=_TIME)
    has_text: bool = Field(
        description="Whether read_file can show text (photos, PDFs and archives have none)."
    )
    line_count: int | None = Field(description="Lines of text, for a file with text.")
    trashed: bool = Field(description="Whether it is in the trash (restore_file puts it back).")
    deleted_at: str | None = Field(description=f"When it was deleted, if trashed; {_TIME}")


class TrashItem(BaseModel):
    """Something in a device's trash; restore_file with its original_path puts it back."""

    device: str
    original_path: str = Field(description="Where it was before it was deleted.")
    name: str
    is_dir: bool
    size: int = Field(description="Bytes; 0 for a directory.")
    deleted_at: str = Field(description=_TIME)
    item_count: int | None = Field(description="For a directory: how many entries went to the trash in it.")


def entry(tx: Tx, node: FileNode, item_count: int | None = None) -> FileEntry:
    return FileEntry(
        name=node.name,
        path=node.path,
        is_dir=node.is_dir,
        size=node.size,
        mime_type=node.mime_type,
        modified_at=local_iso(node.modified_at, tx.tz),
        item_count=item_count if node.is_dir else None,
        metadata=dict(node.file_metadata),
    )


def entries(tx: Tx, device: str, nodes: list[FileNode]) -> list[FileEntry]:
    """Entries for ``nodes``, with how many entries each directory among them holds."""
    counts = files.child_counts(tx, device, [n.path for n in nodes if n.is_dir])
    return [entry(tx, n, counts.get(n.path)) for n in nodes]


def info(tx: Tx, node: FileNode) -> FileInfo:
    """What get_file_info shows about a live or trashed node."""
    trashed = node.trashed_at is not None
    if node.is_dir:
        count = (
            files.trashed_contents(tx, node)
            if trashed
            else files.child_counts(tx, node.device, [node.path])[node.path]
        )
    else:
        count = None
    text = files.has_text(node)
    return FileInfo(
        **entry(tx, node, count).model_dump(exclude={"path"}),
        path=node.original_path if trashed else node.path,
        device=node.device,
        created_at=local_iso(node.created_at, tx.tz),
        has_text=text,
        line_count=len(files.split_lines(node.content)) if text else None,
        trashed=trashed,
        deleted_at=local_iso(node.trashed_at, tx.tz) if node.trashed_at is not None else None,
    )


def trash_item(tx: Tx, node: FileNode) -> TrashItem:
    return TrashItem(
        device=node.device,
        original_path=node.original_path,
        name=node.name,
        is_dir=node.is_dir,
        size=node.size,
        deleted_at=local_iso(node.trashed_at or node.modified_at, tx.tz),
        item_count=files.trashed_contents(tx, node) if node.is_dir else None,
    )
