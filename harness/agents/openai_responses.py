"""The ``openai`` agent over the Responses API (``--wire responses``), streamed or not.

The conversation is kept client-side (``store`` off): each request sends the instruction, every
``function_call`` the model made and each ``function_call_output``, so any endpoint that serves
``/v1/responses`` statelessly works.
"""

from __future__ import annotations

from typing import Any

import openai

from harness.agents.base import AgentFailure
from harness.agents.toolbox import OfferedTool, Record


async def respond(
    client: openai.AsyncOpenAI,
    model: str,
    instructions: str,
    items: list[dict[str, Any]],
    tools: list[OfferedTool],
    stream: bool,
    record: Record,
) -> tuple[str, list[dict[str, str]]]:
    """One model turn: its text and its function calls (``{"id", "name", "arguments"}`` each)."""
    request: dict[str, Any] = {"model": model, "instructions": instructions, "input": items, "store": False}
    if tools:
        request["tools"] = [_function(tool) for tool in tools]
    if stream:
        response = None
        async for event in await client.responses.create(**request, stream=True):
            if event.type in ("response.completed", "response.incomplete", "response.failed"):
                response = getattr(event, "response", None)
        if response is None:
            raise AgentFailure("the model endpoint's stream ended before the response completed")
    else:
        response = await client.responses.create(**request)
    output = getattr(response, "output", None)
    if not isinstance(output, list):
        raise AgentFailure(f"the model endpoint answered without output items: {str(response)[:300]!r}")
    usage = getattr(response, "usage", None)
    if usage is not None:
        record.add_usage(usage.input_tokens, usage.output_tokens)
    text: list[str] = []
    calls: list[dict[str, str]] = []
    for item in output:  # pyright: ignore[reportUnknownVariableType]
        kind = getattr(item, "type", "")
        if kind == "function_call":
            calls.append({"id": item.call_id, "name": item.name, "arguments": item.arguments or ""})
        elif kind == "message":
            text += [getattr(part, "text", "") or "" for part in item.content or []]
    return "".join(text), calls


def call_item(call: dict[str, str]) -> dict[str, Any]:
    """The model's function call, as the next request's input holds it."""
    return {
        "type": "function_call",
        "call_id": call["id"],
        "name": call["name"],
        "arguments": call["arguments"],
    }


def output_item(call_id: str, content: str) -> dict[str, Any]:
    return {"type": "function_call_output", "call_id": call_id, "output": content}


def _function(tool: OfferedTool) -> dict[str, Any]:
    return {
        "type": "function",
        "name": tool.name,
        "description": tool.description,
        "parameters": tool.input_schema,
        "strict": False,
    }
