import pytest

from state.world import World


@pytest.mark.anyio
async def test_fixture_world_has_user_and_devices(world: World) -> None:
    counts = world.counts()
    assert counts["user_profile"] == 1
    assert counts["device"] == 2
    assert world.diff().empty
