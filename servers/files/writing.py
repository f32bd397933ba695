"""Files tools that change the world: writing, directories, moving, copying, syncing between devices,
deleting to the trash, restoring from it and emptying it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from servers._base import Ctx, writing
from servers.files._args import DeviceName, FilePath, Parents, tool
from servers.files._models import FileInfo, TrashEmptied, TrashItem, info, trash_item
from state import files


@tool(destructive=True)
async def write_file(
    ctx: Ctx,
    path: FilePath,
    content: Annotated[str, Field(description="The text to write (UTF-8).")],
    device: DeviceName = "laptop",
    mode: Annotated[
        Literal["create", "overwrite", "append"],
        Field(
            description="'create': a new file, refused if one exists; 'overwrite': replace the text; "
            "'append': add to the end. overwrite and append make the file if it is missing."
        ),
    ] = "create",
    parents: Annotated[bool, Field(description="Make missing parent directories.")] = False,
) -> FileInfo:
    """Write a text file on a device and return it as it is now. To change part of a file, read it,
    then write the whole new text with mode 'overwrite'; to add a line to a log, use 'append' (include
    the newline)."""
    async with writing(ctx) as tx:
        node = await files.write_file(
            tx, path=path, content=content, device=device, mode=mode, parents=parents
        )
        return info(tx, node)


@tool(idempotent=True)
async def make_directory(
    ctx: Ctx,
    path: FilePath,
    device: DeviceName = "laptop",
    parents: Annotated[
        bool,
        Field(description="Make missing parents too and accept a directory that exists (like mkdir -p)."),
    ] = True,
) -> FileInfo:
    """Make a directory on a device (with its missing parents, unless parents is false); returns the
    directory. Asking for one that exists already is fine by default."""
    async with writing(ctx) as tx:
        node = await files.make_directory(tx, path=path, device=device, parents=parents)
        return info(tx, node)


@tool()
async def move_file(
    ctx: Ctx,
    source: FilePath,
    destination: Annotated[
        str,
        Field(
            description="The new path, or an existing directory to move it into; "
            "e.g. '~/Documents/old-notes.md' to rename, '~/Archive' to move into Archive."
        ),
    ],
    device: DeviceName = "laptop",
    parents: Parents = False,
) -> FileInfo:
    """Move or rename a file or a directory (with everything in it) on one device. Nothing is replaced:
    if the destination exists (and is not a directory to move into), the move is refused. Returns the
    file at its new path."""
    async with writing(ctx) as tx:
        node = await files.move_file(
            tx, source=source, destination=destination, device=device, parents=parents
        )
        return info(tx, node)


@tool()
async def copy_file(
    ctx: Ctx,
    source: FilePath,
    destination: Annotated[
        str, Field(description="The copy's path, or an existing directory to copy it into.")
    ],
    device: DeviceName = "laptop",
    parents: Parents = False,
) -> FileInfo:
    """Copy a file or a directory (with everything in it) on one device; nothing is replaced. Returns
    the copy. To copy to the other device, use sync_file_to_device."""
    async with writing(ctx) as tx:
        node = await files.copy_file(
            tx, source=source, destination=destination, device=device, parents=parents
        )
        return info(tx, node)


@tool(destructive=True)
async def sync_file_to_device(
    ctx: Ctx,
    path: FilePath,
    device: Annotated[str, Field(description="The device the file is on now, e.g. 'laptop'.")] = "laptop",
    to_device: Annotated[str, Field(description="The device to copy it to, e.g. 'phone'.")] = "phone",
    to_path: Annotated[
        str | None,
        Field(
            description="Where it goes on to_device (an existing directory: into it). Default: the same "
            "place under to_device's home, e.g. laptop '~/Documents/a.md' -> phone '~/Documents/a.md'."
        ),
    ] = None,
) -> FileInfo:
    """Copy a file or a directory (with everything in it) from one device to another, as syncing
    does: files of the same name there are replaced, missing directories are made. Returns the file on
    to_device."""
    async with writing(ctx) as tx:
        node = await files.sync_file_to_device(
            tx, path=path, from_device=device, to_device=to_device, to_path=to_path
        )
        return info(tx, node)


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


@tool(destructive=True)
async def empty_trash(ctx: Ctx, device: DeviceName = "laptop") -> TrashEmptied:
    """Delete everything in a device's trash for good; it cannot be restored afterwards."""
    async with writing(ctx) as tx:
        removed = await files.empty_trash(tx, device=device)
    return TrashEmptied(device=device, removed=removed)
