"""The oracle: plays a task's reference solution through MCP, as any agent would call the tools.

A step's arguments may use an earlier step's saved result: ``{"$result": "found.items.0.id"}`` is the
``id`` of the first item of the result saved as ``found``.
"""

from __future__ import annotations

import json
import re
from contextlib import AsyncExitStack
from typing import Any

from mcp import Client
from mcp.types import CallToolResult

from harness.agents.base import AgentFailure, AgentInput, AgentResult, ToolCall
from harness.agents.toolbox import SEPARATOR
from harness.tasks.model import Oracle, OracleStep

RETRIES = 5
TRANSIENT = re.compile(r"(?:^|: )(?:429|503|504) ")  # after the SDK's "Error executing tool X: "


class OracleAgent:
    name = "oracle"
    uses_http = False

    def __init__(self, oracle: Oracle | None = None) -> None:
        self.oracle = oracle
        """A solution to play instead of the task's own (validation plays wrong ones)."""

    async def run(self, given: AgentInput) -> AgentResult:
        oracle = self.oracle or given.task.oracle
        saved: dict[str, Any] = {}
        calls: list[ToolCall] = []
        transcript = _Transcript(given)
        async with AsyncExitStack() as stack:
            clients: dict[str, Client] = {}
            for number, step in enumerate(oracle.steps, start=1):
                if step.service not in given.servers:
                    raise AgentFailure(
                        f"oracle step {number}: service {step.service!r} is not in this episode"
                    )
                if step.service not in clients:
                    clients[step.service] = await stack.enter_async_context(
                        Client(given.servers[step.service])
                    )
                arguments = resolve(step.args, saved, number)
                result = await transcript.call(clients[step.service], step, arguments)
                # a transient error (429, 503, 504) is tried again, as a client would
                for _ in range(RETRIES):
                    if not (result.is_error and TRANSIENT.search(_text(result))):
                        break
                    result = await transcript.call(clients[step.service], step, arguments)
                value = result.structured_content if result.structured_content is not None else _text(result)
                calls.append(
                    ToolCall(
                        service=step.service,
                        tool=step.tool,
                        arguments=arguments,
                        ok=not result.is_error,
                        result=value,
                    )
                )
                if result.is_error:
                    raise AgentFailure(
                        f"oracle step {number} ({step.service}.{step.tool}) failed: {_text(result)}"
                    )
                if step.save:
                    saved[step.save] = value
        transcript.messages.append({"role": "assistant", "content": oracle.answer})
        return AgentResult(answer=oracle.answer, transcript=transcript.messages, tool_calls=calls)


class _Transcript:
    """The trial as the model agents record it: the framing, the instruction, then each call as a turn of
    its own (``SERVICE__TOOL``, an id, the result as the text a model would read), then the answer."""

    def __init__(self, given: AgentInput) -> None:
        self.messages: list[dict[str, Any]] = [
            {"role": "system", "content": given.system_prompt},
            {"role": "user", "content": given.instruction},
        ]
        self._calls = 0

    async def call(self, client: Client, step: OracleStep, arguments: dict[str, Any]) -> CallToolResult:
        self._calls += 1
        call_id = f"call_{self._calls}"
        self.messages.append({"role": "assistant", "content": ""})
        self.messages.append(
            {
                "role": "tool_call",
                "id": call_id,
                "name": f"{step.service}{SEPARATOR}{step.tool}",
                "service": step.service,
                "tool": step.tool,
                "arguments": arguments,
            }
        )
        result = await client.call_tool(step.tool, arguments)
        content = _text(result) if result.structured_content is None else _json(result.structured_content)
        self.messages.append(
            {"role": "tool_result", "id": call_id, "is_error": result.is_error, "content": content}
        )
        return result


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _text(result: Any) -> str:
    return " ".join(getattr(part, "text", "") for part in result.content)


def resolve(value: Any, saved: dict[str, Any], step: int) -> Any:
    """``value`` with every ``{"$result": "name.path"}`` replaced by what it points at."""
    if isinstance(value, dict):
        if set(value) == {"$result"}:  # pyright: ignore[reportUnknownArgumentType]
            return _lookup(str(value["$result"]), saved, step)  # pyright: ignore[reportUnknownArgumentType]
        return {k: resolve(v, saved, step) for k, v in value.items()}  # pyright: ignore[reportUnknownVariableType]
    if isinstance(value, list):
        return [resolve(v, saved, step) for v in value]  # pyright: ignore[reportUnknownVariableType]
    return value


def _lookup(path: str, saved: dict[str, Any], step: int) -> Any:
    name, *parts = path.split(".")
    if name not in saved:
        raise AgentFailure(
            f"oracle step {step}: $result {path!r} names no saved result; saved: {sorted(saved)}"
        )
    value = saved[name]
    for part in parts:
        try:
            value = value[int(part)] if isinstance(value, list) else value[part]
        except (KeyError, IndexError, ValueError, TypeError):
            raise AgentFailure(f"oracle step {step}: $result {path!r}: nothing at {part!r}") from None
    return value
