"""Reading mail: full-text search with filters, newest first.

Reads do not change the world, so they are plain functions of a transaction, not registered operations.
"""

from __future__ import annotations

from datetime import datetime

from state.clock import to_db
from state.db import Tx
from state.mail._lookup import account_or_error, folder_or_error
from state.mail.tables import MailAccount, MailMessage

MAX_LIMIT = 200


def fts_query(text: str) -> str:
    """Free text as an FTS5 query: every word must match (as a prefix), no FTS syntax can leak in."""
    words = [w for w in text.replace('"', " ").split() if w]
    return " ".join(f'"{w}"*' for w in words)


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
    limit: int = 20,
    offset: int = 0,
) -> list[MailMessage]:
    """Mails matching all the given filters, newest first. ``query`` searches subject, body and sender."""
    where: list[str] = []
    params: list[object] = []
    match = fts_query(query)
    if match:
        where.append("m.rowid IN (SELECT rowid FROM mail_fts WHERE mail_fts MATCH ?)")
        params.append(match)
    if folder is not None:
        owners = [account_or_error(tx, account)] if account else tx.select(MailAccount, order="rowid")
        ids = [folder_or_error(tx, owner, folder).id for owner in owners]
        where.append(f"m.folder_id IN ({', '.join('?' * len(ids))})")
        params += ids
    elif account is not None:
        where.append("m.account_id = ?")
        params.append(account_or_error(tx, account).id)
    if from_address:
        where.append("(m.from_address LIKE ? OR m.from_name LIKE ?)")
        params += [f"%{from_address.lower()}%", f"%{from_address}%"]
    if to_address:
        where.append(
            "(EXISTS (SELECT 1 FROM json_each(m.to_addresses) WHERE value LIKE ?) "
            "OR EXISTS (SELECT 1 FROM json_each(m.cc_addresses) WHERE value LIKE ?))"
        )
        params += [f"%{to_address.lower()}%"] * 2
    if after is not None:
        where.append("m.sent_at >= ?")
        params.append(to_db(after))
    if before is not None:
        where.append("m.sent_at < ?")
        params.append(to_db(before))
    if has_attachment is not None:
        exists = "EXISTS (SELECT 1 FROM mail_attachment a WHERE a.message_id = m.id)"
        where.append(exists if has_attachment else f"NOT {exists}")
    sql = (
        f"SELECT m.* FROM mail_message m WHERE {' AND '.join(where) or '1'} "
        "ORDER BY m.sent_at DESC, m.rowid DESC LIMIT ? OFFSET ?"
    )
    rows = tx.all(sql, *params, min(max(limit, 1), MAX_LIMIT), max(offset, 0))
    return [tx.model(MailMessage, r) for r in rows]
