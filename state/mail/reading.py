"""Reading mail: search with filters (newest first), folders with their counts, threads, snippets.

Reads do not change the world, so they are plain functions of a transaction, not registered operations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from state.clock import to_db
from state.db import Row, Tx, fts_query
from state.errors import NotFound
from state.mail._lookup import account_or_error, folder_or_error, folders_of, message_or_error
from state.mail.tables import MailFolder, MailMessage

MAX_LIMIT = 200
SNIPPET = 120
Clause = tuple[str, list[object]]
_QUOTE_HEADER = re.compile(r"^On .{4,80} wrote:$")
_FORWARD_HEADER = "---------- Forwarded message ---------"


def search_emails(
    tx: Tx,
    query: str = "",
    *,
    folder: str | None = None,
    account: str | None = None,
    from_address: str | None = None,
    to_address: str | None = None,
    after: datetime | None = None,
    before: datetime | None = None,
    has_attachment: bool | None = None,
    unread: bool | None = None,
    flagged: bool | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[MailMessage]:
    """Mails matching all the given filters, newest first.

    ``query`` searches subject, body and sender; ``folder`` without ``account`` means that folder in
    every account that has it; ``from_address`` and ``to_address`` match part of an address or name
    (``to_address`` also looks in Cc and Bcc); ``after`` is inclusive, ``before`` exclusive.
    """
    clauses = [
        _text(query),
        _place(tx, folder, account),
        _sender(from_address),
        _recipient(to_address),
        _sent_between(after, before),
        _attachment(has_attachment),
        _flag("seen", None if unread is None else not unread),
        _flag("flagged", flagged),
    ]
    where = [c for c in clauses if c is not None]
    sql = (
        f"SELECT m.* FROM mail_message m WHERE {' AND '.join(w[0] for w in where) or '1'} "
        "ORDER BY m.sent_at DESC, m.rowid DESC LIMIT ? OFFSET ?"
    )
    params = [p for w in where for p in w[1]]
    rows = tx.all(sql, *params, min(max(limit, 1), MAX_LIMIT), max(offset, 0))
    return [tx.model(MailMessage, r) for r in rows]


def _text(query: str) -> Clause | None:
    match = fts_query(query)
    if not match:
        return None
    return "m.rowid IN (SELECT rowid FROM mail_fts WHERE mail_fts MATCH ?)", [match]


def _place(tx: Tx, folder: str | None, account: str | None) -> Clause | None:
    if folder is None:
        return None if account is None else ("m.account_id = ?", [account_or_error(tx, account).id])
    ids = [f.id for f in folders_named(tx, folder, account)]
    return f"m.folder_id IN ({', '.join('?' * len(ids))})", list(ids)


def folders_named(tx: Tx, folder: str, account: str | None = None) -> list[MailFolder]:
    """The folder ``folder`` (id, name or role) of ``account``, or of every account that has one."""
    if account is not None:
        return [folder_or_error(tx, account_or_error(tx, account), folder)]
    key = folder.strip()
    # Per account, a folder by id or name wins over one by role (as folder_or_error decides).
    rows = tx.all(
        "SELECT f.*, (f.id = ? OR lower(f.name) = lower(?)) AS by_name FROM mail_folder f "
        "JOIN mail_account a ON a.id = f.account_id "
        "WHERE f.id = ? OR lower(f.name) = lower(?) OR (f.role != '' AND f.role = lower(?)) "
        "ORDER BY a.rowid, by_name DESC, f.rowid",
        key,
        key,
        key,
        key,
        key,
    )
    chosen: dict[str, Row] = {}
    for row in rows:
        chosen.setdefault(row["account_id"], row)
    found = [tx.model(MailFolder, {k: v for k, v in r.items() if k != "by_name"}) for r in chosen.values()]
    if not found:
        names = sorted({f.name for f in tx.select(MailFolder)})
        raise NotFound(f"folder {folder!r} does not exist in any mail account; folders: {', '.join(names)}")
    return found


def _sender(from_address: str | None) -> Clause | None:
    if not from_address or not from_address.strip():
        return None
    part = from_address.strip()
    return "(m.from_address LIKE ? OR m.from_name LIKE ?)", [f"%{part.lower()}%", f"%{part}%"]


def _recipient(to_address: str | None) -> Clause | None:
    if not to_address or not to_address.strip():
        return None
    columns = ("to_addresses", "cc_addresses", "bcc_addresses")
    tests = [f"EXISTS (SELECT 1 FROM json_each(m.{c}) WHERE value LIKE ?)" for c in columns]
    return f"({' OR '.join(tests)})", [f"%{to_address.strip().lower()}%"] * len(columns)


def _sent_between(after: datetime | None, before: datetime | None) -> Clause | None:
    where: list[str] = []
    params: list[object] = []
    if after is not None:
        where.append("m.sent_at >= ?")
        params.append(to_db(after))
    if before is not None:
        where.append("m.sent_at < ?")
        params.append(to_db(before))
    return (" AND ".join(where), params) if where else None


def _attachment(has_attachment: bool | None) -> Clause | None:
    if has_attachment is None:
        return None
    exists = "EXISTS (SELECT 1 FROM mail_attachment a WHERE a.message_id = m.id)"
    return (exists if has_attachment else f"NOT {exists}"), []


def _flag(column: str, value: bool | None) -> Clause | None:
    return None if value is None else (f"m.{column} = ?", [int(value)])


@dataclass(frozen=True)
class FolderCounts:
    """A folder with how many mails it holds and how many of them are unread."""

    folder: MailFolder
    total: int
    unread: int


def folder_counts(tx: Tx, account_id: str) -> list[FolderCounts]:
    """Every folder of an account in the order they were made (the standard ones first), with counts."""
    counts = {
        r["folder_id"]: (r["total"], r["unread"])
        for r in tx.all(
            "SELECT folder_id, COUNT(*) AS total, SUM(seen = 0) AS unread FROM mail_message "
            "WHERE account_id = ? GROUP BY folder_id",
            account_id,
        )
    }
    return [FolderCounts(f, *counts.get(f.id, (0, 0))) for f in folders_of(tx, account_id)]


def thread_messages(tx: Tx, thread_id: str) -> list[MailMessage]:
    """Every mail of a thread, oldest first; a mail id (``msg_...``) stands for its thread."""
    key = thread_id.strip()
    if key.startswith("msg_"):
        key = message_or_error(tx, key).thread_id
    found = tx.select(MailMessage, "thread_id = ?", key, order="sent_at, rowid")
    if not found:
        raise NotFound(
            f"mail thread {thread_id!r} does not exist; thread ids look like 'thr_7' and come with every mail"
        )
    return found


def folder_names(tx: Tx) -> dict[str, str]:
    """Folder id -> its name, for every folder."""
    return {r["id"]: r["name"] for r in tx.all("SELECT id, name FROM mail_folder")}


def account_addresses(tx: Tx) -> dict[str, str]:
    """Account id -> its address."""
    return {r["id"]: r["address"] for r in tx.all("SELECT id, address FROM mail_account")}


def attachment_counts(tx: Tx, message_ids: Iterable[str]) -> dict[str, int]:
    """How many attachments each of the mails has (mails without any are left out)."""
    ids = list(message_ids)
    if not ids:
        return {}
    rows = tx.all(
        "SELECT message_id, COUNT(*) AS n FROM mail_attachment "
        f"WHERE message_id IN ({', '.join('?' * len(ids))}) GROUP BY message_id",
        *ids,
    )
    return {r["message_id"]: r["n"] for r in rows}


def snippet(body: str, size: int = SNIPPET) -> str:
    """The start of a mail's own text on one line, without the quoted mail it answers or forwards,
    cut at a word with "…" when longer than ``size``."""
    own: list[str] = []
    for line in body.splitlines():
        text = line.strip()
        if text == _FORWARD_HEADER or _QUOTE_HEADER.match(text):
            break
        if not text.startswith(">"):
            own.append(text)
    flat = " ".join(" ".join(own).split())
    if not flat:
        flat = " ".join(body.split())
    if len(flat) <= size:
        return flat
    return flat[:size].rsplit(" ", 1)[0] + "…"
