"""Tool names are unique across every service and say which app they act on: several clients put all
servers' tools into one namespace (the OpenAI Agents SDK refuses duplicates), and a model reading
`send_message` twice cannot tell mail from chat."""

from __future__ import annotations

import re
from collections import Counter

import anyio
import pytest
from mcp import Client
from mcp.types import Tool

from servers import SERVICES, create_server, tool_names
from servers._base import ToolRegistry
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


def test_clients_list_each_services_tools_in_the_order_its_package_sets() -> None:
    for service, tools in TOOLS.items():
        assert [t.name for t in tools] == tool_names(service), service


def test_a_tool_order_must_name_every_tool_once() -> None:
    registry = ToolRegistry()

    @registry(read_only=True)
    async def list_things() -> None: ...

    @registry()
    async def add_thing() -> None: ...

    for wrong in (["list_things"], ["list_things", "add_thing", "add_thing"], ["add_thing", "list_thing"]):
        with pytest.raises(ValueError, match="the tool order names"):
            registry.set_order(wrong)
    assert registry.names == ["list_things", "add_thing"]
    registry.set_order(["add_thing", "list_things"])
    assert registry.names == ["add_thing", "list_things"]
    with pytest.raises(ValueError, match="defined after"):

        @registry()
        async def remove_thing() -> None: ...
