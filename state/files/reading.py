"""Reading files: directory listings, text by lines, search by name and content, and the trash.

Reads do not change the world, so they are plain functions of a transaction, not registered operations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from state.core import Device, device_or_error
from state.db import Tx, fts_word
from state.errors import InvalidArgument
from state.files.ops import trash_number
from state.files.paths import (
    ROOT,
    TMP,
    find_node,
    is_unicode_text,
    normalize_path,
    read_node,
    scratch_directory,
    split_path,
)
from state.files.tables import FileNode

MAX_READ_CHARS = 50_000
_MAX_SQL_INT = 2**62
SNIPPET_CHARS = 160
LISTING_ORDERS = {
    "name": "is_dir DESC, name COLLATE NOCASE, name",
    "modified": "modified_at DESC, name COLLATE NOCASE, name",
    "size": "size DESC, name COLLATE NOCASE, name",
}


def has_text(node: FileNode) -> bool:
    """Whether ``node`` is a file whose text the world holds (photos, PDFs and archives have none)."""
    return not node.is_dir and (node.content != "" or node.size == 0)


def split_lines(content: str) -> list[str]:
    """The lines of ``content``, each with its newline, so joining them gives the content back."""
    parts = content.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def directory_or_error(tx: Tx, device: str, path: str) -> str:
    """The normalised path of a live directory (or the root) on ``device``."""
    where = normalize_path(tx, device, path)
    if where == ROOT or (where == TMP and find_node(tx, device, where) is None):
        return where
    node = read_node(tx, device, where)
    if not node.is_dir:
        raise InvalidArgument(f"{where!r} on device {device!r} is a file, not a directory; read it instead")
    return where


def list_entries(
    tx: Tx,
    device: str,
    path: str,
    *,
    include_hidden: bool = False,
    sort: str = "name",
    limit: int = 50,
    offset: int = 0,
) -> tuple[str, list[FileNode], int]:
    """The directory's normalised path, one page of its live children and how many there are in all.

    ``sort`` is ``name`` (directories first, then files, by name in any case), ``modified`` (newest
    first) or ``size`` (largest first). Hidden entries (names starting with a dot) only on request.
    """
    if sort not in LISTING_ORDERS:
        raise InvalidArgument(f"sort {sort!r} is not one of {', '.join(LISTING_ORDERS)}")
    where = directory_or_error(tx, device, path)
    condition = "device = ? AND parent = ? AND trashed_at IS NULL" + (
        "" if include_hidden else " AND name NOT LIKE '.%'"
    )
    if where == ROOT and find_node(tx, device, TMP) is None:
        return where, *_root_entries(tx, device, condition, sort, limit, offset)
    total = int(tx.scalar(f"SELECT count(*) FROM file_node WHERE {condition}", device, where))
    rows = tx.all(
        f"SELECT * FROM file_node WHERE {condition} ORDER BY {LISTING_ORDERS[sort]} LIMIT ? OFFSET ?",
        device,
        where,
        _sql_int(limit),
        _sql_int(offset),
    )
    return where, [tx.model(FileNode, r) for r in rows], total


def _root_entries(
    tx: Tx, device: str, condition: str, sort: str, limit: int, offset: int
) -> tuple[list[FileNode], int]:
    """The root's listing with ``/tmp``, which has no row: few entries, so sorted here as SQL would."""
    rows = tx.all(f"SELECT * FROM file_node WHERE {condition}", device, ROOT)
    nodes = [tx.model(FileNode, r) for r in rows]
    nodes.append(scratch_directory(tx, device))
    nodes.sort(key=lambda n: (_ascii_folded(n.name), n.name))
    nodes.sort(key=lambda n: _ROOT_ORDERS[sort](n), reverse=True)
    return nodes[max(offset, 0) : max(offset, 0) + max(limit, 0)], len(nodes)


def _ascii_folded(name: str) -> str:
    """A name as SQLite's NOCASE compares it (ASCII letters only)."""
    return name.translate(_ASCII_LOWER)


