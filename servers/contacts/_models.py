"""What the contacts tools return, and how it is built from the world's rows."""

from __future__ import annotations

from pydantic import BaseModel, Field

from state import contacts
from state.clock import local_iso
from state.db import Tx


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


def contact_info(tx: Tx, contact_id: str) -> ContactInfo:
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
