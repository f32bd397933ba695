"""The ``openai`` and ``anthropic`` agents, end to end against model endpoints served in process."""

from __future__ import annotations

import anyio
import pytest

from harness.agents import Agent, AnthropicAgent, OpenAIAgent, make_agent
from harness.episode import WorldCache
from harness.errors import UsageError
from harness.replay.app import create_app
from harness.replay.model import Mutation, ReplayModel
from harness.runner import run_trial
from harness.tasks import select
from tests.harness.agents.endpoints import Scripted, serving

LUNCH = "mail-reply-lunch"
KINDS = ["openai", "anthropic"]


def _agent(kind: str, root: str, stream: bool = False, max_turns: int | None = None) -> Agent:
    """The OpenAI SDK takes the base URL with ``/v1``, the Anthropic SDK without."""
    base_url = f"{root}/v1" if kind == "openai" else root
    return make_agent(
        kind, model="replay", base_url=base_url, api_key="test", stream=stream, max_turns=max_turns
    )


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.anyio
async def test_the_agent_passes_every_task_with_the_replay_model(kind: str, stream: bool) -> None:
    tasks = select("all")
    worlds = WorldCache()
    failed: list[tuple[str, str | None]] = []
    async with serving(create_app(ReplayModel(tasks))) as root:
        for task in tasks:
            result = await run_trial(task, 0, _agent(kind, root, stream), worlds, time_limit=60)
            if not (result.passed and result.answer == task.oracle.answer):
                failed.append((task.id, result.error))
    assert failed == []


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.anyio
async def test_the_trial_keeps_the_transcript_tool_calls_and_usage(kind: str) -> None:
    task = select(LUNCH)[0]
    async with serving(create_app(ReplayModel([task]))) as root:
        result = await run_trial(task, 0, _agent(kind, root), WorldCache(), time_limit=60)
    assert result.tool_calls == len(task.oracle.steps)
    assert result.usage["input_tokens"] > 0 and result.usage["output_tokens"] > 0
    roles = [m["role"] for m in result.transcript]
    assert roles == ["system", "user"] + ["assistant", "tool_call", "tool_result"] * 2 + ["assistant"]
    assert result.transcript[3]["name"].startswith("mail__")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.anyio
async def test_a_wrong_step_of_the_model_makes_the_task_fail(kind: str) -> None:
    task = select(LUNCH)[0]
    model = ReplayModel([task], [Mutation(task.id, 1, "skip")])
    async with serving(create_app(model)) as root:
        result = await run_trial(task, 0, _agent(kind, root), WorldCache(), time_limit=60)
    assert result.error is None and not result.passed


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.anyio
async def test_the_turn_limit_ends_the_loop_as_a_graded_trial(kind: str) -> None:
    task = select(LUNCH)[0]
    async with serving(create_app(ReplayModel([task]))) as root:
        result = await run_trial(task, 0, _agent(kind, root, max_turns=1), WorldCache(), time_limit=60)
    assert (result.error, result.passed, result.tool_calls, result.answer) == (None, False, 1, "")
    assert result.transcript[-1] == {"role": "note", "content": "turn limit of 1 reached"}


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.anyio
async def test_a_refusing_endpoint_is_an_error_with_the_status(kind: str, stream: bool) -> None:
    endpoint = Scripted("refuse")
    async with serving(endpoint.app) as root:
        result = await run_trial(select(LUNCH)[0], 0, _agent(kind, root, stream), WorldCache(), time_limit=30)
    assert result.error is not None and "answered 401" in result.error
    assert endpoint.requests == 1


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.anyio
async def test_a_server_error_is_retried_then_the_answer_is_taken(kind: str) -> None:
    endpoint = Scripted("flaky")
    async with serving(endpoint.app) as root:
        result = await run_trial(select(LUNCH)[0], 0, _agent(kind, root), WorldCache(), time_limit=30)
    assert (result.error, result.answer, endpoint.requests) == (None, "done", 2)
    assert result.usage == {"input_tokens": 3, "output_tokens": 1}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.anyio
