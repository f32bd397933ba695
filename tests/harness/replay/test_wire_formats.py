"""Each wire format, streamed and not, through the official SDKs: the replay model plays
mail-reply-lunch's oracle step by step and then answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import anthropic
import httpx2
import openai
import pytest

from harness.replay import SIDE_ANSWER, ReplayModel
from harness.replay.serving import running_replay
from harness.tasks import select

TASK = select("mail-reply-lunch")[0]
FOUND = {"items": [{"id": "msg_42", "subject": "Lunch on Thursday?"}], "total": 1}
REPLIED = {"id": "msg_43", "subject": "Re: Lunch on Thursday?"}
SCHEMA: dict[str, Any] = {"type": "object", "properties": {}}
STREAMED = [pytest.param(False, id="whole"), pytest.param(True, id="streamed")]

Turn = tuple[str, dict[str, Any], str] | str  # a tool call (name, arguments, id), or the answer


async def _chat(client: openai.AsyncOpenAI, stream: bool, messages: list[Any], tools: list[str]) -> Turn:
    offered: Any = [{"type": "function", "function": {"name": n, "parameters": SCHEMA}} for n in tools]
    if stream:
        async with client.chat.completions.stream(
            model="replay", messages=messages, tools=offered, stream_options={"include_usage": True}
        ) as events:
            completion = await events.get_final_completion()
        assert completion.usage is not None and completion.usage.total_tokens > 0
    else:
        completion = await client.chat.completions.create(model="replay", messages=messages, tools=offered)
    message = completion.choices[0].message
    if message.tool_calls:
        call = message.tool_calls[0]
        assert call.type == "function" and completion.choices[0].finish_reason == "tool_calls"
        messages.append(message.model_dump(exclude_none=True))
        return call.function.name, json.loads(call.function.arguments), call.id
    assert message.content is not None
    return message.content


async def _play_chat(base: str, stream: bool, tools: list[str]) -> list[Turn]:
    async with _openai(base) as client:
        return await _play_chat_with(client, stream, tools)


async def _play_chat_with(client: openai.AsyncOpenAI, stream: bool, tools: list[str]) -> list[Turn]:
    messages: list[Any] = [
        {"role": "system", "content": "You are Maya's assistant."},
        {"role": "user", "content": TASK.instruction},
    ]
    turns: list[Turn] = []
    for result in (FOUND, REPLIED, None):
        turn = await _chat(client, stream, messages, tools)
        turns.append(turn)
        if not isinstance(turn, tuple) or result is None:
            break
        messages.append({"role": "tool", "tool_call_id": turn[2], "content": json.dumps(result)})
    return turns


async def _response(client: openai.AsyncOpenAI, stream: bool, items: list[Any], tools: Any) -> Turn:
    if stream:
        async with client.responses.stream(model="replay", input=items, tools=tools) as events:
            response = await events.get_final_response()
    else:
        response = await client.responses.create(model="replay", input=items, tools=tools)
    assert response.usage is not None and response.usage.total_tokens > 0
    item = response.output[0]
    if item.type == "function_call":
        items.append(item.model_dump(exclude_none=True))
        return item.name, json.loads(item.arguments), item.call_id
    return response.output_text


async def _play_responses(base: str, stream: bool, tools: Any) -> list[Turn]:
    async with _openai(base) as client:
        return await _play_responses_with(client, stream, tools)


async def _play_responses_with(client: openai.AsyncOpenAI, stream: bool, tools: Any) -> list[Turn]:
    items: list[Any] = [{"role": "user", "content": [{"type": "input_text", "text": TASK.instruction}]}]
    turns: list[Turn] = []
    for result in (FOUND, REPLIED, None):
        turn = await _response(client, stream, items, tools)
        turns.append(turn)
        if not isinstance(turn, tuple) or result is None:
            break
        items.append({"type": "function_call_output", "call_id": turn[2], "output": json.dumps(result)})
    return turns


async def _message(client: anthropic.AsyncAnthropic, stream: bool, messages: list[Any], tools: Any) -> Turn:
    if stream:
        async with client.messages.stream(
            model="replay", max_tokens=1024, messages=messages, tools=tools
        ) as events:
            message = await events.get_final_message()
    else:
        message = await client.messages.create(
            model="replay", max_tokens=1024, messages=messages, tools=tools
        )
    assert message.usage.output_tokens > 0
    block = message.content[0]
    messages.append(
        {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in message.content]}
    )
    if block.type == "tool_use":
        assert message.stop_reason == "tool_use"
        return block.name, cast(dict[str, Any], block.input), block.id
    assert block.type == "text" and message.stop_reason == "end_turn"
    return block.text


async def _play_messages(base: str, stream: bool, tools: list[str]) -> list[Turn]:
    async with _anthropic(base) as client:
        return await _play_messages_with(client, stream, tools)


async def _play_messages_with(client: anthropic.AsyncAnthropic, stream: bool, tools: list[str]) -> list[Turn]:
    offered: Any = [{"name": n, "input_schema": SCHEMA} for n in tools]
    system_reminder = {"type": "text", "text": "<system-reminder>Today is Monday.</system-reminder>"}
    messages: list[Any] = [
        {"role": "user", "content": [system_reminder, {"type": "text", "text": TASK.instruction}]}
    ]
    turns: list[Turn] = []
    for result in (FOUND, REPLIED, None):
        turn = await _message(client, stream, messages, offered)
        turns.append(turn)
        if not isinstance(turn, tuple) or result is None:
            break
        content = [{"type": "text", "text": json.dumps(result)}]
        messages.append(
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": turn[2], "content": content}]}
        )
    return turns


def _openai(base: str) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(base_url=f"{base}/v1", api_key="x", max_retries=0)


def _anthropic(base: str) -> anthropic.AsyncAnthropic:
    return anthropic.AsyncAnthropic(base_url=base, api_key="x", max_retries=0)


def _expected(search: str, reply: str, ids: tuple[str, str]) -> list[Turn]:
    body = TASK.oracle.steps[1].args["body"]
    return [
        (search, {"query": "lunch thursday", "sender": "jonas"}, ids[0]),
        (reply, {"email_id": "msg_42", "body": body}, ids[1]),
        TASK.oracle.answer,
    ]


@pytest.mark.parametrize("stream", STREAMED)
@pytest.mark.anyio
async def test_chat_completions_play_the_oracle_through_server_prefixed_names(stream: bool) -> None:
    tools = [
        "files__search_files",
        "mail__search_emails",
        "mail__reply_to_email",
        "contacts__search_contacts",
    ]
    async with running_replay(ReplayModel([TASK])) as base:
        turns = await _play_chat(base, stream, tools)
    assert turns == _expected("mail__search_emails", "mail__reply_to_email", ("call_1", "call_2"))


@pytest.mark.parametrize("stream", STREAMED)
@pytest.mark.anyio
async def test_responses_play_the_oracle_through_bare_names(stream: bool) -> None:
    tools = [
        {"type": "function", "name": n, "parameters": SCHEMA, "strict": False}
        for n in ("search_emails", "reply_to_email", "search_contacts")
    ]
    async with running_replay(ReplayModel([TASK])) as base:
        turns = await _play_responses(base, stream, tools)
    assert turns == _expected("search_emails", "reply_to_email", ("call_1", "call_2"))


@pytest.mark.parametrize("stream", STREAMED)
@pytest.mark.anyio
async def test_anthropic_messages_play_the_oracle_through_claude_code_names(stream: bool) -> None:
    tools = ["mcp__mail__search_emails", "mcp__mail__reply_to_email", "mcp__contacts__search_contacts"]
    async with running_replay(ReplayModel([TASK])) as base:
        turns = await _play_messages(base, stream, tools)
    expected = _expected(
        "mcp__mail__search_emails", "mcp__mail__reply_to_email", ("toolu_call_1", "toolu_call_2")
    )
    assert turns == expected


@pytest.mark.parametrize("stream", STREAMED)
@pytest.mark.anyio
async def test_codex_namespaced_tools_get_a_call_that_carries_the_namespace(stream: bool) -> None:
    tools = [
        {
            "type": "namespace",
            "name": "mcp__mail",
            "description": "mail",
            "tools": [{"type": "function", "name": "search_emails", "parameters": SCHEMA, "strict": False}],
        }
    ]
    async with running_replay(ReplayModel([TASK])) as base:
        items: list[Any] = [{"role": "user", "content": TASK.instruction}]
        async with _openai(base) as client:
            if stream:
                async with client.responses.stream(
                    model="replay", input=items, tools=cast(Any, tools)
                ) as events:
                    response = await events.get_final_response()
            else:
                response = await client.responses.create(model="replay", input=items, tools=cast(Any, tools))
    call = response.output[0].model_dump()
    assert (call["type"], call["name"], call["namespace"]) == ("function_call", "search_emails", "mcp__mail")


@pytest.mark.anyio
async def test_a_side_request_without_tools_gets_short_plain_text() -> None:
    async with running_replay(ReplayModel([TASK])) as base, _openai(base) as gpt, _anthropic(base) as claude:
        title = await gpt.chat.completions.create(
            model="replay",
            messages=[
                {"role": "system", "content": "Write a 5-word title."},
                {"role": "user", "content": TASK.instruction},
            ],
        )
        summary = await claude.messages.create(
            model="replay", max_tokens=64, messages=[{"role": "user", "content": "Summarise this chat."}]
        )
    assert title.choices[0].message.content == SIDE_ANSWER
    assert summary.content[0].type == "text" and summary.content[0].text == SIDE_ANSWER


@pytest.mark.parametrize("stream", STREAMED)
@pytest.mark.anyio
async def test_an_unknown_conversation_gets_a_clear_error_as_the_answer(stream: bool) -> None:
    async with running_replay(ReplayModel([TASK])) as base:
        turns = await _play_chat_unknown(base, stream)
    assert isinstance(turns, str) and "no served task has the instruction 'book me a flight'" in turns


async def _play_chat_unknown(base: str, stream: bool) -> Turn:
    async with _openai(base) as client:
        return await _chat(
            client, stream, [{"role": "user", "content": "book me a flight"}], ["mail__search_emails"]
        )


@pytest.mark.anyio
async def test_models_and_token_counts_are_served_to_both_sdks() -> None:
    async with running_replay(ReplayModel([TASK])) as base, _openai(base) as gpt, _anthropic(base) as claude:
        openai_models = await gpt.models.list()
        claude_models = await claude.models.list()
        counted = await claude.messages.count_tokens(
            model="replay", messages=[{"role": "user", "content": TASK.instruction}]
        )
    assert [m.id for m in openai_models.data] == [m.id for m in claude_models.data] == ["replay"]
    assert counted.input_tokens > 0


@pytest.mark.anyio
async def test_the_log_records_each_request_and_its_reply(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    async with running_replay(ReplayModel([TASK]), log=log) as base:
        await _play_chat(base, False, ["mail__search_emails", "mail__reply_to_email"])
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["path"] for r in records] == ["/v1/chat/completions"] * 3
    assert records[0]["reply"]["tool"]["name"] == "mail__search_emails"
    assert records[-1]["reply"]["text"] == TASK.oracle.answer


@pytest.mark.anyio
async def test_a_body_that_is_not_a_json_object_is_refused_with_the_reason() -> None:
    async with running_replay(ReplayModel([TASK])) as base, httpx2.AsyncClient() as http:
        response = await http.post(f"{base}/v1/messages", json=["not", "an", "object"])
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "the request body must be a JSON object, got list"
