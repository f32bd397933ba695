"""Anthropic Messages: ``POST /v1/messages`` (streamed or not) and ``POST /v1/messages/count_tokens``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from harness.replay.model import Conversation, OfferedTool, Reply, ToolResult, ToolUse
from harness.replay.wire import result_text, sse, text_of, tokens


def read(body: dict[str, Any]) -> Conversation:
    conversation = Conversation()
    for message in body.get("messages", []):
        if message.get("role") != "user":
            continue
        content = message.get("content")
        blocks = content if isinstance(content, list) else []
        results = [b for b in blocks if isinstance(b, dict) and b.get("type") == "tool_result"]
        for block in results:
            conversation.results.append(
                ToolResult(result_text(block.get("content")), bool(block.get("is_error")))
            )
        if not results:
            conversation.user_texts.extend(text_of(content))
    for tool in body.get("tools") or []:
        if tool.get("name"):
            conversation.tools.append(OfferedTool(tool["name"]))
    return conversation


def count_tokens(body: dict[str, Any]) -> dict[str, Any]:
    return {"input_tokens": tokens(body.get("messages", []))}


def _block(reply: Reply) -> dict[str, Any]:
    if isinstance(reply, ToolUse):
        return {
            "type": "tool_use",
            "id": f"toolu_{reply.call_id}",
            "name": reply.tool.full_name,
            "input": reply.arguments,
        }
    return {"type": "text", "text": reply.text}


def _message(body: dict[str, Any], content: list[dict[str, Any]], stop: str | None) -> dict[str, Any]:
    return {
        "id": f"msg_replay_{len(body.get('messages', []))}",
        "type": "message",
        "role": "assistant",
        "model": body.get("model", "replay"),
        "content": content,
        "stop_reason": stop,
        "stop_sequence": None,
        "usage": {"input_tokens": tokens(body.get("messages", [])), "output_tokens": tokens(content)},
    }


def _stop(reply: Reply) -> str:
    return "tool_use" if isinstance(reply, ToolUse) else "end_turn"


def render(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    return _message(body, [_block(reply)], _stop(reply))


def stream(body: dict[str, Any], reply: Reply) -> Iterator[str]:
    def event(kind: str, **data: Any) -> str:
        return sse({"type": kind, **data}, event=kind)

    whole = render(body, reply)
    start = {**_message(body, [], None), "usage": {**whole["usage"], "output_tokens": 1}}
    yield event("message_start", message=start)
    if isinstance(reply, ToolUse):
        yield event("content_block_start", index=0, content_block={**_block(reply), "input": {}})
        delta = {"type": "input_json_delta", "partial_json": json.dumps(reply.arguments)}
    else:
        yield event("content_block_start", index=0, content_block={"type": "text", "text": ""})
        delta = {"type": "text_delta", "text": reply.text}
    yield event("content_block_delta", index=0, delta=delta)
    yield event("content_block_stop", index=0)
    yield event(
        "message_delta",
        delta={"stop_reason": _stop(reply), "stop_sequence": None},
        usage={"output_tokens": whole["usage"]["output_tokens"]},
    )
    yield event("message_stop")
