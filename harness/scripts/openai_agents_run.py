"""Runs one trial with the OpenAI Agents SDK; started by the ``openai-agents`` preset in the SDK's own
virtual environment (so it imports nothing of clawsim).

Reads a JSON request on stdin (instruction, system prompt, MCP URLs, model, base URL, wire, turn limit),
prints one JSON line: the final answer, token usage and the run's items.
"""

from __future__ import annotations

import asyncio
import json
import sys
from contextlib import AsyncExitStack
from typing import Any

from agents import (
    Agent,
    OpenAIChatCompletionsModel,
    OpenAIResponsesModel,
    Runner,
    set_tracing_disabled,
)
from agents.mcp import MCPServerStreamableHttp
from openai import AsyncOpenAI


async def main(request: dict[str, Any]) -> dict[str, Any]:
    set_tracing_disabled(True)
    client = AsyncOpenAI(base_url=request.get("base_url") or None)
    kind = OpenAIResponsesModel if request.get("wire") == "responses" else OpenAIChatCompletionsModel
    model = kind(model=request["model"], openai_client=client)
    async with AsyncExitStack() as stack:
        servers = [
            await stack.enter_async_context(
                MCPServerStreamableHttp(name=service, params={"url": url}, client_session_timeout_seconds=60)
            )
            for service, url in sorted(request["urls"].items())
        ]
        agent = Agent(
            name="assistant", instructions=request["system_prompt"], model=model, mcp_servers=servers
        )
        result = await Runner.run(
            agent, request["instruction"], max_turns=int(request.get("max_turns") or 50)
        )
    usage = {"input_tokens": 0, "output_tokens": 0}
    for response in result.raw_responses:
        if response.usage is not None:
            usage["input_tokens"] += response.usage.input_tokens
            usage["output_tokens"] += response.usage.output_tokens
    items = [_item(item) for item in result.new_items]
    return {"answer": str(result.final_output or ""), "usage": usage, "items": items}


def _item(item: Any) -> dict[str, Any]:
    raw = getattr(item, "raw_item", None)
    if hasattr(raw, "model_dump"):
        raw = raw.model_dump(mode="json", exclude_none=True)
    elif not isinstance(raw, (dict, str, int, float, bool, type(None))):
        raw = str(raw)
    return {"type": getattr(item, "type", type(item).__name__), "raw": raw}


if __name__ == "__main__":
    outcome = asyncio.run(main(json.loads(sys.stdin.read())))
    sys.stdout.write(json.dumps(outcome) + "\n")
