# pyright: reportIncompatibleVariableOverride=false
# (SQLModel types __tablename__ as a declared_attr; a table names itself with a plain string)
"""Contacts: the people in the user's life, with their addresses, numbers and chat handles."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from email.utils import getaddresses, parseaddr
from typing import ClassVar

from sqlmodel import Field, SQLModel

from state.core import UserProfile
from state.db import Tx, build
from state.errors import InvalidArgument, NotFound
from state.ops import operation


class Contact(SQLModel, table=True):
    """A person in the user's address book."""

    __tablename__: ClassVar[str] = "contact"
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

    __tablename__: ClassVar[str] = "contact_point"
    id: str = Field(primary_key=True)
    contact_id: str = Field(foreign_key="contact.id", index=True)
    kind: str  # email | phone | handle
    label: str = ""  # work, home, mobile, or the chat workspace id for a handle
    value: str = Field(index=True)


_EMAIL = re.compile(r"[^@\s<>(),;:\"\[\]]+@[^@\s<>(),;:\"\[\]]+\.[^@\s<>(),;:\"\[\].]+")
_PHONE = re.compile(r"\+?[0-9 ()./-]+")
_BIRTHDAY = re.compile(r"(\d{4}|-)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")


def parse_address(value: str, *, field: str = "address") -> tuple[str, str]:
    """The display name and the lower-case address of ``"Name <addr>"`` or ``"addr"`` (one address only)."""
    found = getaddresses([value.strip()])
    name, address = found[0] if len(found) == 1 else ("", "")
    address = address.strip().lower()
    if not _EMAIL.fullmatch(address):
        raise InvalidArgument(
            f"{field} {value!r} is not an email address; expected one address such as "
            "'jonas@acme.com' or 'Jonas Weber <jonas@acme.com>'"
        )
    return name.strip(), address


def parse_addresses(values: Iterable[str], *, field: str) -> list[str]:
    """Lower-case addresses in the order given, each once."""
    found: list[str] = []
    for value in values:
        address = parse_address(value, field=field)[1]
        if address not in found:
            found.append(address)
    return found


def find_contact_by_email(tx: Tx, address: str) -> Contact | None:
    """The contact with email ``address`` (the earliest added, if several share it), or None."""
    key = _address_key(address)
    found = tx.select(
        Contact,
        "id IN (SELECT contact_id FROM contact_point WHERE kind = 'email' AND value = ?)",
        key,
        order="rowid",
    )
    return found[0] if found else None


def contact_name(tx: Tx, address: str) -> str:
    """The name ``address`` goes by: its contact's, the user's own for the user's addresses, else ""."""
    found = find_contact_by_email(tx, address)
    if found is not None:
        return found.name
    key = _address_key(address)
    me = tx.get(UserProfile, "me")
    if me is None:
        return ""
    mine = tx.scalar("SELECT 1 FROM mail_account WHERE address = ?", key)
    return me.name if mine or key == me.email.lower() else ""


_BARE_ADDRESS = re.compile(r"[^\s<>\"(),;:\\\[\]]+")


def _address_key(address: str) -> str:
    """The bare lower-case address of ``address`` or ``Name <address>``."""
    bare = address.strip()
    if _BARE_ADDRESS.fullmatch(bare):
        return bare.lower()  # stored addresses are bare: skip the parser (~40 µs an address)
    return (parseaddr(address)[1] or address).strip().lower()


def contact_names(tx: Tx, addresses: Iterable[str]) -> dict[str, str]:
    """``contact_name`` of many addresses at once (two queries): address -> name, "" when unknown."""
    keys = {address: _address_key(address) for address in set(addresses)}
    wanted = sorted(set(keys.values()))
    if not wanted:
        return {}
    names: dict[str, str] = {}
    for row in tx.all(
        "SELECT p.value, c.name FROM contact_point p JOIN contact c ON c.id = p.contact_id "
        f"WHERE p.kind = 'email' AND p.value IN ({', '.join('?' * len(wanted))}) ORDER BY c.rowid",
        *wanted,
    ):
        names.setdefault(row["value"], row["name"])
    me = tx.get(UserProfile, "me")
    if me is not None:
        own = {r["address"] for r in tx.all("SELECT address FROM mail_account")} | {me.email.lower()}
        for key in own & set(wanted):
            names.setdefault(key, me.name)
    return {address: names.get(key, "") for address, key in keys.items()}