_ROOT_ORDERS: dict[str, Callable[[FileNode], bool | str | int]] = {
    "name": lambda n: n.is_dir,
    "modified": lambda n: n.modified_at,
    "size": lambda n: n.size,
}
"""The first key of each of ``LISTING_ORDERS``, descending."""
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def child_counts(tx: Tx, device: str, paths: list[str]) -> dict[str, int]:
    """How many live entries each of the directories ``paths`` holds (hidden ones too)."""
    if not paths:
        return {}
    rows = tx.all(
        "SELECT parent, count(*) AS n FROM file_node WHERE device = ? AND trashed_at IS NULL "
        f"AND parent IN ({', '.join('?' * len(paths))}) GROUP BY parent",
        device,
        *paths,
    )
    counts = {str(r["parent"]): int(r["n"]) for r in rows}
    return {path: counts.get(path, 0) for path in paths}


@dataclass(frozen=True)
class TextPage:
    """Some lines of a file: ``text`` holds lines ``first_line`` to ``last_line`` (1-based) of ``total_lines``."""

    node: FileNode
    has_text: bool
    text: str
    first_line: int
    last_line: int
    total_lines: int
    more: bool
    line_cut: bool

    @property
    def next_offset(self) -> int | None:
        return self.last_line if self.more else None


def read_lines(
    tx: Tx, device: str, path: str, offset: int = 0, limit: int = 200, max_chars: int = MAX_READ_CHARS
) -> TextPage:
    """Up to ``limit`` lines of a file after skipping ``offset`` lines, at most ``max_chars`` characters.

    A single line longer than ``max_chars`` is cut (``line_cut``). A file without text (a photo) gives a
    page with ``has_text`` false and no lines.
    """
    if offset < 0:
        raise InvalidArgument(f"offset {offset} is negative; give the number of lines to skip, 0 or more")
    if limit < 1:
        raise InvalidArgument(f"limit {limit} is less than 1; give how many lines to read, 1 or more")
    node = read_node(tx, device, path)
    if node.is_dir:
        raise InvalidArgument(
            f"{node.path!r} on device {device!r} is a directory, not a file; list its contents instead"
        )
    if not has_text(node):
        return TextPage(node, False, "", 0, 0, 0, False, False)
    lines = split_lines(node.content)
    if offset > 0 and offset >= len(lines):
        raise InvalidArgument(
            f"offset {offset} is past the end of {node.path!r}, which has {len(lines)} lines; "
            f"use an offset from 0 to {max(len(lines) - 1, 0)}"
        )
    chosen, line_cut = _within(lines[offset : offset + limit], max_chars)
    if not chosen:
        return TextPage(node, True, "", 0, 0, 0, False, False)
    last = offset + len(chosen)
    return TextPage(node, True, "".join(chosen), offset + 1, last, len(lines), last < len(lines), line_cut)


def _within(lines: list[str], max_chars: int) -> tuple[list[str], bool]:
    """The leading lines that fit in ``max_chars`` (a first line that does not fit is cut to it)."""
    chosen: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) > max_chars:
            if not chosen:
                return [line[:max_chars]], True
            break
        chosen.append(line)
        used += len(line)
    return chosen, False


def _sql_int(value: int) -> int:
    """A page bound SQLite can take (its integers are 64-bit)."""
    return min(max(value, 0), _MAX_SQL_INT)


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _check_glob(name_glob: str) -> str:
    if not is_unicode_text(name_glob):
        raise InvalidArgument(f"name pattern {name_glob!r} holds a lone surrogate, which is not text")
    if "/" in name_glob:
        raise InvalidArgument(
            f"name pattern {name_glob!r} holds a '/'; it matches file names only, e.g. '*.pdf' "
            "(give the folder to search in separately)"
        )
    return name_glob.lower()


