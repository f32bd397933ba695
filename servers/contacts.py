"""The contacts service: the user's address book as an MCP server."""

from __future__ import annotations

from typing import Annotated

from mcp.server import MCPServer
from pydantic import BaseModel, Field

from servers._base import (
    Ctx,
    Deleted,
    Page,
    ServiceState,
    ToolRegistry,
    page_bounds,
    page_of,
    reading,
    service_server,
    writing,
)
from state import contacts
from state.clock import local_iso
from state.db import Tx
from state.world import World

INSTRUCTIONS = (
    "The user's address book: people with their email addresses, phone numbers, chat handles, "
    "organisation, role, relationship to the user and notes. Contact ids look like 'contact_12'."
)

tool = ToolRegistry()

ContactId = Annotated[str, Field(description="A contact id from search_contacts, e.g. 'contact_12'.")]


class ContactInfo(BaseModel):
    """A person in the address book."""

    id: str
    name: str
    emails: list[str]
    phones: list[str]
    chat_handles: dict[str, str] = Field(description="Chat workspace id -> the person's handle there.")
    organization: str
    role: str
    relationship: str = Field(description="What the person is to the user: manager, friend, sister, ...")
    birthday: str = Field(description="YYYY-MM-DD, --MM-DD when the year is unknown, or empty.")
    notes: str
    favorite: bool
    updated_at: str = Field(description="ISO 8601 with the user's UTC offset.")


def _info(tx: Tx, contact_id: str) -> ContactInfo:
    contact, points = contacts.get_contact(tx, contact_id)
    return ContactInfo(
        id=contact.id,
        name=contact.name,
        emails=[p.value for p in points if p.kind == "email"],
        phones=[p.value for p in points if p.kind == "phone"],
        chat_handles={p.label: p.value for p in points if p.kind == "handle"},
        organization=contact.organization,
        role=contact.role,
        relationship=contact.relationship,
        birthday=contact.birthday,
        notes=contact.notes,
        favorite=contact.favorite,
        updated_at=local_iso(contact.updated_at, tx.tz),
    )


@tool(read_only=True)
async def search_contacts(
    ctx: Ctx,
    query: Annotated[
        str,
        Field(
            description="Words to find in a name, organisation, role, notes, email, phone or handle; empty lists everyone."
        ),
    ] = "",
    limit: Annotated[int, Field(description="How many contacts per page (1-100).")] = 20,
    cursor: Annotated[str | None, Field(description="next_cursor of the previous page.")] = None,
) -> Page[ContactInfo]:
    """Find people in the user's address book, sorted by name. Every word of the query must match
    somewhere (any case): "jonas lumen" finds Jonas who works at Lumen."""
    size, offset = page_bounds(limit, cursor)
    async with reading(ctx) as tx:
        found = contacts.search_contacts(tx, query, limit=size + 1, offset=offset)
        items, next_cursor = page_of([_info(tx, c.id) for c in found], size, offset)
    return Page[ContactInfo](items=items, next_cursor=next_cursor)


@tool(read_only=True)
async def get_contact(ctx: Ctx, contact_id: ContactId) -> ContactInfo:
    """Everything the address book knows about one person."""
    async with reading(ctx) as tx:
        return _info(tx, contact_id)


@tool()
async def create_contact(
    ctx: Ctx,
    name: Annotated[str, Field(description="The person's full name.")],
    emails: list[str] | None = None,
    phones: Annotated[list[str] | None, Field(description="Phone numbers, e.g. '+49 151 2345678'.")] = None,
    chat_handles: Annotated[
        dict[str, str] | None, Field(description="Chat workspace id -> the person's handle there.")
    ] = None,
    organization: str = "",
    role: str = "",
    relationship: str = "",
    birthday: Annotated[str, Field(description="YYYY-MM-DD or --MM-DD.")] = "",
    notes: str = "",
) -> ContactInfo:
    """Add a person to the address book; returns the new contact with its id."""
    async with writing(ctx) as tx:
        contact = await contacts.add_contact(
            tx,
            name=name,
            emails=emails,
            phones=phones,
            handles=chat_handles,
            organization=organization,
            role=role,
            relationship=relationship,
            birthday=birthday,
            notes=notes,
        )
        return _info(tx, contact.id)


@tool(idempotent=True)
async def update_contact(
    ctx: Ctx,
    contact_id: ContactId,
    name: str | None = None,
    organization: str | None = None,
    role: str | None = None,
    relationship: str | None = None,
    birthday: str | None = None,
    notes: Annotated[
        str | None, Field(description="Replaces the notes; read them first to add to them.")
    ] = None,
    favorite: bool | None = None,
    add_emails: list[str] | None = None,
    remove_emails: list[str] | None = None,
    add_phones: list[str] | None = None,
    remove_phones: list[str] | None = None,
    chat_handles: Annotated[
        dict[str, str] | None, Field(description="Workspace id -> handle to set; an empty handle removes it.")
    ] = None,
) -> ContactInfo:
    """Change a contact: fields left out (null) stay as they are. Returns the contact as it is now."""
    async with writing(ctx) as tx:
        await contacts.update_contact(
            tx,
            contact_id=contact_id,
            name=name,
            organization=organization,
            role=role,
            relationship=relationship,
            birthday=birthday,
            notes=notes,
            favorite=favorite,
            add_emails=add_emails,
            remove_emails=remove_emails,
            add_phones=add_phones,
            remove_phones=remove_phones,
            handles=chat_handles,
        )
        return _info(tx, contact_id)


@tool(destructive=True)
async def delete_contact(ctx: Ctx, contact_id: ContactId) -> Deleted:
    """Remove a person from the address book for good (their mail and chats stay)."""
    async with writing(ctx) as tx:
        await contacts.delete_contact(tx, contact_id=contact_id)
    return Deleted(id=contact_id, deleted=True)


def create_server(world: World) -> MCPServer[ServiceState]:
    """The contacts MCP server over ``world``."""
    return service_server("contacts", world, INSTRUCTIONS, tool)
