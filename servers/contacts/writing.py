"""Contacts tools that change the world: adding, changing and removing people."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from servers._base import Ctx, Deleted, writing
from servers.contacts._args import ContactId, tool
from servers.contacts._models import ContactInfo, contact_info
from state import contacts


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
        contact = await contacts.create_contact(
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
        return contact_info(tx, contact.id)


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
        return contact_info(tx, contact_id)


@tool(destructive=True)
async def delete_contact(ctx: Ctx, contact_id: ContactId) -> Deleted:
    """Remove a person from the address book for good (their mail and chats stay)."""
    async with writing(ctx) as tx:
        await contacts.delete_contact(tx, contact_id=contact_id)
    return Deleted(id=contact_id, deleted=True)
