"""The runner: trials graded by final state, errors apart from failures, resuming, and the metrics."""

from __future__ import annotations

import json
from pathlib import Path

import anyio
import pytest

from harness.agents import AgentInput, AgentResult, NoopAgent, OracleAgent
from harness.episode import WorldCache
from harness.runner import TrialResult, pass_at_k, read_results, run_suite, run_trial, summarize
from harness.tasks import select
from harness.tasks.model import Fault, Oracle

LUNCH = "mail-reply-lunch"


def test_pass_at_k_is_the_unbiased_estimator() -> None:
    assert pass_at_k(5, 2, 1) == pytest.approx(0.4)
    assert pass_at_k(5, 2, 2) == pytest.approx(1 - 3 / 10)
    assert pass_at_k(5, 4, 2) == 1.0
    assert pass_at_k(3, 0, 3) == 0.0
    with pytest.raises(ValueError, match="needs at least 4 trials"):
        pass_at_k(3, 1, 4)


def _result(
    task: str, trial: int, passed: bool, category: str = "mail", error: str | None = None
) -> TrialResult:
    return TrialResult(
        task=task,
        trial=trial,
        category=category,
        difficulty="simple",
        passed=passed,
        score=1.0 if passed else 0.5,
        error=error,
    )


def test_summary_has_pass_at_k_pass_hat_k_and_breakdowns() -> None:
    results = [
        _result("a", 0, True),
        _result("a", 1, False),
        _result("b", 0, False, "patrol"),
        _result("b", 1, False, "patrol", error="the agent crashed"),
    ]
    summary = summarize(results)
    assert {k: summary[k] for k in ("tasks", "trials", "passed", "errors", "pass_at_1")} == {
        "tasks": 2,
        "trials": 4,
        "passed": 1,
        "errors": 1,
        "pass_at_1": 0.25,
    }
    assert summary["pass_at_k"] == {"1": 0.25, "2": 0.5}
    assert summary["pass_hat_k"] == {"1": 0.25, "2": 0.125}
    assert summary["mean_score"] == 0.625
    assert summary["by_category"]["patrol"]["trials"] == 2
    assert summary["by_difficulty"]["simple"]["tasks"] == 2


@pytest.mark.anyio
async def test_the_oracle_passes_and_noop_fails_with_the_reasons() -> None:
    task = select(LUNCH)[0]
    worlds = WorldCache()
    oracle = await run_trial(task, 0, OracleAgent(), worlds)
    assert (oracle.passed, oracle.error, oracle.tool_calls) == (True, None, 2)
    assert "@@ insert mail_message" in oracle.diff
    noop = await run_trial(task, 0, NoopAgent(), worlds)
    assert not noop.passed and noop.error is None
    assert noop.checks[0].reason == "wanted exactly 1 matching insert in mail_message, found 0"


class _Crashing:
    name = "crashing"
    uses_http = False

    async def run(self, given: AgentInput) -> AgentResult:
        raise RuntimeError("boom")


class _Hanging:
    name = "hanging"
    uses_http = False

    async def run(self, given: AgentInput) -> AgentResult:
        await anyio.sleep(60)
        return AgentResult(answer="")


@pytest.mark.anyio
async def test_a_crash_or_a_time_out_is_an_error_not_a_failure() -> None:
    task = select(LUNCH)[0]
    worlds = WorldCache()
    crashed = await run_trial(task, 0, _Crashing(), worlds)
    assert crashed.error == "the agent crashed: RuntimeError: boom"
    hung = await run_trial(task, 0, _Hanging(), worlds, time_limit=0.2)
    assert hung.error == "the agent did not finish within 0.2 s"


@pytest.mark.anyio
async def test_a_rerun_into_the_same_directory_runs_only_the_missing_trials(tmp_path: Path) -> None:
    tasks = select(LUNCH)
    first = await run_suite(tasks, OracleAgent(), trials=2, out=tmp_path)
    assert [(r.task, r.trial) for r in first] == [(LUNCH, 0), (LUNCH, 1)]
    with (tmp_path / "results.jsonl").open("a") as stream:
        stream.write('{"task": "torn')  # an interrupted write
    ran: list[int] = []
    again = await run_suite(
        tasks, OracleAgent(), trials=3, out=tmp_path, on_result=lambda r: ran.append(r.trial)
    )
    assert ran == [2]
    assert [r.trial for r in again] == [0, 1, 2]
    assert len(read_results(tmp_path / "results.jsonl")) == 3
    line = json.loads((tmp_path / "results.jsonl").read_text().splitlines()[0])
    assert {
        "task",
        "trial",
        "passed",
        "score",
        "checks",
        "collateral",
        "tool_calls",
        "answer",
        "duration_s",
        "error",
    } <= set(line)


@pytest.mark.anyio
async def test_the_oracle_retries_a_transient_error_as_a_client_would() -> None:
    task = select(LUNCH)[0]
    flaky = task.model_copy(
        update={"faults": [Fault(service="mail", tool="reply_to_email", count=2, kind="unavailable")]}
    )
    result = await run_trial(flaky, 0, OracleAgent(), WorldCache())
    assert (result.passed, result.error) == (True, None)
    retried = [m for m in result.transcript if m["role"] == "tool_result" and m["is_error"]]
    assert len(retried) == 2 and "503 Service Unavailable" in retried[0]["content"]


@pytest.mark.anyio
async def test_an_oracle_step_that_cannot_be_played_is_an_error_naming_the_step() -> None:
    task = select(LUNCH)[0]
    steps = list(task.oracle.steps)
    broken = steps[1].model_copy(update={"args": {"email_id": {"$result": "found.items.7.id"}, "body": "x"}})
    bad = task.model_copy(update={"oracle": Oracle(steps=[steps[0], broken], answer="")})
    result = await run_trial(bad, 0, OracleAgent(), WorldCache())
    assert result.error == "oracle step 2: $result 'found.items.7.id': nothing at '7'"
