"""Schema-driven fuzzing of a service's tools through the MCP protocol.

Every tool is called with arguments drawn from its own input schema (some arguments drawn from real
ids of the world, so calls get past the lookups). Whatever comes back must be a result or an error
that says what was wrong; a failed call must leave no change; the database must stay intact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import anyio
from hypothesis import strategies as st
from mcp import Client
from mcp.server import MCPServer
from mcp.types import Tool

from state.world import World

Overrides = Mapping[str, st.SearchStrategy[Any]]
ServerFactory = Callable[[World], MCPServer[Any]]
Call = tuple[str, dict[str, Any]]


def list_tools(template: bytes, create_server: ServerFactory) -> list[Tool]:
    async def tools() -> list[Tool]:
        async with Client(create_server(World.from_bytes(template))) as client:
            return list((await client.list_tools()).tools)

    return anyio.run(tools)


_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", " ", "../..", "~/x", "/", "2026-03-02T10:00:00+01:00", "2026-13-45", "null", "💥"]),
)


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values for the JSON Schema subset that tool signatures produce (hypothesis-jsonschema does not
    work with current hypothesis)."""
    if "anyOf" in schema:
        return st.one_of([from_schema(option) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if kind == "object":
        return _object(schema)
    simple: dict[str, st.SearchStrategy[Any]] = {
        "string": _TEXT,
        "integer": st.one_of(st.integers(-3, 300), st.integers()),
        "number": st.floats(allow_nan=False),
        "boolean": st.booleans(),
        "null": st.none(),
    }
    if kind == "array":
        return st.lists(from_schema(schema.get("items", {})), max_size=4)
    return simple.get(str(kind), st.one_of(_TEXT, st.integers(), st.none()))


def _object(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties: dict[str, Any] = schema.get("properties", {})
    if not properties:
        extra = schema.get("additionalProperties")
        values = from_schema(extra) if isinstance(extra, dict) else _TEXT
        return st.dictionaries(_TEXT, values, max_size=3)
    required = set(schema.get("required", []))
    return st.fixed_dictionaries(
        {k: from_schema(v) for k, v in properties.items() if k in required},
        optional={k: from_schema(v) for k, v in properties.items() if k not in required},
    )


def _inline(schema: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local ``$ref`` replaced by its definition."""
    if isinstance(schema, dict):
        if "$ref" in schema:
            return _inline(defs[str(schema["$ref"]).rsplit("/", 1)[-1]], defs)
        return {k: _inline(v, defs) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inline(v, defs) for v in schema]
    return schema


def _arguments(schema: dict[str, Any], overrides: Overrides) -> st.SearchStrategy[dict[str, Any]]:
    schema = _inline(schema, schema.get("$defs", {}))
    base = from_schema(schema)
    names = [name for name in overrides if name in schema.get("properties", {})]
    if not names:
        return base
    replacements = st.fixed_dictionaries({}, optional={name: overrides[name] for name in names})
    return st.builds(lambda arguments, chosen: {**arguments, **chosen}, base, replacements)


def calls(tools: list[Tool], overrides: Overrides, max_calls: int = 6) -> st.SearchStrategy[list[Call]]:
    """Lists of tool calls with schema-shaped arguments."""
    one = st.one_of(
        [st.tuples(st.just(tool.name), _arguments(tool.input_schema, overrides)) for tool in tools]
    )
    return st.lists(one, min_size=1, max_size=max_calls)


async def _check(template: bytes, create_server: ServerFactory, planned: list[Call]) -> None:
    world = World.from_bytes(template)
    async with Client(create_server(world)) as client:
        for name, arguments in planned:
            mark = world.snapshot()
            result = await client.call_tool(name, arguments)
            if result.is_error:
                text = " ".join(getattr(c, "text", "") for c in result.content)
                assert text.strip() != f"Error executing tool {name}", (
                    f"{name}({arguments}) failed with no reason"
                )
                assert world.diff(mark).changes == [], f"failed {name}({arguments}) changed the world: {text}"
    assert world.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    world.close()


def run_calls(template: bytes, create_server: ServerFactory, planned: list[Call]) -> None:
    """Make the calls on a fresh episode of ``template`` and check every outcome."""
    anyio.run(_check, template, create_server, planned)