@operation("contacts")
async def create_contact(
    tx: Tx,
    name: str,
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    handles: dict[str, str] | None = None,
    organization: str = "",
    role: str = "",
    relationship: str = "",
    birthday: str = "",
    notes: str = "",
    favorite: bool = False,
) -> Contact:
    """Add a person to the address book; ``handles`` maps a chat workspace id to their handle there."""
    contact = build(Contact)(
        id=tx.new_id("contact"),
        name=_checked_name(name),
        organization=organization.strip(),
        role=role.strip(),
        relationship=relationship.strip(),
        birthday=_checked_birthday(birthday),
        notes=notes,
        favorite=favorite,
        created_at=tx.now_db,
        updated_at=tx.now_db,
    )
    tx.insert(contact)
    _add_emails(tx, contact.id, emails or [])
    _add_phones(tx, contact.id, phones or [])
    _set_handles(tx, contact.id, handles or {})
    return contact


@operation("contacts")
async def update_contact(
    tx: Tx,
    contact_id: str,
    name: str | None = None,
    organization: str | None = None,
    role: str | None = None,
    relationship: str | None = None,
    birthday: str | None = None,
    notes: str | None = None,
    favorite: bool | None = None,
    add_emails: list[str] | None = None,
    remove_emails: list[str] | None = None,
    add_phones: list[str] | None = None,
    remove_phones: list[str] | None = None,
    handles: dict[str, str] | None = None,
) -> Contact:
    """Change a contact; what is not given stays as it is. A handle set to "" is removed."""
    contact = _contact_or_error(tx, contact_id)
    changes: dict[str, str | bool] = {"updated_at": tx.now_db}
    if name is not None:
        changes["name"] = _checked_name(name)
    if birthday is not None:
        changes["birthday"] = _checked_birthday(birthday)
    for column, value in (("organization", organization), ("role", role), ("relationship", relationship)):
        if value is not None:
            changes[column] = value.strip()
    if notes is not None:
        changes["notes"] = notes
    if favorite is not None:
        changes["favorite"] = favorite
    _remove_points(
        tx, contact, "email", [parse_address(e, field="remove_emails")[1] for e in remove_emails or []]
    )
    _remove_points(tx, contact, "phone", [_phone_key(_checked_phone(p)) for p in remove_phones or []])
    _add_emails(tx, contact.id, add_emails or [])
    _add_phones(tx, contact.id, add_phones or [])
    _set_handles(tx, contact.id, handles or {})
    tx.update(Contact, contact.id, **changes)
    return _contact_or_error(tx, contact.id)


@operation("contacts")
async def delete_contact(tx: Tx, contact_id: str) -> None:
    """Remove a contact and every address, number and handle it had."""
    contact = _contact_or_error(tx, contact_id)
    tx.run("DELETE FROM contact_point WHERE contact_id = ?", contact.id)
    tx.delete(Contact, contact.id)


def contact_points(tx: Tx, contact_id: str, kind: str | None = None) -> list[ContactPoint]:
    """A contact's emails, phones and handles (of one ``kind`` if given), in the order they were added."""
    if kind is None:
        return tx.select(ContactPoint, "contact_id = ?", contact_id, order="rowid")
    return tx.select(ContactPoint, "contact_id = ? AND kind = ?", contact_id, kind, order="rowid")


def _contact_or_error(tx: Tx, contact_id: str) -> Contact:
    found = tx.get(Contact, contact_id)
    if found is None:
        raise NotFound(f"contact {contact_id!r} does not exist; contact ids look like 'contact_12'")
    return found


def _checked_name(name: str) -> str:
    if not name.strip():
        raise InvalidArgument(f"contact name {name!r} is empty; give the person's name, e.g. 'Jonas Weber'")
    return name.strip()


