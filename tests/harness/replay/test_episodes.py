"""The replay model against real episodes: a minimal tool-calling loop over Chat Completions, with the
episode's MCP servers behind it, passes a task; a deliberately wrong step makes the same task fail."""

from __future__ import annotations

import json
from contextlib import AsyncExitStack
from typing import Any

import openai
import pytest
from mcp import Client

from harness.episode import Episode, WorldCache, start_episode
from harness.replay import Mutation, ReplayModel
from harness.replay.serving import running_replay
from harness.tasks import Task, select, shipped_tasks

TASKS = select("mail-reply-lunch,mail-maya-dpa-to-marco")


async def _loop(base: str, episode: Episode) -> str:
    """What a client does: offer the tools as ``service__tool``, call what the model asks, pass back the
    text of the MCP result, until the model answers."""
    async with AsyncExitStack() as stack, openai.AsyncOpenAI(base_url=f"{base}/v1", api_key="x") as model:
        clients = {
            s: await stack.enter_async_context(Client(server)) for s, server in episode.servers.items()
        }
        tools: list[Any] = [
            {"type": "function", "function": {"name": f"{s}__{t.name}", "parameters": t.input_schema}}
            for s, client in clients.items()
            for t in (await client.list_tools()).tools
        ]
        messages: list[Any] = [
            {"role": "system", "content": episode.system_prompt},
            {"role": "user", "content": episode.task.instruction},
        ]
        for _ in range(40):
            message = await model.chat.completions.create(model="replay", messages=messages, tools=tools)
            reply = message.choices[0].message
            if not reply.tool_calls:
                return reply.content or ""
            messages.append(reply.model_dump(exclude_none=True))
            for call in reply.tool_calls:
                assert call.type == "function"
                service, tool = call.function.name.split("__", 1)
                result = await clients[service].call_tool(tool, json.loads(call.function.arguments))
                text = " ".join(getattr(part, "text", "") for part in result.content)
                messages.append({"role": "tool", "tool_call_id": call.id, "content": text})
    raise AssertionError("the replay model did not answer within 40 turns")


async def _passes(task: Task, model: ReplayModel, worlds: WorldCache) -> bool:
    episode = await start_episode(task, worlds)
    try:
        async with running_replay(model) as base:
            answer = await _loop(base, episode)
        return episode.grade(answer).passed
    finally:
        episode.close()


@pytest.mark.anyio
async def test_a_client_loop_passes_tasks_by_replaying_their_oracles() -> None:
    worlds = WorldCache()
    for task in TASKS:
        assert await _passes(task, ReplayModel(TASKS), worlds), task.id


@pytest.mark.parametrize("kind", ["skip", "wrong_args"])
@pytest.mark.anyio
async def test_a_deliberately_wrong_step_makes_the_task_fail(kind: str) -> None:
    task = TASKS[0]
    wrong = ReplayModel(TASKS, [Mutation(task.id, len(task.oracle.steps), kind)])
    assert not await _passes(task, wrong, WorldCache())


@pytest.mark.slow
@pytest.mark.anyio
async def test_every_shipped_task_passes_through_the_replay_model() -> None:
    tasks = shipped_tasks()
    model, worlds = ReplayModel(tasks), WorldCache()
    failed = [task.id for task in tasks if not await _passes(task, model, worlds)]
    assert failed == []
