"""What the model-backed agents share: the episode's MCP tools offered as functions, and the record.

Every episode tool is offered to the model as a function named ``SERVICE__TOOL`` (``mail__send_message``),
with the tool's description and input schema. A call goes through MCP to that service's server; the result
goes back as text: the structured content as JSON when there is some, else the text content.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from mcp import Client
from mcp.server import MCPServer

from harness.agents.base import AgentResult, ToolCall

SEPARATOR = "__"
DEFAULT_MAX_TURNS = 50
DEFAULT_MAX_RETRIES = 4
DEFAULT_REQUEST_TIMEOUT_S = 120.0


@dataclass(frozen=True)
class OfferedTool:
    """One MCP tool as the model sees it."""

    name: str
    """``SERVICE__TOOL``."""
    service: str
    tool: str
    description: str
    input_schema: dict[str, Any]


@dataclass(frozen=True)
class Outcome:
    text: str
    is_error: bool


@dataclass
class Record:
    """The transcript, tool calls and token usage of one trial, as the agent saw them."""

    transcript: list[dict[str, Any]] = field(default_factory=lambda: [])
    calls: list[ToolCall] = field(default_factory=lambda: [])
    usage: dict[str, int] = field(default_factory=lambda: {"input_tokens": 0, "output_tokens": 0})

    def add_usage(self, input_tokens: int | None, output_tokens: int | None) -> None:
        self.usage["input_tokens"] += input_tokens or 0
        self.usage["output_tokens"] += output_tokens or 0

    def result(self, answer: str) -> AgentResult:
        return AgentResult(answer=answer, transcript=self.transcript, tool_calls=self.calls, usage=self.usage)


class Toolbox:
    """The episode's tools, callable by their offered names; every call is written to ``record``."""

    def __init__(self, clients: Mapping[str, Client], tools: list[OfferedTool], record: Record) -> None:
        self._clients = clients
        self.tools = tools
        self._by_name = {tool.name: tool for tool in tools}
        self.record = record

    @classmethod
    @asynccontextmanager
    async def open(cls, servers: Mapping[str, MCPServer[Any]], record: Record) -> AsyncIterator[Toolbox]:
        """Connect to every server in memory and list its tools."""
        async with AsyncExitStack() as stack:
            clients: dict[str, Client] = {}
            tools: list[OfferedTool] = []
            for service, server in sorted(servers.items()):
                client = await stack.enter_async_context(Client(server))
                clients[service] = client
                tools.extend(_offered(service, tool) for tool in (await client.list_tools()).tools)
            yield cls(clients, tools, record)

    async def call(self, name: str, arguments: Any, call_id: str) -> Outcome:
        """Call the tool offered as ``name``; a tool that is unknown or fails is an error result for the
        model to read, not an end of the trial."""
        tool = self._by_name.get(name)
        where = {"service": tool.service, "tool": tool.tool} if tool else {}
        self.record.transcript.append(
            {"role": "tool_call", "id": call_id, "name": name, **where, "arguments": arguments}
        )
        if tool is None:
            outcome = Outcome(f"there is no tool named {name!r}; tools: {', '.join(self._by_name)}", True)
        elif not isinstance(arguments, dict):
            outcome = Outcome(f"the arguments of {name} must be a JSON object, got {arguments!r}", True)
        else:
            outcome = await self._call(tool, dict(arguments))  # pyright: ignore[reportUnknownArgumentType]
        self.record.transcript.append(
            {"role": "tool_result", "id": call_id, "is_error": outcome.is_error, "content": outcome.text}
        )
        return outcome

    async def _call(self, tool: OfferedTool, arguments: dict[str, Any]) -> Outcome:
        try:
            result = await self._clients[tool.service].call_tool(tool.tool, arguments)
        except Exception as exc:  # a protocol error is the model's to read, like a tool error
            outcome = Outcome(f"{type(exc).__name__}: {exc}", True)
            value: Any = outcome.text
        else:
            value = result.structured_content
            text = " ".join(getattr(part, "text", "") for part in result.content)
            outcome = Outcome(
                text if value is None else json.dumps(value, ensure_ascii=False), result.is_error
            )
            value = text if value is None else value
        self.record.calls.append(
            ToolCall(
                service=tool.service,
                tool=tool.tool,
                arguments=arguments,
                ok=not outcome.is_error,
                result=value,
            )
        )
        return outcome


def _offered(service: str, tool: Any) -> OfferedTool:
    return OfferedTool(
        name=f"{service}{SEPARATOR}{tool.name}",
        service=service,
        tool=tool.name,
        description=tool.description or "",
        input_schema=dict(tool.input_schema or {"type": "object", "properties": {}}),
    )


def parse_arguments(text: str | None) -> Any:
    """A model's JSON arguments; text that is not JSON is passed on as is, for the tool call to reject."""
    if not text:
        return {}
    try:
        return json.loads(text)
    except ValueError:
        return text
