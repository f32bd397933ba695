"""The real clients (Claude Code, Codex, OpenClaw, the OpenAI Agents SDK) as agents, against the replay
model, over the episode hub. The clients are installed on first use into the clients cache
(``clawsim clients install``) and reused after; the first run of this module downloads them (~1.6 GB)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import anyio
import pytest

from harness.agents import make_agent
from harness.client_installs import install
from harness.episode import WorldCache
from harness.replay.app import create_app
from harness.replay.model import Mutation, ReplayModel
from harness.runner import run_suite, run_trial
from harness.tasks import select
from tests.harness.agents.endpoints import serving

pytestmark = pytest.mark.slow

TASKS = (
    "mail-reply-lunch,retr-maya-metricly-quote,coord-maya-mums-dinner,messaging-tom-football,"
    "msg-maya-schufa-to-alex,sched-maya-skip-spanish,files-tom-run-log,shell-maya-hardcoded-secret,"
    "shell-tom-todo-list,shell-maya-launch-zip"
)
PRESETS = ["claude-code", "codex", "openclaw", "openai-agents"]
# How each client names the tool send_email of the server configured as "mail" (see ../shared/CLIENTS.md)
NAMING = {
    "claude-code": "mcp__mail__send_email",
    "codex": "mcp__mail/send_email",
    "openclaw": "mail__send_email",
    "openai-agents": "send_email",
}


@pytest.fixture(scope="module")
def installed() -> None:
    for name in PRESETS:
        install(name)  # a no-op once the cache holds the pinned version


def _preset(name: str, root: str) -> Any:
    return make_agent(name, model="scripted", base_url=root if name == "claude-code" else f"{root}/v1")


def _offered(log: Path) -> set[str]:
    """Every tool name the client offered the model, Codex's namespaced ones as ``namespace/name``."""
    names: set[str] = set()
    for line in log.read_text(encoding="utf-8").splitlines():
        for tool in json.loads(line)["request"].get("tools") or []:
            if tool.get("type") == "namespace":
                names |= {f"{tool['name']}/{inner['name']}" for inner in tool.get("tools") or []}
            else:
                names.add(tool.get("name") or tool.get("function", {}).get("name"))
    return names


@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.anyio
async def test_the_client_passes_tasks_of_every_service(installed: None, name: str, tmp_path: Path) -> None:
    tasks = select(TASKS)
    assert {s for t in tasks for s in t.services} >= {
        "mail",
        "calendar",
        "files",
        "messaging",
        "contacts",
        "shell",
    }
    log = tmp_path / "requests.jsonl"
    async with serving(create_app(ReplayModel(tasks), log)) as root:
        results = await run_suite(tasks, _preset(name, root), concurrency=2, time_limit=240)
    failed = [
        (r.task, r.error, r.answer[:300], [c.reason for c in r.checks if not c.passed])
        for r in results
        if not r.passed
    ]
    assert failed == []
    by_task = {r.task: r for r in results}
    for task in tasks:
        assert by_task[task.id].answer.strip() == task.oracle.answer
        assert by_task[task.id].tool_calls == len(task.oracle.steps)
    offered = _offered(log)
    assert NAMING[name] in offered
    # the client's own tools (its shell, file editing, web access) are off: it acts only through clawsim's
    built_in = {
        "Bash",
        "Read",
        "Write",
        "Edit",
        "exec",
        "shell",
        "apply_patch",
        "web_search",
        "read",
        "write",
    }
    assert offered & built_in == set()


@pytest.mark.parametrize("name", ["claude-code", "codex"])
@pytest.mark.anyio
async def test_a_wrong_step_of_the_model_makes_the_task_fail(installed: None, name: str) -> None:
    task = select("mail-reply-lunch")[0]
    async with serving(create_app(ReplayModel([task], [Mutation(task.id, 2, "skip")]))) as root:
        result = await run_trial(task, 0, _preset(name, root), WorldCache(), time_limit=120)
    assert (result.error, result.passed) == (None, False)


@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.anyio
async def test_a_model_endpoint_that_is_not_there_ends_as_an_error(installed: None, name: str) -> None:
    agent = make_agent(
        name, model="scripted", base_url="http://127.0.0.1:9" + ("" if name == "claude-code" else "/v1")
    )
    with anyio.fail_after(120):
        result = await run_trial(select("mail-reply-lunch")[0], 0, agent, WorldCache(), time_limit=15)
    assert result.error is not None and not result.passed
    assert result.error.startswith(name)