def search_nodes(
    tx: Tx,
    device: str,
    *,
    name_glob: str = "",
    query: str = "",
    directory: str = "/",
    include_hidden: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> list[FileNode]:
    """Live files and directories under ``directory``, newest modified first, matching both filters.

    ``name_glob`` is a shell pattern matched against the name in any case (``*.pdf``, ``IMG_2026*``).
    Every word of ``query`` must occur (as a word prefix) in the name, the text or a photo's details.
    """
    scope = directory_or_error(tx, device, directory)
    prefix = scope.rstrip("/") + "/"
    where = ["device = ?", "trashed_at IS NULL", "substr(path, 1, ?) = ?"]
    params: list[object] = [device, len(prefix), prefix]
    if not include_hidden:
        where.append("substr(path, ?) NOT LIKE '.%' AND substr(path, ?) NOT LIKE '%/.%'")
        params += [len(prefix) + 1, len(prefix) + 1]
    if name_glob:
        where.append("lower(name) GLOB ?")
        params.append(_check_glob(name_glob))
    if not is_unicode_text(query):
        raise InvalidArgument(f"query {query!r} holds a lone surrogate, which is not text")
    for word in query.split():
        where.append(
            "(rowid IN (SELECT rowid FROM file_fts WHERE file_fts MATCH ?) OR EXISTS "
            "(SELECT 1 FROM json_each(file_metadata) WHERE value LIKE ? ESCAPE '\\'))"
        )
        params += [fts_word(word), _like_pattern(word)]
    rows = tx.all(
        f"SELECT * FROM file_node WHERE {' AND '.join(where)} "
        "ORDER BY modified_at DESC, path LIMIT ? OFFSET ?",
        *params,
        _sql_int(limit),
        _sql_int(offset),
    )
    return [tx.model(FileNode, r) for r in rows]


def first_match(node: FileNode, query: str) -> tuple[int | None, str] | None:
    """Where a word of ``query`` first occurs in ``node``: a line number and the text around the word,
    or no number and the photo detail (``place: Tiergarten``) that holds it; None if only the name does."""
    words = [w.lower() for w in query.split()]
    if not words:
        return None
    for number, line in enumerate(node.content.split("\n"), start=1):
        lowered = line.lower()
        hits = [at for at in (lowered.find(w) for w in words) if at >= 0]
        if hits:
            start = max(min(hits) - SNIPPET_CHARS // 4, 0)
            excerpt = line[start : start + SNIPPET_CHARS].strip()
            return number, ("…" if start else "") + excerpt + (
                "…" if start + SNIPPET_CHARS < len(line) else ""
            )
    for key, value in node.file_metadata.items():
        if any(w in value.lower() for w in words):
            return None, f"{key}: {value}"
    return None


def trash_entries(tx: Tx, device: str) -> list[FileNode]:
    """What is in the device's trash, most recently deleted first (a directory stands for its contents)."""
    device_or_error(tx, device)
    trashed = tx.select(FileNode, "device = ? AND trashed_at IS NOT NULL", device)
    held = {(n.trash_id, n.original_path) for n in trashed}
    roots = [n for n in trashed if (n.trash_id, split_path(n.original_path)[0]) not in held]
    return sorted(roots, key=lambda n: (-trash_number(n), n.original_path))


def trashed_contents(tx: Tx, node: FileNode) -> int:
    """How many files and directories went to the trash inside the trashed directory ``node``."""
    prefix = node.original_path + "/"
    return int(
        tx.scalar(
            "SELECT count(*) FROM file_node WHERE device = ? AND trash_id = ? AND trashed_at IS NOT NULL "
            "AND substr(original_path, 1, ?) = ?",
            node.device,
            node.trash_id,
            len(prefix),
            prefix,
        )
    )


def live_or_trashed(tx: Tx, device: str, path: str) -> FileNode:
    """The live node at ``path``, else the one most recently deleted from there; NotFound if neither."""
    where = normalize_path(tx, device, path)
    node = find_node(tx, device, where)
    if node is not None:
        return node
    trashed = tx.select(
        FileNode, "device = ? AND trashed_at IS NOT NULL AND original_path = ?", device, where
    )
    if trashed:
        return max(trashed, key=trash_number)
    return read_node(tx, device, where)


def devices(tx: Tx) -> list[Device]:
    """The user's devices, each with its own file tree, in the order they were added."""
    return tx.select(Device, order="rowid")
