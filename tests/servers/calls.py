"""Calling a tool through a real MCP client, for the server tests."""

from __future__ import annotations

from typing import Any

from mcp import Client


async def call(client: Client, tool: str, arguments: dict[str, Any]) -> Any:
    """The structured result of a call that must succeed."""
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, result.content
    return result.structured_content


async def error(client: Client, tool: str, arguments: dict[str, Any]) -> str:
    """The message of a call that must fail; it has to say more than which tool failed."""
    result = await client.call_tool(tool, arguments)
    assert result.is_error, result.structured_content
    text = result.content[0].text  # type: ignore[union-attr]
    assert text.removeprefix(f"Error executing tool {tool}:").strip(), text
    return text
