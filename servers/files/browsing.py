"""Tools that look at files: devices, directory listings, reading, searching and file details."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, Field

from servers._base import Ctx, Page, page_bounds, page_of, reading
from servers.files._common import (
    Cursor,
    DeviceName,
    DirectoryListing,
    FileEntry,
    FileInfo,
    FilePath,
    Limit,
    entries,
    info,
    tool,
)
from state import files
from state.clock import local_iso

MAX_READ_LINES = 2000


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


@tool(read_only=True)
async def list_file_devices(ctx: Ctx) -> DeviceList:
    """The user's devices that hold files (each has its own tree), with the home directory that '~'
    means on each."""
    async with reading(ctx) as tx:
        found = files.devices(tx)
    return DeviceList(
        devices=[DeviceInfo(id=d.id, name=d.name, kind=d.kind, os=d.os, home=d.home) for d in found]
    )


@tool(read_only=True)
async def list_directory(
    ctx: Ctx,
    path: Annotated[str, Field(description="The directory, e.g. '~', '~/Documents' or '/'.")] = "~",
    device: DeviceName = "laptop",
    sort: Annotated[
        Literal["name", "modified", "size"],
        Field(
            description="'name': directories first, then files, A-Z in any case; 'modified': newest "
            "first; 'size': largest first."
        ),
    ] = "name",
    include_hidden: Annotated[bool, Field(description="Also list names starting with a dot.")] = False,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> DirectoryListing:
    """List what a directory on a device holds: name, absolute path, whether it is a directory (and how
    many entries it holds), size in bytes, mime type, last change and, for photos, details such as
    taken_at and place. Hidden entries (names starting with a dot) are left out unless asked for."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        where, nodes, total = files.list_entries(
            tx, device, path, include_hidden=include_hidden, sort=sort, limit=size + 1, offset=offset
        )
        items, next_cursor = page_of(entries(tx, device, nodes), size, offset)
    return DirectoryListing(items=items, next_cursor=next_cursor, device=device, directory=where, total=total)


class FileText(BaseModel):
    """Some lines of a file's text, or, for a file without text, what it is."""

    device: str
    path: str
    mime_type: str
    size: int = Field(description="Bytes.")
    modified_at: str = Field(description="ISO 8601 with the user's UTC offset.")
    has_text: bool = Field(description="False for photos, PDFs, archives: files whose text cannot be shown.")
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


@tool(read_only=True)
async def read_file(
    ctx: Ctx,
    path: FilePath,
    device: DeviceName = "laptop",
    offset: Annotated[int, Field(description="How many lines to skip first (0: from the start).")] = 0,
    limit: Annotated[int, Field(description=f"How many lines to read at most (1-{MAX_READ_LINES}).")] = 200,
) -> FileText:
    """Read a text file, by lines. Says how many lines it has in all and whether more follow; for the
    next part pass next_offset as offset. Files without text (photos, PDFs, archives) answer with their
    type, size and details (a photo's taken_at, place) and has_text false."""
    if not 1 <= limit <= MAX_READ_LINES:
        raise ToolError(f"limit {limit} is out of range; use 1 to {MAX_READ_LINES} lines")
    async with reading(ctx) as tx:
        page = files.read_lines(tx, device, path, offset=offset, limit=limit)
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


@tool(read_only=True)
async def search_files(
    ctx: Ctx,
    query: Annotated[
        str,
        Field(
            description="Words that must all occur (as word beginnings, any case) in the file's name, "
            "text or photo details (place, subject); empty: no text filter."
        ),
    ] = "",
    name_pattern: Annotated[
        str, Field(description="A name pattern with * and ?, any case, e.g. '*.pdf' or 'IMG_202601*'.")
    ] = "",
    directory: Annotated[
        str, Field(description="Search only under this directory, e.g. '~/Documents'.")
    ] = "/",
    device: DeviceName = "laptop",
    include_hidden: Annotated[
        bool, Field(description="Also search inside names starting with a dot.")
    ] = False,
    limit: Limit = 20,
    cursor: Cursor = None,
) -> Page[SearchHit]:
    """Find files and directories on a device by name pattern and/or words, under a directory and
    everything below it, most recently changed first. Each hit says on which line the words first occur,
    so read_file can start there. Example: query 'deposit lease', name_pattern '*.md', directory '~'."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        found = files.search_nodes(
            tx,
            device,
            name_glob=name_pattern,
            query=query,
            directory=directory,
            include_hidden=include_hidden,
            limit=size + 1,
            offset=offset,
        )
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
    items, next_cursor = page_of(hits, size, offset)
    return Page[SearchHit](items=items, next_cursor=next_cursor)


@tool(read_only=True)
async def get_file_info(ctx: Ctx, path: FilePath, device: DeviceName = "laptop") -> FileInfo:
    """Everything about one file or directory: size in bytes, mime type, when it was made and changed,
    whether it has text (and how many lines), how many entries a directory holds, a photo's details
    (taken_at, camera, place). If nothing is at the path but something deleted from there is in the
    trash, that is shown with trashed true."""
    async with reading(ctx) as tx:
        return info(tx, files.live_or_trashed(tx, device, path))
