"""Contacts: the people in the user's life, with their addresses, numbers and chat handles."""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Contact(SQLModel, table=True):
    """A person in the user's address book."""

    __tablename__ = "contact"
    id: str = Field(primary_key=True)
    name: str = Field(index=True)
    organization: str = ""
    role: str = ""
    relationship: str = ""
    birthday: str = ""
    notes: str = ""
    favorite: bool = False
    created_at: str
    updated_at: str


class ContactPoint(SQLModel, table=True):
    """One way to reach a contact: an email address, a phone number or a chat handle."""

    __tablename__ = "contact_point"
    id: str = Field(primary_key=True)
    contact_id: str = Field(foreign_key="contact.id", index=True)
    kind: str  # email | phone | handle
    label: str = ""  # work, home, mobile, or the chat workspace id for a handle
    value: str = Field(index=True)
