"""The servers over stdio (one process per service, sharing a world file) and over the HTTP hub,
with both protocol generations a client may speak."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

import anyio
import httpx2
import pytest
from mcp import Client, StdioServerParameters

from harness.serving import serving_app
from servers.http import create_app
from state.world import World

Mode = Literal["default", "legacy"]
MODES: list[Mode] = ["default", "legacy"]


def _client(target: Any, mode: Mode) -> Client:
    return Client(target, mode="legacy") if mode == "legacy" else Client(target)


def _stdio(service: str, world_file: Path) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable, args=["-m", "harness.cli", "serve", service, "--world", str(world_file)]
    )


@pytest.fixture
async def world_file(people: World, tmp_path: Path) -> Path:
    return people.save(tmp_path / "maya.db")


@pytest.mark.slow
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.anyio
async def test_stdio_server_lists_and_calls_tools_and_writes_the_file(world_file: Path, mode: Mode) -> None:
    with anyio.fail_after(60):
        async with _client(_stdio("contacts", world_file), mode) as client:
            names = {t.name for t in (await client.list_tools()).tools}
            assert "search_contacts" in names
            found = await client.call_tool("search_contacts", {"query": "jonas"})
            assert [c["name"] for c in found.structured_content["items"]] == ["Jonas Weber"]  # type: ignore[index]
            created = await client.call_tool("create_contact", {"name": "Lea Brandt"})
            assert not created.is_error
    opened = World.open(world_file, read_only=True)
    try:
        assert (
            opened.conn.execute("SELECT COUNT(*) FROM contact WHERE name = 'Lea Brandt'").fetchone()[0] == 1
        )
    finally:
        opened.close()


@pytest.mark.slow
@pytest.mark.anyio
async def test_two_stdio_processes_on_one_file_see_each_others_writes(world_file: Path) -> None:
    with anyio.fail_after(60):
        async with (
            Client(_stdio("contacts", world_file)) as writer,
            Client(_stdio("contacts", world_file)) as reader,
        ):
            assert not (await writer.call_tool("create_contact", {"name": "Lea Brandt"})).is_error
            found = await reader.call_tool("search_contacts", {"query": "lea"})
            assert [c["name"] for c in found.structured_content["items"]] == ["Lea Brandt"]  # type: ignore[index]
            assert not (
                await reader.call_tool("update_contact", {"contact_id": "contact_4", "notes": "x"})
            ).is_error


@asynccontextmanager
async def running_hub(world: World, services: tuple[str, ...]) -> AsyncIterator[str]:
    async with serving_app(create_app(world, services=services)) as url:
        yield url


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.anyio
async def test_http_hub_serves_each_service_at_its_path(people: World, mode: Mode) -> None:
    async with running_hub(people, ("contacts",)) as base, _client(f"{base}/contacts/mcp", mode) as client:
        assert "get_contact" in {t.name for t in (await client.list_tools()).tools}
        jonas = await client.call_tool("get_contact", {"contact_id": "contact_1"})
        assert jonas.structured_content["name"] == "Jonas Weber"  # type: ignore[index]
        created = await client.call_tool("create_contact", {"name": "Lea Brandt"})
        assert not created.is_error
    assert [c.table for c in people.diff().changes] == ["contact"]


@pytest.mark.anyio
async def test_http_hub_health_and_dns_rebinding_protection(people: World) -> None:
    async with running_hub(people, ("contacts",)) as base, httpx2.AsyncClient() as http:
        health = (await http.get(f"{base}/health")).json()
        assert (health["status"], health["services"]) == ("ok", {"contacts": "/contacts/mcp"})
        assert health["now"] == "2026-03-02T09:00:00+01:00"
        body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
        headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
        evil_host = await http.post(
            f"{base}/contacts/mcp", json=body, headers={**headers, "Host": "evil.example"}
        )
        evil_origin = await http.post(
            f"{base}/contacts/mcp", json=body, headers={**headers, "Origin": "http://evil.example"}
        )
        assert (evil_host.status_code, evil_origin.status_code) == (421, 403)
