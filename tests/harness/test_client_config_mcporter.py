"""`clawsim config mcporter` checked with the real mcporter CLI: its stdio configuration starts clawsim's
servers over a world file, its HTTP configuration reaches a running hub, and a tool call changes the world."""

from __future__ import annotations

import json
from pathlib import Path

import anyio
import pytest

from harness.client_config import render_config
from harness.serving import serving_app
from servers.http import create_app
from state.world import World
from tests.servers.node_tools import ensure_installed, mcporter_command

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def mcporter() -> None:
    ensure_installed()


@pytest.fixture
def world(people: World, tmp_path: Path) -> Path:
    """The test world with three contacts, as a file."""
    return people.save(tmp_path / "world.db")


async def _mcporter(config: Path, *arguments: str) -> str:
    command, env = mcporter_command(*arguments, "--config", str(config))
    with anyio.fail_after(120):
        done = await anyio.run_process(command, env=env, check=False)
    output = done.stdout.decode() + done.stderr.decode()
    assert done.returncode == 0, output
    return output


@pytest.mark.anyio
async def test_the_stdio_configuration_starts_the_servers(
    mcporter: None, world: Path, tmp_path: Path
) -> None:
    config = tmp_path / "mcporter.json"
    config.write_text(render_config("mcporter", world=world, services=["contacts", "mail"]), encoding="utf-8")
    listed = await _mcporter(config, "list")
    assert "contacts (5 tools" in listed and "mail (20 tools" in listed and "2 healthy" in listed
    await _mcporter(config, "call", "contacts.create_contact", "name=Lea Brandt")
    saved = World.open(world)
    try:
        names = [r[0] for r in saved.conn.execute("SELECT name FROM contact")]
    finally:
        saved.close()
    assert "Lea Brandt" in names


@pytest.mark.anyio
async def test_the_http_configuration_reaches_a_running_hub(
    mcporter: None, world: Path, tmp_path: Path
) -> None:
    served = World.open(world)
    try:
        async with serving_app(create_app(served, services=("contacts",))) as base:
            config = tmp_path / "mcporter.json"
            config.write_text(render_config("mcporter", http=base, services=["contacts"]), encoding="utf-8")
            found = await _mcporter(
                config, "call", "contacts.search_contacts", "query=jonas", "--output", "json"
            )
        items = json.loads(found[found.index("{") : found.rindex("}") + 1])["items"]
        assert items and all("jonas" in (c["name"] + " ".join(c["emails"])).lower() for c in items)
    finally:
        served.close()