async def test_an_endpoint_that_hangs_ends_at_the_time_limit(kind: str) -> None:
    endpoint = Scripted("hang")
    async with serving(endpoint.app) as root:
        try:
            with anyio.fail_after(10):
                result = await run_trial(
                    select(LUNCH)[0], 0, _agent(kind, root), WorldCache(), time_limit=0.5
                )
        finally:
            endpoint.released.set()
    assert result.error == "the agent did not finish within 0.5 s"


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.anyio
async def test_an_endpoint_that_answers_garbage_is_an_error(kind: str, stream: bool) -> None:
    endpoint = Scripted("garbage")
    async with serving(endpoint.app) as root:
        result = await run_trial(select(LUNCH)[0], 0, _agent(kind, root, stream), WorldCache(), time_limit=30)
    assert result.error is not None and "model endpoint" in result.error


def test_configuration_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAWSIM_OPENAI_MODEL", "gpt-test")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/v1")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    agent = make_agent("openai")
    assert isinstance(agent, OpenAIAgent)
    assert (agent.model, agent.base_url, agent.stream) == ("gpt-test", "http://127.0.0.1:1/v1", False)
    monkeypatch.setenv("CLAWSIM_ANTHROPIC_MODEL", "claude-test")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "k")
    monkeypatch.delenv("ANTHROPIC_BASE_URL", raising=False)
    anthropic = make_agent("anthropic", max_turns=3)
    assert isinstance(anthropic, AnthropicAgent)
    assert (anthropic.model, anthropic.api_key, anthropic.max_turns) == ("claude-test", "k", 3)


def test_a_missing_model_or_an_unknown_option_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAWSIM_OPENAI_MODEL", raising=False)
    with pytest.raises(UsageError, match="needs a model"):
        make_agent("openai", base_url="http://127.0.0.1:1/v1")
    with pytest.raises(UsageError, match="agent 'noop' takes no option model"):
        make_agent("noop", model="x")
    assert make_agent("oracle", model=None).name == "oracle"


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.anyio
async def test_the_openai_agent_passes_every_task_over_the_responses_api(stream: bool) -> None:
    tasks = select("all")
    worlds = WorldCache()
    failed: list[tuple[str, str | None]] = []
    async with serving(create_app(ReplayModel(tasks))) as root:
        agent = make_agent(
            "openai", model="replay", base_url=f"{root}/v1", api_key="test", stream=stream, wire="responses"
        )
        for task in tasks:
            result = await run_trial(task, 0, agent, worlds, time_limit=60)
            if not (result.passed and result.answer == task.oracle.answer):
                failed.append((task.id, result.error))
    assert failed == []


@pytest.mark.anyio
async def test_over_the_responses_api_a_wrong_step_fails_and_usage_is_kept() -> None:
    task = select(LUNCH)[0]
    async with serving(create_app(ReplayModel([task], [Mutation(task.id, 2, "skip")]))) as root:
        agent = make_agent("openai", model="replay", base_url=f"{root}/v1", api_key="t", wire="responses")
        result = await run_trial(task, 0, agent, WorldCache(), time_limit=60)
    assert result.error is None and not result.passed
    assert result.usage["input_tokens"] > 0 and result.tool_calls == 1


def test_an_unknown_wire_is_named_by_every_agent_that_takes_one() -> None:
    with pytest.raises(UsageError, match="the openai agent's wire is 'chat' or 'responses', not 'grpc'"):
        make_agent("openai", model="m", base_url="http://127.0.0.1:1/v1", wire="grpc")
    with pytest.raises(
        UsageError, match="the openai-agents agent's wire is 'chat' or 'responses', not 'grpc'"
    ):
        make_agent("openai-agents", base_url="http://127.0.0.1:1/v1", wire="grpc")
