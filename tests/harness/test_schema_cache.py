"""The process-wide output-schema validators: the SDK still has the method they replace, and sessions
over the same schema share one compiled validator."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client
from mcp.client.session import ClientSession
from mcp.server import MCPServer
from pydantic import BaseModel

from harness import schema_cache


class Echo(BaseModel):
    text: str


def _echo_server() -> MCPServer[Any]:
    server: MCPServer[Any] = MCPServer("echo")

    @server.tool()
    def echo(text: str) -> Echo:
        """The text, as given."""
        return Echo(text=text)

    return server


def test_the_sdk_still_has_the_method_the_cache_replaces() -> None:
    assert schema_cache.install()  # it would warn (an error under pytest) if the SDK had lost the method
    assert getattr(ClientSession, "_output_schema_validator", None) is schema_cache._shared


@pytest.mark.anyio
async def test_two_sessions_over_the_same_schema_share_one_compiled_validator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert schema_cache.install()
    shared = schema_cache._shared
    asked: list[tuple[ClientSession, object]] = []

    def spy(session: ClientSession, name: str, output_schema: dict[str, Any]) -> Any:
        validator = shared(session, name, output_schema)
        asked.append((session, validator))
        return validator

    monkeypatch.setattr(ClientSession, "_output_schema_validator", spy)
    server = _echo_server()
    for text in ("one", "two"):
        async with Client(server) as client:
            result = await client.call_tool("echo", {"text": text})
            assert result.structured_content == {"text": text}
    (first_session, first), (second_session, second) = asked  # the SDK still asks the method, once a call
    assert first_session is not second_session
    assert first is second


def test_without_the_method_install_warns_and_leaves_the_sdk_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_cache, "_ORIGINAL", None)
    monkeypatch.delattr(ClientSession, "_output_schema_validator", raising=False)
    with pytest.warns(RuntimeWarning, match="each MCP session compiles its own output-schema validators"):
        assert not schema_cache.install()
    assert not hasattr(ClientSession, "_output_schema_validator")
