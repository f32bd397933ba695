"""A real third-party client: the MCP Inspector CLI lists and calls tools of the HTTP hub."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import anyio
import pytest

from servers import SERVICES
from state.world import World
from tests.servers.node_tools import ensure_installed, inspector_command
from tests.servers.test_transports import running_hub


async def _inspect(*arguments: str) -> tuple[int, Any]:
    command, env = inspector_command(*arguments)
    done = await anyio.run_process(command, env=env, check=False)
    out = done.stdout.decode()
    return done.returncode, json.loads(out[: out.rfind("}") + 1]) if "{" in out else out


@pytest.fixture(scope="module")
def inspector() -> None:
    ensure_installed()


@pytest.mark.slow
@pytest.mark.anyio
async def test_inspector_lists_and_calls_read_and_write_tools(people: World, inspector: None) -> None:
    with anyio.fail_after(120):
        async with running_hub(people, SERVICES) as base:
            for service in SERVICES:
                code, listed = await _inspect(f"{base}/{service}/mcp", "--method", "tools/list")
                assert code == 0, listed
                assert listed["tools"], service
            url = f"{base}/contacts/mcp"
            code, read = await _inspect(
                url,
                "--method",
                "tools/call",
                "--tool-name",
                "get_contact",
                "--tool-arg",
                "contact_id=contact_1",
            )
            assert (code, read["structuredContent"]["name"]) == (0, "Jonas Weber")
            code, wrote = await _inspect(
                url,
                "--method",
                "tools/call",
                "--tool-name",
                "create_contact",
                "--tool-arg",
                "name=Lea Brandt",
            )
            assert (code, wrote["isError"]) == (0, False)
            code, failed = await _inspect(
                url, "--method", "tools/call", "--tool-name", "get_contact", "--tool-arg", "contact_id=nobody"
            )
            assert code == 5
            assert "contact 'nobody' does not exist" in failed["content"][0]["text"]
    assert [(c.table, c.kind) for c in people.diff().changes] == [("contact", "insert")]


def test_the_inspector_installer_gives_a_working_node() -> None:
    command, env = inspector_command("--help")
    version = subprocess.run([command[0], "--version"], env=env, capture_output=True, text=True, check=True)
    assert version.stdout.startswith("v24.")