def _checked_birthday(birthday: str) -> str:
    value = birthday.strip()
    if value and not _BIRTHDAY.fullmatch(value):
        raise InvalidArgument(
            f"birthday {birthday!r} is not a date; expected YYYY-MM-DD, or --MM-DD when the year is unknown"
        )
    return value


def _checked_phone(phone: str) -> str:
    value = phone.strip()
    if not _PHONE.fullmatch(value) or sum(c.isdigit() for c in value) < 3:
        raise InvalidArgument(
            f"phone {phone!r} is not a phone number; expected digits with optional +, spaces, dashes, "
            "dots or parentheses, e.g. '+49 170 1234567'"
        )
    return value


def _phone_key(phone: str) -> str:
    """Numbers written differently ("+49 170 123", "+49170123") are the same number."""
    return ("+" if phone.startswith("+") else "") + "".join(c for c in phone if c.isdigit())


def _add_emails(tx: Tx, contact_id: str, emails: Iterable[str]) -> None:
    for address in parse_addresses(emails, field="email"):
        _add_point(tx, contact_id, "email", address, address)


def _add_phones(tx: Tx, contact_id: str, phones: Iterable[str]) -> None:
    for phone in phones:
        value = _checked_phone(phone)
        _add_point(tx, contact_id, "phone", _phone_key(value), value)


def _add_point(tx: Tx, contact_id: str, kind: str, key: str, value: str, label: str = "") -> None:
    point_id = f"{contact_id}/{kind}/{key}"
    if tx.get(ContactPoint, point_id) is None:
        tx.insert(
            build(ContactPoint)(id=point_id, contact_id=contact_id, kind=kind, label=label, value=value)
        )


def _set_handles(tx: Tx, contact_id: str, handles: Mapping[str, str]) -> None:
    for workspace, handle in handles.items():
        if not workspace.strip():
            raise InvalidArgument(
                f"handles: workspace id {workspace!r} is empty; map a workspace id to a handle"
            )
        point_id = f"{contact_id}/handle/{workspace.strip()}"
        tx.delete(ContactPoint, point_id)
        if handle.strip():
            _add_point(tx, contact_id, "handle", workspace.strip(), handle.strip(), label=workspace.strip())


def _remove_points(tx: Tx, contact: Contact, kind: str, keys: Iterable[str]) -> None:
    for key in keys:
        point_id = f"{contact.id}/{kind}/{key}"
        if tx.get(ContactPoint, point_id) is None:
            have = ", ".join(p.value for p in contact_points(tx, contact.id, kind)) or "none"
            raise NotFound(f"contact {contact.id} ({contact.name}) has no {kind} {key!r}; {kind}s: {have}")
        tx.delete(ContactPoint, point_id)


def search_contacts(tx: Tx, query: str = "", *, limit: int = 20, offset: int = 0) -> list[Contact]:
    """Contacts whose name, organisation, role, relationship, notes, address, number or handle
    contains every word of ``query`` (any case), by name; an empty query lists everyone."""
    where: list[str] = []
    params: list[object] = []
    for word in query.split():
        like = f"%{word}%"
        where.append(
            "(c.name LIKE ? OR c.organization LIKE ? OR c.role LIKE ? OR c.relationship LIKE ? "
            "OR c.notes LIKE ? OR EXISTS (SELECT 1 FROM contact_point p WHERE p.contact_id = c.id "
            "AND p.value LIKE ?))"
        )
        params += [like] * 6
    rows = tx.all(
        f"SELECT c.* FROM contact c WHERE {' AND '.join(where) or '1'} "
        "ORDER BY c.name COLLATE NOCASE, c.rowid LIMIT ? OFFSET ?",
        *params,
        limit,
        offset,
    )
    return [tx.model(Contact, row) for row in rows]


def get_contact(tx: Tx, contact_id: str) -> tuple[Contact, list[ContactPoint]]:
    """A contact and every way to reach them."""
    contact = _contact_or_error(tx, contact_id)
    return contact, contact_points(tx, contact.id)


TABLES = (Contact, ContactPoint)
OPERATIONS = (create_contact, update_contact, delete_contact)
