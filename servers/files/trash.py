"""Tools of a device's trash: deleting to it, restoring from it, listing and emptying it."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from servers._base import Ctx, Page, page_bounds, page_of, reading, writing
from servers.files._common import (
    Cursor,
    DeviceName,
    FileInfo,
    FilePath,
    Limit,
    TrashItem,
    info,
    tool,
    trash_item,
)
from state import files


@tool(destructive=True)
async def delete_file(ctx: Ctx, path: FilePath, device: DeviceName = "laptop") -> TrashItem:
    """Move a file, or a directory with everything in it, to the device's trash. restore_file with the
    same path puts it back; empty_trash removes it for good."""
    async with writing(ctx) as tx:
        node = await files.delete_file(tx, path=path, device=device)
        return trash_item(tx, node)


@tool()
async def restore_file(
    ctx: Ctx,
    path: Annotated[
        str, Field(description="Where it was before it was deleted (original_path in list_trash).")
    ],
    device: DeviceName = "laptop",
) -> FileInfo:
    """Put back what was most recently deleted from a path (a directory with its contents), where it
    was. Refused if something else is at that path now. Returns the restored file."""
    async with writing(ctx) as tx:
        node = await files.restore_file(tx, path=path, device=device)
        return info(tx, node)


@tool(read_only=True)
async def list_trash(
    ctx: Ctx, device: DeviceName = "laptop", limit: Limit = 50, cursor: Cursor = None
) -> Page[TrashItem]:
    """What is in a device's trash, most recently deleted first (a deleted directory is one item, with
    how many entries went with it)."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        found = files.trash_entries(tx, device)[offset : offset + size + 1]
        items, next_cursor = page_of([trash_item(tx, n) for n in found], size, offset)
    return Page[TrashItem](items=items, next_cursor=next_cursor)


class TrashEmptied(BaseModel):
    """What emptying the trash removed."""

    device: str
    removed: int = Field(description="How many files and directories were deleted for good.")


@tool(destructive=True)
async def empty_trash(ctx: Ctx, device: DeviceName = "laptop") -> TrashEmptied:
    """Delete everything in a device's trash for good; it cannot be restored afterwards."""
    async with writing(ctx) as tx:
        removed = await files.empty_trash(tx, device=device)
    return TrashEmptied(device=device, removed=removed)
