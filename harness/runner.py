"""Running agents on tasks: trials, concurrency, results on disk (resumable) and the summary metrics."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack
from math import comb
from pathlib import Path
from typing import Any

import anyio
from pydantic import BaseModel

from harness.agents.base import Agent, AgentFailure, AgentInput, AgentResult
from harness.episode import Episode, WorldCache, start_episode
from harness.hub import EpisodeHub
from harness.tasks.grade import Check
from harness.tasks.model import Task

DEFAULT_TIMEOUT_S = 600.0
KILL_GRACE_S = 15.0


class TrialResult(BaseModel):
    """One line of ``results.jsonl``."""

    task: str
    trial: int
    category: str
    difficulty: str
    agent: str = ""
    """The agent's name; empty in results files written before it was recorded."""
    persona: str = ""
    services: list[str] = []
    """The task's services, whose tools the agent was offered."""
    passed: bool
    score: float
    checks: list[Check] = []
    collateral: list[dict[str, Any]] = []
    diff: str = ""
    tool_calls: int = 0
    answer: str = ""
    duration_s: float = 0.0
    error: str | None = None
    usage: dict[str, int] = {}
    transcript: list[dict[str, Any]] = []


async def run_trial(
    task: Task,
    trial: int,
    agent: Agent,
    worlds: WorldCache,
    time_limit: float = DEFAULT_TIMEOUT_S,
    hub: EpisodeHub | None = None,
) -> TrialResult:
    """One trial: a fresh episode, the agent, the grade. An agent that crashes or runs out of time is an
    error (reported apart from failures), never a silent failure. An agent that ``uses_http`` gets the
    episode served in ``hub`` (one is started for this trial alone when none is given)."""
    if uses_http(agent) and hub is None:
        async with EpisodeHub.serve() as own:
            return await run_trial(task, trial, agent, worlds, time_limit, own)
    started = time.perf_counter()
    base: dict[str, Any] = {
        "task": task.id,
        "trial": trial,
        "category": task.category,
        "difficulty": task.difficulty,
        "agent": agent.name,
        "persona": task.persona,
        "services": list(task.services),
    }
    episode = await start_episode(task, worlds)
    try:
        try:
            # an external client is stopped at the limit by its agent, which then reports its last lines
            with anyio.fail_after(time_limit + (KILL_GRACE_S if uses_http(agent) else 0)):
                result = await _play(agent, episode, hub if uses_http(agent) else None, time_limit)
        except TimeoutError:
            return _error(base, f"the agent did not finish within {time_limit:g} s", started)
        except AgentFailure as exc:
            return _error(base, str(exc), started)
        except BaseExceptionGroup as group:  # raised inside the agent's MCP sessions
            failure = _first_failure(group)
            if failure is None:
                raise
            return _error(base, str(failure), started)
        except Exception as exc:  # an agent's own bug must not stop the run
            return _error(base, f"the agent crashed: {type(exc).__name__}: {exc}", started)
        if not result.tool_calls and uses_http(agent):
            result.tool_calls = episode.tool_calls()
        grade = episode.grade(result.answer)
        diff = episode.diff()
        return TrialResult(
            **base,
            passed=grade.passed,
            score=round(grade.score, 4),
            checks=grade.checks,
            collateral=[c.model_dump() for c in grade.collateral],
            diff=diff.render(),
            tool_calls=len(result.tool_calls)
            or sum(1 for m in result.transcript if m.get("role") == "tool_call"),
            answer=result.answer,
            duration_s=round(time.perf_counter() - started, 3),
            usage=result.usage,
            transcript=result.transcript,
        )
    finally:
        episode.close()


def uses_http(agent: Agent) -> bool:
    return bool(getattr(agent, "uses_http", False))


async def _play(agent: Agent, episode: Episode, hub: EpisodeHub | None, time_limit: float) -> AgentResult:
    task, prompt = episode.task, episode.system_prompt
    if hub is None:
        return await agent.run(AgentInput(task, task.instruction, prompt, episode.servers, {}, time_limit))
    async with hub.episode(episode.servers) as urls:
        return await agent.run(AgentInput(task, task.instruction, prompt, episode.servers, urls, time_limit))


def _first_failure(group: BaseExceptionGroup[BaseException]) -> AgentFailure | None:
    for exc in group.exceptions:
        if isinstance(exc, AgentFailure):
            return exc
        if isinstance(exc, BaseExceptionGroup):
            found = _first_failure(exc)  # pyright: ignore[reportUnknownArgumentType]
            if found is not None:
                return found
    return None


def _error(base: dict[str, Any], message: str, started: float) -> TrialResult:
    return TrialResult(
        **base, passed=False, score=0.0, error=message, duration_s=round(time.perf_counter() - started, 3)
    )


