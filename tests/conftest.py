from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from state.world import World

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def new_world() -> World:
    """An empty world with a user, a laptop and a phone, not yet tracking changes.

    Tests that need more (accounts, people) add it through operations, as history replay would.
    """
    w = World.create(now=NOW, timezone="Europe/Berlin", persona="test", seed=0, tracking=False)
    await w.apply("world.set_user", {"name": "Maya Lin", "email": "maya@lumen.io", "workplace": "Lumen"})
    for device, kind, home in (("laptop", "laptop", "/home/maya"), ("phone", "phone", "/storage/emulated/0")):
        await w.apply(
            "world.add_device",
            {
                "id": device,
                "name": f"Maya's {kind}",
                "kind": kind,
                "os": "Linux",
                "home": home,
                "hostname": f"maya-{kind}",
            },
        )
    return w


@pytest.fixture
async def world(anyio_backend: str) -> AsyncIterator[World]:
    """``new_world()``, tracking changes from here on."""
    w = await new_world()
    w.start_tracking()
    yield w
    w.close()


@pytest.fixture
async def people(world: World) -> World:
    """The test world with a mail account, a chat workspace and three contacts."""
    await world.apply("mail.add_account", {"address": "maya@lumen.io", "display_name": "Maya Lin"})
    await world.apply(
        "messaging.add_workspace",
        {"id": "lumen", "name": "Lumen", "platform": "Slack", "kind": "work", "user_handle": "maya"},
    )
    for name, email, org, notes in (
        ("Jonas Weber", "jonas@lumen.io", "Lumen", "runs the backend team"),
        ("Eva Schmidt", "eva@example.org", "Northwind", "met at the fintech meetup"),
        ("Ana Ruiz", "ana@lumen.io", "Lumen", ""),
    ):
        await world.apply(
            "contacts.create_contact",
            {
                "name": name,
                "emails": [email],
                "organization": org,
                "notes": notes,
                "handles": {"lumen": name.split()[0].lower()},
            },
        )
    world.start_tracking()
    return world
