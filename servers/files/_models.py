"""What the files tools return, and how it is built from the world's rows."""

from __future__ import annotations

from pydantic import BaseModel, Field

from servers._base import Page
from state import files
from state.clock import local_iso
from state.db import Tx
from state.files import FileNode

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
        description="Whether read_file can show text (a PDF's text layer, a spreadsheet's cells; photos "
        "and archives have none)."
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


class DeviceInfo(BaseModel):
    """A device of the user's with its own files."""

    id: str = Field(description="What the device argument of the files tools takes, e.g. 'laptop'.")
    name: str
    kind: str
    os: str
    home: str = Field(description="The home directory, which '~' stands for in paths.")


class DeviceList(BaseModel):
    """The user's devices."""

    devices: list[DeviceInfo]


class FileText(BaseModel):
    """Some lines of a file's text, or, for a file without text, what it is."""

    device: str
    path: str
    mime_type: str
    size: int = Field(description="Bytes.")
    modified_at: str = Field(description="ISO 8601 with the user's UTC offset.")
    has_text: bool = Field(description="False for photos and archives: files whose text cannot be shown.")
    content: str = Field(description="The lines read, each with its newline.")
    first_line: int = Field(description="Number of the first line in content (1-based); 0 if none.")
    last_line: int = Field(description="Number of the last line in content; 0 if none.")
    total_lines: int
    truncated: bool = Field(description="Whether more lines follow; read on with offset=next_offset.")
    next_offset: int | None
    note: str = Field(description="What to know about this read, e.g. that it was cut; empty if nothing.")
    metadata: dict[str, str] = Field(description="Details such as a photo's taken_at, camera and place.")


def _note(page: files.TextPage) -> str:
    node = page.node
    said = _read_note(page)
    if node.data is not None and page.has_text:
        what = f"The text of {node.name} ({node.mime_type}, {node.size} bytes) as a reader sees it"
        return f"{what}; {said}" if said else f"{what}."
    return said


def _read_note(page: files.TextPage) -> str:
    node = page.node
    if not page.has_text:
        return f"{node.name} ({node.mime_type}, {node.size} bytes) has no text to show; its details are in metadata."
    if page.line_cut:
        return f"line {page.first_line} is longer than {files.MAX_READ_CHARS} characters and was cut."
    if page.more:
        return (
            f"Showing lines {page.first_line}-{page.last_line} of {page.total_lines}; "
            f"call again with offset={page.next_offset} for the rest."
        )
    return ""


def file_text(tx: Tx, device: str, page: files.TextPage) -> FileText:
    node = page.node
    return FileText(
        device=device,
        path=node.path,
        mime_type=node.mime_type,
        size=node.size,
        modified_at=local_iso(node.modified_at, tx.tz),
        has_text=page.has_text,
        content=page.text,
        first_line=page.first_line,
        last_line=page.last_line,
        total_lines=page.total_lines,
        truncated=page.more,
        next_offset=page.next_offset,
        note=_note(page),
        metadata=dict(node.file_metadata),
    )


class SearchHit(FileEntry):
    """A file or directory that matched, with where the words occur in its text."""

    match_line: int | None = Field(description="Number of the first line with a query word, if in the text.")
    match_text: str | None = Field(
        description="That line (the part around the word), or the photo detail that matched, e.g. 'place: Tiergarten'."
    )


def search_hits(tx: Tx, device: str, found: list[FileNode], query: str) -> list[SearchHit]:
    """The nodes a search found, each with the first line where the query's words occur."""
    hits: list[SearchHit] = []
    for item, node in zip(entries(tx, device, found), found, strict=True):
        match = files.first_match(node, query)
        hits.append(
            SearchHit(
                **item.model_dump(),
                match_line=match[0] if match else None,
                match_text=match[1] if match else None,
            )
        )
    return hits


class TrashEmptied(BaseModel):
    """What emptying the trash removed."""

    device: str
    removed: int = Field(description="How many files and directories were deleted for good.")
