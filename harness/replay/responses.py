"""OpenAI Responses: ``POST /v1/responses``, streamed or not; Codex's tool namespaces included."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from harness.replay.model import Conversation, OfferedTool, Reply, ToolResult, ToolUse
from harness.replay.wire import result_text, sse, text_of, tokens


def read(body: dict[str, Any]) -> Conversation:
    conversation = Conversation()
    items = body.get("input") or []
    if isinstance(items, str):
        items = [{"role": "user", "content": items}]
    for item in items:
        kind = item.get("type", "message")
        if kind == "message" and item.get("role") == "user":
            conversation.user_texts.extend(text_of(item.get("content")))
        elif kind == "function_call_output":
            conversation.results.append(ToolResult(result_text(item.get("output"))))
    for tool in body.get("tools") or []:
        if tool.get("type") == "namespace":
            for inner in tool.get("tools") or []:
                conversation.tools.append(OfferedTool(inner["name"], tool["name"]))
        elif tool.get("type") == "function" and tool.get("name"):
            conversation.tools.append(OfferedTool(tool["name"]))
    return conversation


def _item(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    number = len(body.get("input") or [])
    if isinstance(reply, ToolUse):
        item: dict[str, Any] = {
            "type": "function_call",
            "id": f"fc_replay_{number}",
            "call_id": reply.call_id,
            "name": reply.tool.name,
            "arguments": json.dumps(reply.arguments),
            "status": "completed",
        }
        if reply.tool.namespace:
            item["namespace"] = reply.tool.namespace  # Codex skips a call without its namespace
        return item
    part = {"type": "output_text", "text": reply.text, "annotations": [], "logprobs": []}
    return {
        "type": "message",
        "id": f"msg_replay_{number}",
        "role": "assistant",
        "status": "completed",
        "content": [part],
    }


def _response(body: dict[str, Any], output: list[dict[str, Any]], status: str) -> dict[str, Any]:
    prompt, completion = tokens(body.get("input") or []), tokens(output)
    return {
        "id": f"resp_replay_{len(body.get('input') or [])}",
        "object": "response",
        "created_at": 0,
        "status": status,
        "model": body.get("model", "replay"),
        "output": output,
        "parallel_tool_calls": False,
        "tool_choice": "auto",
        "tools": [],
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "metadata": {},
        "temperature": None,
        "top_p": None,
        "usage": {
            "input_tokens": prompt,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": completion,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": prompt + completion,
        },
    }


def render(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    return _response(body, [_item(body, reply)], "completed")


def stream(body: dict[str, Any], reply: Reply) -> Iterator[str]:
    counter = iter(range(1_000))

    def event(kind: str, **data: Any) -> str:
        return sse({"type": kind, "sequence_number": next(counter), **data}, event=kind)

    item = _item(body, reply)
    place = {"item_id": item["id"], "output_index": 0}
    yield event("response.created", response=_response(body, [], "in_progress"))
    yield event("response.in_progress", response=_response(body, [], "in_progress"))
    if item["type"] == "function_call":
        yield event(
            "response.output_item.added",
            output_index=0,
            item={**item, "arguments": "", "status": "in_progress"},
        )
        yield event("response.function_call_arguments.delta", **place, delta=item["arguments"])
        yield event(
            "response.function_call_arguments.done", **place, name=item["name"], arguments=item["arguments"]
        )
    else:
        part = item["content"][0]
        yield event(
            "response.output_item.added",
            output_index=0,
            item={**item, "content": [], "status": "in_progress"},
        )
        at = {**place, "content_index": 0}
        yield event("response.content_part.added", **at, part={**part, "text": ""})
        yield event("response.output_text.delta", **at, delta=part["text"], logprobs=[])
        yield event("response.output_text.done", **at, text=part["text"], logprobs=[])
        yield event("response.content_part.done", **at, part=part)
    yield event("response.output_item.done", output_index=0, item=item)
    yield event("response.completed", response=render(body, reply))
