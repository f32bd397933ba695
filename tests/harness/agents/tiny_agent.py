"""A small agent of someone else's making, for the ``command`` agent's tests: it reads the MCP config
clawsim writes, connects to every server over HTTP, and loops over Chat Completions at the base URL it
is given until the model answers; the answer goes to ``--answer-file``, or to stdout.

Usage: python tiny_agent.py MCP_CONFIG BASE_URL PROMPT [--answer-file PATH]
"""

from __future__ import annotations

import argparse
import json
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import anyio
import openai
from mcp import Client


async def main(config: Path, base_url: str, prompt: str) -> str:
    servers: dict[str, Any] = json.loads(config.read_text(encoding="utf-8"))["mcpServers"]
    async with AsyncExitStack() as stack, openai.AsyncOpenAI(base_url=base_url, api_key="x") as model:
        clients = {s: await stack.enter_async_context(Client(e["url"])) for s, e in servers.items()}
        tools: list[Any] = [
            {"type": "function", "function": {"name": f"{s}__{t.name}", "parameters": t.input_schema}}
            for s, client in clients.items()
            for t in (await client.list_tools()).tools
        ]
        messages: list[Any] = [{"role": "user", "content": prompt}]
        for _ in range(40):
            reply = (await model.chat.completions.create(model="x", messages=messages, tools=tools)).choices[
                0
            ]
            if not reply.message.tool_calls:
                return reply.message.content or ""
            messages.append(reply.message.model_dump(exclude_none=True))
            for call in reply.message.tool_calls:
                assert call.type == "function"
                service, tool = call.function.name.split("__", 1)
                result = await clients[service].call_tool(tool, json.loads(call.function.arguments))
                text = json.dumps(result.structured_content) if result.structured_content else ""
                messages.append({"role": "tool", "tool_call_id": call.id, "content": text})
    raise SystemExit("no answer within 40 turns")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("config", type=Path)
    parser.add_argument("base_url")
    parser.add_argument("prompt")
    parser.add_argument("--answer-file", type=Path)
    args = parser.parse_args()
    answer = anyio.run(main, args.config, args.base_url, args.prompt)
    if args.answer_file:
        args.answer_file.write_text(answer, encoding="utf-8")
    else:
        print(answer)
