"""Files tools that look: devices, directory listings, reading, searching, file details and the trash."""

from __future__ import annotations

from typing import Annotated, Literal

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from servers._args import Cursor, EntryLimit
from servers._base import Ctx, Page, page_bounds, page_of, reading
from servers.files._args import DeviceName, FilePath, tool
from servers.files._models import (
    DeviceInfo,
    DeviceList,
    DirectoryListing,
    FileInfo,
    FileText,
    SearchHit,
    TrashItem,
    entries,
    file_text,
    info,
    search_hits,
    trash_item,
)
from state import files

MAX_READ_LINES = 2000


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
    limit: EntryLimit = 50,
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


@tool(read_only=True)
async def read_file(
    ctx: Ctx,
    path: FilePath,
    device: DeviceName = "laptop",
    offset: Annotated[int, Field(description="How many lines to skip first (0: from the start).")] = 0,
    limit: Annotated[int, Field(description=f"How many lines to read at most (1-{MAX_READ_LINES}).")] = 200,
) -> FileText:
    """Read a file's text, by lines. Says how many lines it has in all and whether more follow; for the
    next part pass next_offset as offset. A PDF gives its text layer, a spreadsheet its cells as CSV, a
    Word file its paragraphs (the note says so, with the type and size in bytes). Files without text
    (photos, archives) answer with their type, size and details (a photo's taken_at, place) and
    has_text false."""
    if not 1 <= limit <= MAX_READ_LINES:
        raise ToolError(f"limit {limit} is out of range; use 1 to {MAX_READ_LINES} lines")
    async with reading(ctx) as tx:
        page = files.read_lines(tx, device, path, offset=offset, limit=limit)
        return file_text(tx, device, page)


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
    limit: EntryLimit = 20,
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
        hits = search_hits(tx, device, found, query)
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


@tool(read_only=True)
async def list_trash(
    ctx: Ctx, device: DeviceName = "laptop", limit: EntryLimit = 50, cursor: Cursor = None
) -> Page[TrashItem]:
    """What is in a device's trash, most recently deleted first (a deleted directory is one item, with
    how many entries went with it)."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        found = files.trash_entries(tx, device)[offset : offset + size + 1]
        items, next_cursor = page_of([trash_item(tx, n) for n in found], size, offset)
    return Page[TrashItem](items=items, next_cursor=next_cursor)