Progress = Callable[[TrialResult], None]


async def run_suite(
    tasks: Sequence[Task],
    agent: Agent,
    *,
    trials: int = 1,
    concurrency: int = 1,
    out: Path | None = None,
    time_limit: float = DEFAULT_TIMEOUT_S,
    on_result: Progress | None = None,
    worlds: WorldCache | None = None,
) -> list[TrialResult]:
    """Every (task, trial) not already in ``out/results.jsonl``, ``concurrency`` at a time; returns the
    results of the selected tasks, old and new. Each finished trial is appended at once, so an
    interrupted run resumes where it stopped."""
    if trials < 1 or concurrency < 1:
        raise ValueError(f"trials ({trials}) and concurrency ({concurrency}) must be at least 1")
    results_file = None if out is None else out / "results.jsonl"
    done = read_results(results_file) if results_file else []
    if results_file is not None and done:
        _rewrite(results_file, done)  # drops a line an interrupted run left torn
    wanted = {t.id for t in tasks}
    have = {(r.task, r.trial): r for r in done if r.task in wanted and r.trial < trials}
    todo = [(task, n) for task in tasks for n in range(trials) if (task.id, n) not in have]
    shared = worlds or WorldCache()
    limiter = anyio.CapacityLimiter(concurrency)
    lock = anyio.Lock()
    if out is not None:
        await anyio.Path(out).mkdir(parents=True, exist_ok=True)

    async def one(task: Task, trial: int, hub: EpisodeHub | None) -> None:
        async with limiter:
            result = await run_trial(task, trial, agent, shared, time_limit, hub)
        async with lock:
            have[(task.id, trial)] = result
            if results_file is not None:
                _append(results_file, result.model_dump_json())
            if on_result is not None:
                on_result(result)

    async with AsyncExitStack() as stack:
        hub = await stack.enter_async_context(EpisodeHub.serve()) if uses_http(agent) and todo else None
        async with anyio.create_task_group() as group:
            for task, trial in todo:
                group.start_soon(one, task, trial, hub)
    return [have[key] for key in sorted(have)]


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as stream:
        stream.write(line + "\n")


def _rewrite(path: Path, results: Sequence[TrialResult]) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_text("".join(r.model_dump_json() + "\n" for r in results), encoding="utf-8")
    partial.replace(path)


def read_results(path: Path) -> list[TrialResult]:
    """The trials recorded in a results file (a torn last line from an interrupted run is skipped)."""
    if not path.is_file():
        return []
    found: list[TrialResult] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            found.append(TrialResult.model_validate_json(line))
        except ValueError:
            continue
    return found


def pass_at_k(n: int, c: int, k: int) -> float:
    """The unbiased estimator of pass@k from n trials with c passes: 1 - C(n-c, k) / C(n, k)."""
    if k > n:
        raise ValueError(f"pass@{k} needs at least {k} trials, got {n}")
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)


def summarize(results: Sequence[TrialResult]) -> dict[str, Any]:
    """The run's metrics, overall and by category and difficulty."""
    summary = _metrics(results)
    summary["by_category"] = {
        c: _metrics([r for r in results if r.category == c]) for c in sorted({r.category for r in results})
    }
    summary["by_difficulty"] = {
        d: _metrics([r for r in results if r.difficulty == d])
        for d in sorted({r.difficulty for r in results})
    }
    return summary


def _metrics(results: Sequence[TrialResult]) -> dict[str, Any]:
    per_task: dict[str, list[TrialResult]] = {}
    for result in results:
        per_task.setdefault(result.task, []).append(result)
    n_min = min((len(v) for v in per_task.values()), default=0)
    ks = list(range(1, n_min + 1))
    pass_k = {str(k): _mean([pass_at_k(len(v), _passes(v), k) for v in per_task.values()]) for k in ks}
    hat_k = {str(k): _mean([(_passes(v) / len(v)) ** k for v in per_task.values()]) for k in ks}
    return {
        "tasks": len(per_task),
        "trials": len(results),
        "passed": sum(r.passed for r in results),
        "errors": sum(r.error is not None for r in results),
        "pass_at_1": pass_k.get("1", 0.0),
        "pass_at_k": pass_k,
        "pass_hat_k": hat_k,
        "mean_score": _mean([r.score for r in results]),
    }


def _passes(results: Sequence[TrialResult]) -> int:
    return sum(r.passed for r in results)


def _mean(values: Sequence[float]) -> float:
    return round(sum(values) / len(values), 4) if values else 0.0


def write_summary(out: Path, summary: dict[str, Any]) -> Path:
    path = out / "summary.json"
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return path
