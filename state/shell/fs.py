"""One device's tree in the world as the shell's file system (:class:`state.shell.api.FileSystem`).

Rows are the files service's ``file_node`` rows, made and changed the way its operations make them, so
what the shell writes the files service sees at once. Only live rows (not in the trash) exist for the
shell; ``rm`` deletes for good. The root ``/`` and the scratch directory ``/tmp`` always exist and have no
row (what is written in ``/tmp`` is ordinary rows). ``/dev/null`` is the one special path. Paths, reading
and tree walks are in :mod:`state.shell.fs_read`; this module writes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from state.clock import to_db
from state.db import Tx, build
from state.files import FileNode, mime_type_for
from state.files.ops import utf8_size
from state.files.paths import insert_directory, is_inside, split_path
from state.shell.api import FsError, LimitExceeded, Limits
from state.shell.fs_read import DEV_NULL, IS_A_DIRECTORY, LIVE_ROWS, NOT_A_DIRECTORY, ReadableFileSystem

BUSY = "Device or resource busy"


class WorldFileSystem(ReadableFileSystem):
    """The tree of ``device`` seen from the working directory ``cwd``.

    ``on_write`` is told the size of every write (the interpreter counts bytes written against its limit).
    """

    def __init__(
        self,
        tx: Tx,
        device: str,
        cwd: str,
        limits: Limits | None = None,
        on_write: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(tx, device, cwd, limits)
        self._on_write = on_write

    # -- writing ---------------------------------------------------------------------------------

    def _count(self, size: int, where: str) -> None:
        if size > self.limits.file_bytes:
            raise LimitExceeded(
                "file_bytes", f"{where} would be {size} bytes; a file may hold {self.limits.file_bytes}"
            )
        if self._on_write is not None:
            self._on_write(size)

    def write_text(
        self,
        path: str,
        content: str,
        *,
        append: bool = False,
        mime_type: str | None = None,
        size: int | None = None,
    ) -> None:
        self._texts.clear()
        where = self.resolve(path)
        if where == DEV_NULL:
            return
        if where == "/":
            raise FsError(path, IS_A_DIRECTORY)
        row = self._row(where)
        if row is None:
            if path.endswith("/"):
                raise FsError(path, IS_A_DIRECTORY)
            self._require_parent(path, where)
            self._count(utf8_size(content) if size is None else size, where)
            self._insert_file(where, content, mime_type, size)
            return
        if row["is_dir"]:
            raise FsError(path, IS_A_DIRECTORY)
        if append and row["data"] is not None:
            self._write_data(row, where, bytes(row["data"]) + content.encode(), utf8_size(content))
            return
        text = str(row["content"]) + content if append else content
        size = utf8_size(text)
        self._count(utf8_size(content) if append else size, where)
        if size > self.limits.file_bytes:
            raise LimitExceeded(
                "file_bytes", f"{where} would be {size} bytes; a file may hold {self.limits.file_bytes}"
            )
        self.tx.update(
            FileNode, str(row["id"]), content=text, data=None, size=size, modified_at=self.tx.now_db
        )

    def write_bytes(self, path: str, data: bytes, *, mime_type: str | None = None) -> None:
        """Create or overwrite a binary file (what ``unzip`` and ``tar x`` unpack that is not text)."""
        self.write_text(path, "", mime_type=mime_type, size=0)
        where = self.resolve(path)
        row = self._row(where)
        if row is not None and where != DEV_NULL:
            self._write_data(row, where, data, len(data))

    def _write_data(self, row: dict[str, Any], where: str, data: bytes, written: int) -> None:
        if len(data) > self.limits.file_bytes:
            raise LimitExceeded(
                "file_bytes", f"{where} would be {len(data)} bytes; a file may hold {self.limits.file_bytes}"
            )
        self._count(written, where)
        self.tx.update(FileNode, str(row["id"]), data=data, size=len(data), modified_at=self.tx.now_db)

    def _insert_file(self, where: str, content: str, mime_type: str | None, size: int | None) -> None:
        parent, name = split_path(where)
        self.tx.insert(
            build(FileNode)(
                id=self.tx.new_id("file"),
                device=self.device,
                path=where,
                parent=parent,
                name=name,
                content=content,
                mime_type=mime_type or mime_type_for(name),
                size=utf8_size(content) if size is None else size,
                created_at=self.tx.now_db,
                modified_at=self.tx.now_db,
                file_metadata={},
            )
        )

    def make_dir(self, path: str, *, parents: bool = False) -> None:
        self._texts.clear()
        where = self.resolve(path)
        row = None if where == "/" else self._row(where)
        if where == "/" or row is not None:
            if parents and (where == "/" or (row is not None and row["is_dir"])):
                return
            raise FsError(path, "File exists")
        if parents:
            missing: list[str] = []
            at = where
            while not self._is_dir(at):
                if self._row(at) is not None:
                    raise FsError(path, NOT_A_DIRECTORY)
                missing.append(at)
                at = split_path(at)[0]
            for directory in reversed(missing):
                insert_directory(self.tx, self.device, directory)
            return
        self._require_parent(path, where)
        insert_directory(self.tx, self.device, where)

    def remove(self, path: str, *, recursive: bool = False) -> None:
        self._texts.clear()
        where = self.resolve(path)
        if where == "/":
            raise FsError(path, BUSY)
        _, row = self._existing(path)
        prefix = where + "/"
        if row["is_dir"] and not recursive:
            inside = self.tx.scalar(
                f"SELECT 1 FROM file_node WHERE {LIVE_ROWS} AND parent = ? LIMIT 1", self.device, where
            )
            if inside:
                raise FsError(path, "Directory not empty")
        self.tx.run(
            f"DELETE FROM file_node WHERE {LIVE_ROWS} AND (path = ? OR substr(path, 1, ?) = ?)",
            self.device,
            where,
            len(prefix),
            prefix,
        )
        if not row["id"]:
            # /tmp is like a mount point: emptied, never removed.
            raise FsError(path, BUSY)

    def move(self, source: str, destination: str) -> None:
        self._texts.clear()
        where, row = self._existing(source)
        if not row["id"]:
            raise FsError(source, BUSY)
        target = self.resolve(destination)
        if target == where:
            return
        if row["is_dir"] and is_inside(target, where):
            raise FsError(destination, "Invalid argument")
        self._require_parent(destination, target)
        self._clear_target(destination, target, bool(row["is_dir"]))
        prefix = where + "/"
        self.tx.run(
            f"UPDATE file_node SET path = ? || substr(path, ?), parent = ? || substr(parent, ?) "
            f"WHERE {LIVE_ROWS} AND substr(path, 1, ?) = ?",
            target,
            len(where) + 1,
            target,
            len(where) + 1,
            self.device,
            len(prefix),
            prefix,
        )
        parent, name = split_path(target)
        mime = str(row["mime_type"])
        if not row["is_dir"] and mime == mime_type_for(str(row["name"])):
            mime = mime_type_for(name)
        self.tx.update(FileNode, str(row["id"]), path=target, parent=parent, name=name, mime_type=mime)

    def _clear_target(self, destination: str, target: str, source_is_dir: bool) -> None:
        """Make room at ``target`` as ``rename(2)`` does: a file replaces a file, a directory an empty one."""
        existing = self._row(target)
        if existing is None:
            return
        if existing["is_dir"] and not source_is_dir:
            raise FsError(destination, IS_A_DIRECTORY)
        if source_is_dir and not existing["is_dir"]:
            raise FsError(destination, NOT_A_DIRECTORY)
        self.remove(target, recursive=False)

    def copy(self, source: str, destination: str, *, recursive: bool = False) -> None:
        self._texts.clear()
        where, row = self._existing(source)
        target = self.resolve(destination)
        if row["is_dir"] and not recursive:
            raise FsError(source, IS_A_DIRECTORY)
        if row["is_dir"] and is_inside(target, where):
            raise FsError(destination, "Invalid argument")
        if target == where:
            raise FsError(destination, "File exists")
        self._require_parent(destination, target)
        members = [row]
        if row["is_dir"]:
            prefix = where + "/"
            members += self.tx.all(
                f"SELECT * FROM file_node WHERE {LIVE_ROWS} AND substr(path, 1, ?) = ? ORDER BY path",
                self.device,
                len(prefix),
                prefix,
            )
        for member in members:
            self._copy_one(member, target + str(member["path"])[len(where) :])

    def _copy_one(self, member: dict[str, Any], path: str) -> None:
        existing = self._row(path)
        if existing is not None:
            if bool(existing["is_dir"]) != bool(member["is_dir"]):
                raise FsError(path, IS_A_DIRECTORY if existing["is_dir"] else NOT_A_DIRECTORY)
            if not member["is_dir"]:
                self.write_text(path, str(member["content"]))
                if member["data"] is not None:
                    self._write_data(existing, path, bytes(member["data"]), 0)
            return
        if member["is_dir"]:
            insert_directory(self.tx, self.device, path)
            return
        self._count(int(member["size"]), path)
        parent, name = split_path(path)
        original = self.tx.model(FileNode, member)
        mime = original.mime_type
        if mime == mime_type_for(original.name):
            mime = mime_type_for(name)
        copy = original.model_copy(
            update={
                "id": self.tx.new_id("file"),
                "path": path,
                "parent": parent,
                "name": name,
                "mime_type": mime,
                "created_at": self.tx.now_db,
                "modified_at": self.tx.now_db,
                "file_metadata": dict(original.file_metadata),
            }
        )
        self.tx.insert(copy)

    def touch(self, path: str, when: datetime | None = None) -> None:
        self._texts.clear()
        where = self.resolve(path)
        if where in ("/", DEV_NULL):
            return
        stamp = self.tx.now_db if when is None else to_db(when)
        row = self._row(where)
        if row is None:
            self.write_text(path, "")
            row = self._row(where)
            if row is None or when is None:
                return
        if row["id"]:
            self.tx.update(FileNode, str(row["id"]), modified_at=stamp)
