from __future__ import annotations

import pytest

from state.world import World


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
            "contacts.add_contact",
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
