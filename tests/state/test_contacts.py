"""The contacts service: adding, changing and removing people, and finding them by address."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from state.contacts import Contact, contact_name, contact_names, contact_points, find_contact_by_email
from state.db import Tx
from state.errors import InvalidArgument, NotFound
from state.world import World

JONAS: dict[str, Any] = {
    "name": "Jonas Weber",
    "emails": ["Jonas Weber <Jonas@Acme.com>", "jonas.weber@gmail.com", "JONAS@acme.com"],
    "phones": ["+49 170 1234567"],
    "handles": {"ws_1": "jonas"},
    "organization": "Acme",
    "birthday": "1988-04-12",
}


def read(world: World) -> Tx:
    return Tx(world.conn, world.now, ZoneInfo("Europe/Berlin"))


def points(world: World, contact_id: str) -> list[tuple[str, str, str]]:
    return [(p.kind, p.label, p.value) for p in contact_points(read(world), contact_id)]


@pytest.mark.anyio
async def test_add_contact_stores_addresses_lower_case_once_with_numbers_and_handles(world: World) -> None:
    contact = await world.apply("contacts.create_contact", JONAS)
    assert isinstance(contact, Contact)
    assert (contact.id, contact.name, contact.organization) == ("contact_1", "Jonas Weber", "Acme")
    assert contact.created_at == contact.updated_at == "2026-03-02T08:00:00Z"
    assert points(world, contact.id) == [
        ("email", "", "jonas@acme.com"),
        ("email", "", "jonas.weber@gmail.com"),
        ("phone", "", "+49 170 1234567"),
        ("handle", "ws_1", "jonas"),
    ]


@pytest.mark.anyio
async def test_contact_ids_are_sequential_and_the_same_in_every_replay(world: World) -> None:
    first, second = world.clone(), world.clone()
    for w in (first, second):
        ids = [(await w.apply("contacts.create_contact", {"name": n})).id for n in ("Ana", "Bo", "Cy")]
        assert ids == ["contact_1", "contact_2", "contact_3"]
    assert first.content_hash() == second.content_hash()


@pytest.mark.anyio
async def test_find_contact_by_email_ignores_case_and_display_names(world: World) -> None:
    await world.apply("contacts.create_contact", {"name": "Ana Souza", "emails": ["ana@acme.com"]})
    jonas = await world.apply("contacts.create_contact", JONAS)
    tx = read(world)
    found = find_contact_by_email(tx, "J. Weber <JONAS.WEBER@gmail.com>")
    assert found is not None
    assert found.id == jonas.id
    assert find_contact_by_email(tx, "nobody@acme.com") is None


@pytest.mark.anyio
async def test_contact_name_knows_contacts_and_the_user_and_nobody_else(world: World) -> None:
    await world.apply("contacts.create_contact", JONAS)
    tx = read(world)
    assert contact_name(tx, "jonas@ACME.com") == "Jonas Weber"
    assert contact_name(tx, "Maya@Lumen.io") == "Maya Lin"
    assert contact_name(tx, "stranger@example.com") == ""


@pytest.mark.anyio
async def test_contact_names_of_many_addresses_agree_with_contact_name_one_by_one(world: World) -> None:
    await world.apply("contacts.create_contact", JONAS)
    await world.apply("contacts.create_contact", {"name": "Jonas Twin", "emails": ["jonas@acme.com"]})
    tx = read(world)
    addresses = [
        "jonas@ACME.com",
        "Jonas W <jonas.weber@gmail.com>",
        "(work) jonas@acme.com",
        "Maya@Lumen.io",
        "stranger@example.com",
        "a,jonas@acme.com",
        "",
    ]
    names = contact_names(tx, addresses)
    assert names == {a: contact_name(tx, a) for a in addresses}
    assert names["jonas@ACME.com"] == names["(work) jonas@acme.com"] == "Jonas Weber"  # the earliest added
    assert names["Maya@Lumen.io"] == "Maya Lin"


@pytest.mark.anyio
async def test_update_contact_changes_only_what_is_given_and_stamps_updated_at(world: World) -> None:
    contact = await world.apply("contacts.create_contact", JONAS)
    world.set_clock(world.now + timedelta(hours=2))
    updated = await world.apply(
        "contacts.update_contact", {"contact_id": contact.id, "role": "CTO", "favorite": True, "notes": ""}
    )
    assert (updated.name, updated.organization, updated.birthday) == ("Jonas Weber", "Acme", "1988-04-12")
    assert (updated.role, updated.favorite) == ("CTO", True)
    assert updated.created_at == "2026-03-02T08:00:00Z"
    assert updated.updated_at == "2026-03-02T10:00:00Z"


@pytest.mark.anyio
async def test_update_contact_adds_and_removes_emails_phones_and_handles(world: World) -> None:
    contact = await world.apply("contacts.create_contact", JONAS)
    await world.apply(
        "contacts.update_contact",
        {
            "contact_id": contact.id,
            "remove_emails": ["JONAS@acme.com"],
            "add_emails": ["jonas@acme.de"],
            "remove_phones": ["+491701234567"],
            "add_phones": ["030 123 456"],
            "handles": {"ws_1": "", "ws_2": "jweber"},
        },
    )
    assert points(world, contact.id) == [
        ("email", "", "jonas.weber@gmail.com"),
        ("email", "", "jonas@acme.de"),
        ("phone", "", "030 123 456"),
        ("handle", "ws_2", "jweber"),
    ]


@pytest.mark.anyio
async def test_removing_an_email_the_contact_lacks_lists_its_emails_and_changes_nothing(world: World) -> None:
    contact = await world.apply("contacts.create_contact", JONAS)
    before = world.diff()
    with pytest.raises(NotFound, match=r"has no email 'old@acme.com'; emails: jonas@acme.com, jonas.weber"):
        await world.apply(
            "contacts.update_contact",
            {"contact_id": contact.id, "name": "Renamed", "remove_emails": ["old@acme.com"]},
        )
    assert world.diff() == before


@pytest.mark.anyio
async def test_delete_contact_removes_the_contact_and_every_way_to_reach_it(world: World) -> None:
    contact = await world.apply("contacts.create_contact", JONAS)
    assert await world.apply("contacts.delete_contact", {"contact_id": contact.id}) is None
    assert world.counts()["contact"] == 0
    assert world.counts()["contact_point"] == 0
    assert world.diff().empty


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("op", "args"),
    [
        ("contacts.update_contact", {"contact_id": "contact_99", "name": "X"}),
        ("contacts.delete_contact", {"contact_id": "contact_99"}),
    ],
)
async def test_an_unknown_contact_id_is_not_found_and_named(
    world: World, op: str, args: dict[str, Any]
) -> None:
    with pytest.raises(NotFound, match="contact 'contact_99' does not exist"):
        await world.apply(op, args)
    assert world.diff().empty


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"name": "  "}, "contact name '  ' is empty"),
        ({"name": "Bo", "emails": ["bo at acme"]}, "email 'bo at acme' is not an email address"),
        ({"name": "Bo", "phones": ["call me"]}, "phone 'call me' is not a phone number"),
        (
            {"name": "Bo", "birthday": "12.04.1988"},
            r"birthday '12.04.1988' is not a date; expected YYYY-MM-DD",
        ),
        ({"name": "Bo", "handles": {" ": "bo"}}, "workspace id ' ' is empty"),
    ],
)
async def test_invalid_contact_details_are_refused_naming_the_value(
    world: World, args: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidArgument, match=message):
        await world.apply("contacts.create_contact", args)
    assert world.diff().empty


@pytest.mark.anyio
async def test_a_birthday_without_a_year_is_accepted(world: World) -> None:
    contact = await world.apply("contacts.create_contact", {"name": "Bo", "birthday": "--04-12"})
    assert contact.birthday == "--04-12"
