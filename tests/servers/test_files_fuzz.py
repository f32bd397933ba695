from __future__ import annotations

import anyio
from hypothesis import given, settings
from hypothesis import strategies as st

from servers.files import create_server
from tests.conftest import new_world
from tests.servers.fuzz import Call, calls, list_tools, run_calls

PATHS = [
    "~",
    "~/Documents",
    "~/Documents/plan.md",
    "~/Documents/photo.jpg",
    "~/Notes",
    "~/.hidden",
    "/",
    "~/missing/file.txt",
    "../..",
    "~/DCIM/Camera/IMG_1.jpg",
    "Documents/new.txt",
]


async def _template() -> bytes:
    world = await new_world()
    for path, content, device, more in (
        ("~/Documents/plan.md", "# Plan\nthe deposit\n", "laptop", {}),
        ("~/Documents/photo.jpg", "", "laptop", {"size": 900, "metadata": {"place": "Tiergarten"}}),
        ("~/Notes/a.md", "lease\n", "laptop", {}),
        ("~/.hidden", "x", "laptop", {}),
        ("~/DCIM/Camera/IMG_1.jpg", "", "phone", {"size": 4000, "metadata": {"place": "Mauerpark"}}),
    ):
        await world.apply(
            "files.write_file", {"path": path, "content": content, "device": device, "parents": True, **more}
        )
    await world.apply("files.delete_file", {"path": "~/Notes/a.md"})
    world.start_tracking()
    return world.serialize()


TEMPLATE = anyio.run(_template)
PATH = st.one_of(st.sampled_from(PATHS), st.text(max_size=12))
OVERRIDES = {
    "path": PATH,
    "source": PATH,
    "destination": PATH,
    "directory": PATH,
    "to_path": st.one_of(st.none(), PATH),
    "device": st.sampled_from(["laptop", "phone", "tablet", ""]),
    "to_device": st.sampled_from(["laptop", "phone", "tablet"]),
    "query": st.sampled_from(["deposit", "tiergarten", "", '"', "a*", "NEAR(", "%_"]),
    "name_pattern": st.sampled_from(["*.md", "*", "[a-", "IMG_?*", "x/y", ""]),
    "cursor": st.one_of(st.none(), st.sampled_from(["1", "0", "abc", "99999999999999999999999"])),
}


@settings(max_examples=60, deadline=None)
@given(planned=calls(list_tools(TEMPLATE, create_server), OVERRIDES))
def test_random_calls_fail_only_with_reasons_and_failed_ones_change_nothing(planned: list[Call]) -> None:
    run_calls(TEMPLATE, create_server, planned)
