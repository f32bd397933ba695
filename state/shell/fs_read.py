"""The reading half of the world's file system: paths resolved, rows looked up, files read, trees walked.

Rows are the files service's ``file_node`` rows of one device; only live rows (not in the trash) exist
for the shell. The root ``/`` and the scratch directory ``/tmp`` always exist and have no row.
``/dev/null`` is the one special path. Writing is :class:`state.shell.fs.WorldFileSystem`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any

from state.clock import from_db
from state.core import device_or_error
from state.db import Tx
from state.files import DIRECTORY_MIME_TYPE
from state.files.paths import MAX_NAME_BYTES, TMP, split_path
from state.shell.api import FsError, LimitExceeded, Limits, Stat
from state.shell.globbing import glob_paths

DEV_NULL = "/dev/null"
DIRECTORY_SIZE = 4096
LIVE_ROWS = "device = ? AND trashed_at IS NULL"
"""The SQL condition for the device's rows that are not in the trash."""
NOT_FOUND = "No such file or directory"
IS_A_DIRECTORY = "Is a directory"
NOT_A_DIRECTORY = "Not a directory"
_STAT_COLUMNS = "path, is_dir, size, modified_at, created_at, mime_type"


def stand_in_bytes(size: int, metadata: object) -> bytes:
    """What stands for the bytes of a file the world holds no bytes of: a digest of what identifies them,
    its size and details (``taken_at``, ``camera``, ...), so a copy is the same and another file is not.
    The name and type are left out: ``cp a.pdf a.pdf.bak`` makes the same bytes under another type."""
    details = json.loads(metadata) if isinstance(metadata, str) else metadata
    identity = json.dumps({"size": size, "metadata": details}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(identity.encode(errors="surrogatepass")).digest()


def _shown(row: Mapping[str, Any] | sqlite3.Row) -> str:
    """A file as the shell's text sees it: a binary file's bytes as ``cat`` would show them (decoded
    with U+FFFD for what is not UTF-8), not the text a viewer extracts from it (``content``)."""
    data = row["data"]
    return str(row["content"]) if data is None else bytes(data).decode(errors="replace")


@lru_cache(maxsize=16384)
def _local_time(stored: str, tz: tzinfo) -> datetime:
    """A stored time in the world's timezone (walking a tree converts the same times again and again)."""
    return from_db(stored).astimezone(tz)


def _is_plain(joined: str) -> bool:
    """Whether an absolute path is normalised already, with names too short to be too long (the common
    case, answered without splitting it)."""
    return (
        "//" not in joined
        and "/." not in joined
        and joined[-1] != "/"
        and (len(joined) <= _SHORT_NAME or max(map(len, joined.split("/"))) <= _SHORT_NAME)
    )


_SHORT_NAME = MAX_NAME_BYTES // 4
"""Names of at most this many characters are within ``MAX_NAME_BYTES`` whatever their UTF-8 length."""


class ReadableFileSystem:
    """The tree of ``device`` seen from the working directory ``cwd``, for reading."""

    def __init__(self, tx: Tx, device: str, cwd: str, limits: Limits | None = None) -> None:
        self.tx = tx
        self.device = device
        self.cwd = cwd
        self.limits = limits or Limits()
        self._home = device_or_error(tx, device).home
        self._texts: dict[str, str] = {}
        """The files' texts the last :meth:`tree` read, by path; any write forgets them."""

    @property
    def home(self) -> str:
        return self._home

    # -- paths -----------------------------------------------------------------------------------

    def resolve(self, path: str) -> str:
        if not path:
            raise FsError(path, NOT_FOUND)
        joined = path if path[0] == "/" else f"{self.cwd}/{path}"
        if _is_plain(joined):
            return joined
        parts: list[str] = []
        for part in joined.split("/"):
            if part in ("", "."):
                continue
            if part == "..":
                if parts:
                    parts.pop()
                continue
            if len(part.encode(errors="surrogatepass")) > MAX_NAME_BYTES:
                raise FsError(path, "File name too long")
            parts.append(part)
        return "/" + "/".join(parts)

    def _row(self, where: str) -> dict[str, Any] | None:
        """The live row at a resolved path; ``/tmp`` without one is a directory row with no id."""
        row = self.tx.one(f"SELECT * FROM file_node WHERE {LIVE_ROWS} AND path = ?", self.device, where)
        if row is None and where == TMP:
            return self._scratch_row()
        return row

    def _scratch_row(self) -> dict[str, Any]:
        now = self.tx.now_db
        return {"id": "", "path": TMP, "parent": "/", "name": "tmp", "is_dir": True, "content": "",
                "data": None, "mime_type": DIRECTORY_MIME_TYPE, "size": 0, "created_at": now, "modified_at": now,
                "file_metadata": {}}  # fmt: skip

    def _is_dir(self, where: str) -> bool:
        if where == "/":
            return True
        found = self.tx.scalar(
            f"SELECT is_dir FROM file_node WHERE {LIVE_ROWS} AND path = ?", self.device, where
        )
        return where == TMP if found is None else bool(found)

    def _missing(self, path: str, where: str) -> FsError:
        """ENOENT, or ENOTDIR when a parent on the way is a file."""
        parent = split_path(where)[0]
        while parent != "/":
            row = self.tx.one(
                f"SELECT is_dir FROM file_node WHERE {LIVE_ROWS} AND path = ?", self.device, parent
            )
            if row is not None:
                return FsError(path, NOT_FOUND if row["is_dir"] else NOT_A_DIRECTORY)
            parent = split_path(parent)[0]
        return FsError(path, NOT_FOUND)

    def _existing(self, path: str, where: str | None = None) -> tuple[str, dict[str, Any]]:
        """The resolved path and live row of ``path`` (``where`` if resolved already), or FsError."""
        where = self.resolve(path) if where is None else where
        row = self._row(where)
        if row is None:
            raise self._missing(path, where)
        if path.endswith("/") and not row["is_dir"]:
            raise FsError(path, NOT_A_DIRECTORY)
        return where, row

    def _require_parent(self, path: str, where: str) -> None:
        parent = split_path(where)[0]
        if self._is_dir(parent):
            return
        raise self._missing(path, where) if self._row(parent) is None else FsError(path, NOT_A_DIRECTORY)

    # -- reading ---------------------------------------------------------------------------------

    def stat(self, path: str) -> Stat | None:
        where = self.resolve(path) if path else ""
        if where == "/":
            return Stat("/", True, DIRECTORY_SIZE, self._local(self.tx.now_db), self._local(self.tx.now_db),
                        DIRECTORY_MIME_TYPE)  # fmt: skip
        if where == DEV_NULL:
            now = self._local(self.tx.now_db)
            return Stat(DEV_NULL, False, 0, now, now, "inode/chardevice")
        row = self._row(where) if where else None
        if row is None or (path.endswith("/") and not row["is_dir"]):
            return None
        return self._stat_of(row)

    def _stat_of(self, row: Mapping[str, Any] | sqlite3.Row) -> Stat:
        """The Stat of a ``file_node`` row (all its columns or only ``_STAT_COLUMNS``)."""
        is_dir = bool(row["is_dir"])
        return Stat(
            str(row["path"]),
            is_dir,
            DIRECTORY_SIZE if is_dir else int(row["size"]),
            self._local(row["modified_at"]),
            self._local(row["created_at"]),
            str(row["mime_type"]),
        )

    def _local(self, stored: str) -> datetime:
        return _local_time(stored, self.tx.tz)

    def read_text(self, path: str) -> str:
        where = self.resolve(path)
        if where == DEV_NULL:
            return ""
        if where == "/":
            raise FsError(path, IS_A_DIRECTORY)
        cached = self._texts.get(where)
        if cached is not None and not path.endswith("/"):
            return cached
        where, row = self._existing(path, where)
        if row["is_dir"]:
            raise FsError(path, IS_A_DIRECTORY)
        return _shown(row)

    def read_bytes(self, path: str) -> bytes:
        if self.resolve(path) == DEV_NULL:
            return b""
        text = self.read_text(path)
        _, row = self._existing(path)
        if row["data"] is not None:
            return bytes(row["data"])
        if text or not row["size"]:
            return text.encode(errors="surrogatepass")
        return stand_in_bytes(int(row["size"]), row["file_metadata"])

    def list_dir(self, path: str) -> list[str]:
        where = self.resolve(path)
        if where != "/":
            _, row = self._existing(path)
            if not row["is_dir"]:
                raise FsError(path, NOT_A_DIRECTORY)
        return [name for name, _ in self.children(where)]

    def walk(self, path: str) -> list[str]:
        found = self.tree(path)
        if len(found) > self.limits.glob_results:
            raise LimitExceeded(
                "glob_results", f"{path} holds more than {self.limits.glob_results} files and directories"
            )
        return [stat.path for stat in found]

    def tree(self, path: str, max_depth: int | None = None) -> list[Stat]:
        """``path`` and everything below it, ``max_depth`` levels down at most, parents first and names in
        C-locale order: one query over the subtree, whatever its size. The texts read are kept for
        :meth:`read_text` until the next write."""
        top = self.stat(path)
        if top is None:
            self._existing(path)  # raises the error a missing path (or ``file/``) gives
            raise FsError(path, NOT_FOUND)
        if not top.is_dir or max_depth == 0:
            return [top]
        prefix = top.path.rstrip("/") + "/"
        # path > 'a/b/' AND path < 'a/b0' ('0' follows '/') is the subtree, read from the live-path index.
        sql = f"SELECT {_STAT_COLUMNS}, content, data FROM file_node WHERE {LIVE_ROWS} AND path > ? AND path < ?"
        params: list[object] = [self.device, prefix, prefix[:-1] + "0"]
        if max_depth is not None:
            sql += " AND length(path) - length(replace(path, '/', '')) <= ?"
            params.append(prefix.count("/") - 1 + max_depth)
        rows = self.tx.conn.execute(sql, params).fetchall()
        self._texts = {str(row["path"]): _shown(row) for row in rows if not row["is_dir"]}
        below = [self._stat_of(row) for row in rows]
        if top.path == "/" and all(stat.path != TMP for stat in below):
            below.append(self._stat_of(self._scratch_row()))
        # NUL sorts before every character a name may hold, so "a/z" comes before "a b" as in find.
        below.sort(key=lambda stat: stat.path.replace("/", "\0"))
        return [top, *below]

    # -- globbing --------------------------------------------------------------------------------

    def glob(self, pattern: str) -> list[str]:
        """Paths matching ``pattern`` as the user wrote them (relative stays relative), sorted bytewise."""
        return glob_paths(self, pattern)

    def is_dir(self, where: str) -> bool:
        """Whether a resolved path is a live directory (or the root)."""
        return self._is_dir(where)

    def children(self, where: str) -> list[tuple[str, bool]]:
        """The names in a resolved directory, by name, with whether each is a directory."""
        rows = self.tx.conn.execute(
            f"SELECT name, is_dir FROM file_node WHERE {LIVE_ROWS} AND parent = ? ORDER BY name",
            (self.device, where),
        ).fetchall()
        found = [(str(r[0]), bool(r[1])) for r in rows]
        if where == "/" and all(name != "tmp" for name, _ in found):
            found = sorted([*found, ("tmp", True)], key=lambda child: child[0].encode(errors="surrogatepass"))
        return found
