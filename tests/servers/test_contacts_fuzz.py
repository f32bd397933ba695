from __future__ import annotations

import anyio
from hypothesis import given, settings
from hypothesis import strategies as st

from servers.contacts import create_server
from tests.conftest import new_world
from tests.servers.fuzz import Call, calls, list_tools, run_calls


async def _template() -> bytes:
    world = await new_world()
    for name in ("Jonas Weber", "Eva Schmidt"):
        await world.apply(
            "contacts.create_contact",
            {"name": name, "emails": [f"{name.split()[0].lower()}@x.org"], "handles": {"lumen": name[:3]}},
        )
    world.start_tracking()
    return world.serialize()


TEMPLATE = anyio.run(_template)
OVERRIDES = {
    "contact_id": st.sampled_from(["contact_1", "contact_2", "contact_3", "nobody"]),
    "name": st.sampled_from(["Lea", "", "  "]),
}


@settings(max_examples=60, deadline=None)
@given(planned=calls(list_tools(TEMPLATE, create_server), OVERRIDES))
def test_random_calls_fail_only_with_reasons_and_failed_ones_change_nothing(planned: list[Call]) -> None:
    run_calls(TEMPLATE, create_server, planned)
