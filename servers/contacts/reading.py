"""Contacts tools that look: searching the address book and one person's entry."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from servers._args import ContactLimit, Cursor
from servers._base import Ctx, Page, page_bounds, page_of, reading
from servers.contacts._args import ContactId, tool
from servers.contacts._models import ContactInfo, contact_info
from state import contacts


@tool(read_only=True)
async def search_contacts(
    ctx: Ctx,
    query: Annotated[
        str,
        Field(
            description="Words to find in a name, organisation, role, notes, email, phone or handle; empty lists everyone."
        ),
    ] = "",
    limit: ContactLimit = 20,
    cursor: Cursor = None,
) -> Page[ContactInfo]:
    """Find people in the user's address book, sorted by name. Every word of the query must match
    somewhere (any case): "jonas lumen" finds Jonas who works at Lumen."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        found = contacts.search_contacts(tx, query, limit=size + 1, offset=offset)
        items, next_cursor = page_of([contact_info(tx, c.id) for c in found], size, offset)
    return Page[ContactInfo](items=items, next_cursor=next_cursor)


@tool(read_only=True)
async def get_contact(ctx: Ctx, contact_id: ContactId) -> ContactInfo:
    """Everything the address book knows about one person."""
    async with reading(ctx) as tx:
        return contact_info(tx, contact_id)
