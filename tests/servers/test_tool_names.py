"""Tool names are unique across every service and say which app they act on: several clients put all
servers' tools into one namespace (the OpenAI Agents SDK refuses duplicates), and a model reading
`send_message` twice cannot tell mail from chat."""

from __future__ import annotations

import re
from collections import Counter

import anyio
from mcp import Client
from mcp.types import Tool

from servers import SERVICES, create_server
from state.world import World
from tests.conftest import NOW

GENERIC = {
    "send",
    "send_message",
    "search",
    "list",
    "read",
    "get",
    "create",
    "delete",
    "update",
    "move",
    "copy",
    "reply",
}


def _all_tools() -> dict[str, list[Tool]]:
    async def collect() -> dict[str, list[Tool]]:
        world = World.create(now=NOW, timezone="Europe/Berlin")
        found: dict[str, list[Tool]] = {}
        for service in SERVICES:
            async with Client(create_server(service, world)) as client:
                found[service] = list((await client.list_tools()).tools)
        return found

    return anyio.run(collect)


TOOLS = _all_tools()


def test_no_two_tools_of_any_services_share_a_name() -> None:
    counts = Counter(t.name for tools in TOOLS.values() for t in tools)
    assert [name for name, n in counts.items() if n > 1] == []
    assert sum(counts.values()) >= 40


def test_names_are_short_snake_case_and_not_generic() -> None:
    for tools in TOOLS.values():
        for tool in tools:
            assert re.fullmatch(r"[a-z][a-z0-9_]{2,63}", tool.name), tool.name
            assert tool.name not in GENERIC


def test_every_tool_has_a_description_an_output_schema_and_hints() -> None:
    for service, tools in TOOLS.items():
        for tool in tools:
            assert tool.description and len(tool.description) >= 40, (service, tool.name)
            assert tool.output_schema, (service, tool.name)
            assert tool.annotations is not None and tool.annotations.open_world_hint is False, (
                service,
                tool.name,
            )
            hints = (tool.annotations.read_only_hint, tool.annotations.destructive_hint)
            assert hints != (True, True), (service, tool.name)
