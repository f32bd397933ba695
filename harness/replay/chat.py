"""OpenAI Chat Completions: ``POST /v1/chat/completions``, streamed or not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from harness.replay.model import Conversation, OfferedTool, Reply, ToolResult, ToolUse
from harness.replay.wire import result_text, sse, text_of, tokens


def read(body: dict[str, Any]) -> Conversation:
    conversation = Conversation()
    for message in body.get("messages", []):
        role = message.get("role")
        if role == "user":
            conversation.user_texts.extend(text_of(message.get("content")))
        elif role in ("tool", "function"):
            conversation.results.append(ToolResult(result_text(message.get("content"))))
    for tool in body.get("tools") or []:
        name = (tool.get("function") or {}).get("name") or tool.get("name")
        if name:
            conversation.tools.append(OfferedTool(name))
    return conversation


def _ident(body: dict[str, Any]) -> str:
    return f"chatcmpl-replay-{len(body.get('messages', []))}"


def _tool_call(reply: ToolUse) -> dict[str, Any]:
    return {
        "id": reply.call_id,
        "type": "function",
        "function": {"name": reply.tool.full_name, "arguments": json.dumps(reply.arguments)},
    }


def _usage(body: dict[str, Any], reply: Reply) -> dict[str, int]:
    prompt, completion = tokens(body.get("messages", [])), tokens(reply.__dict__)
    return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}


def _finish(reply: Reply) -> str:
    return "tool_calls" if isinstance(reply, ToolUse) else "stop"


def render(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    if isinstance(reply, ToolUse):
        message: dict[str, Any] = {"role": "assistant", "content": None, "tool_calls": [_tool_call(reply)]}
    else:
        message = {"role": "assistant", "content": reply.text}
    return {
        "id": _ident(body),
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "replay"),
        "choices": [{"index": 0, "message": message, "finish_reason": _finish(reply), "logprobs": None}],
        "usage": _usage(body, reply),
    }


def stream(body: dict[str, Any], reply: Reply) -> Iterator[str]:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
        return sse({**head, "choices": [choice]})

    head: dict[str, Any] = {
        "id": _ident(body),
        "object": "chat.completion.chunk",
        "created": 0,
        "model": body.get("model", "replay"),
    }
    if isinstance(reply, ToolUse):
        call = _tool_call(reply)
        yield chunk(
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "index": 0,
                        "id": call["id"],
                        "type": "function",
                        "function": {"name": call["function"]["name"], "arguments": ""},
                    }
                ],
            }
        )
        yield chunk({"tool_calls": [{"index": 0, "function": {"arguments": call["function"]["arguments"]}}]})
    else:
        yield chunk({"role": "assistant", "content": ""})
        yield chunk({"content": reply.text})
    yield chunk({}, _finish(reply))
    if (body.get("stream_options") or {}).get("include_usage"):
        yield sse({**head, "choices": [], "usage": _usage(body, reply)})
    yield "data: [DONE]\n\n"
