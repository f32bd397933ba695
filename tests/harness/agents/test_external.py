"""External clients as agents: the ``command`` agent with a small client of someone else's making, and
what happens when a client is missing, crashes or hangs."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import anyio
import pytest

from harness.agents import CommandAgent, make_agent
from harness.episode import WorldCache
from harness.errors import UsageError
from harness.replay.app import create_app
from harness.replay.model import Mutation, ReplayModel
from harness.runner import run_suite, run_trial, summarize
from harness.tasks import select
from tests.harness.agents.endpoints import serving

TINY = Path(__file__).with_name("tiny_agent.py")
TASKS = "mail-reply-lunch,shell-maya-hardcoded-secret,files-tom-run-log,messaging-tom-football"
PYTHON = shlex.quote(sys.executable)


def _tiny(base: str, answer_file: bool) -> CommandAgent:
    extra = " --answer-file {answer_file}" if answer_file else ""
    command = f"{PYTHON} {shlex.quote(str(TINY))} {{mcp_config}} {{base_url}} {{prompt}}{extra}"
    agent = make_agent("command", command=command, base_url=f"{base}/v1")
    assert isinstance(agent, CommandAgent)
    return agent


@pytest.mark.parametrize("answer_file", [False, True])
@pytest.mark.anyio
async def test_a_client_run_from_a_command_template_passes_tasks_over_the_hub(answer_file: bool) -> None:
    tasks = select(TASKS)
    assert {s for t in tasks for s in t.services} >= {"mail", "shell", "files", "messaging"}
    async with serving(create_app(ReplayModel(tasks))) as root:
        results = await run_suite(tasks, _tiny(root, answer_file), concurrency=2, time_limit=120)
    assert [(r.task, r.error, r.passed) for r in results] == [
        (i, None, True) for i in sorted(t.id for t in tasks)
    ]
    by_task = {r.task: r for r in results}
    for task in tasks:  # the calls the client made, as the servers logged them
        assert by_task[task.id].tool_calls == len(task.oracle.steps)
        assert by_task[task.id].answer == task.oracle.answer


@pytest.mark.anyio
async def test_a_wrong_step_of_the_model_fails_the_task_of_a_command_client() -> None:
    task = select("mail-reply-lunch")[0]
    async with serving(create_app(ReplayModel([task], [Mutation(task.id, 2, "skip")]))) as root:
        result = await run_trial(task, 0, _tiny(root, True), WorldCache(), time_limit=120)
    assert (result.error, result.passed) == (None, False)


def _command(script: str) -> CommandAgent:
    agent = make_agent("command", command=f"{PYTHON} -c {shlex.quote(script)} {{prompt}}")
    assert isinstance(agent, CommandAgent)
    return agent


@pytest.mark.anyio
async def test_a_client_that_crashes_is_an_error_that_quotes_its_last_lines() -> None:
    crash = "import sys; print('starting'); sys.stderr.write('fatal: the model said no\\n'); sys.exit(3)"
    result = await run_trial(select("mail-reply-lunch")[0], 0, _command(crash), WorldCache(), time_limit=60)
    assert result.error is not None and not result.passed
    assert result.error.startswith("command exited with status 3; its last lines:")
    assert "fatal: the model said no" in result.error and "starting" in result.error


@pytest.mark.anyio
async def test_a_client_that_hangs_is_stopped_with_everything_it_started(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    hang = (
        "import subprocess, sys, time; "
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']); "
        f"open({str(pids)!r}, 'w').write(str(child.pid)); print('waiting for a model', flush=True); "
        "time.sleep(600)"
    )
    with anyio.fail_after(60):
        result = await run_trial(select("mail-reply-lunch")[0], 0, _command(hang), WorldCache(), time_limit=2)
    assert result.error is not None
    assert result.error.startswith("command did not finish within 2 s and was stopped; its last lines:")
    assert "waiting for a model" in result.error
    assert not _running(int(pids.read_text()))  # the client's own child went with it


def _running(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for whoever reaps orphans here does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.anyio
async def test_the_run_goes_on_past_clients_that_fail() -> None:
    tasks = select("mail-reply-lunch,msg-maya-skip-bouldering")
    results = await run_suite(tasks, _command("raise SystemExit(7)"), concurrency=2, time_limit=60)
    assert [r.error is not None and "status 7" in r.error for r in results] == [True, True]
    assert summarize(results)["errors"] == 2


@pytest.mark.anyio
async def test_a_command_that_does_not_exist_is_an_error_naming_it() -> None:
    agent = make_agent("command", command="no-such-client-of-clawsim {prompt}")
    result = await run_trial(select("mail-reply-lunch")[0], 0, agent, WorldCache(), time_limit=30)
    assert result.error is not None and "could not be started (no-such-client-of-clawsim)" in result.error


@pytest.mark.anyio
async def test_a_preset_that_is_not_installed_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLAWSIM_CLIENTS_DIR", str(tmp_path))
    for name in ("claude-code", "codex", "openclaw", "openai-agents"):
        agent = make_agent(name, base_url="http://127.0.0.1:9/v1")
        result = await run_trial(select("mail-reply-lunch")[0], 0, agent, WorldCache(), time_limit=30)
        assert result.error is not None and f"`clawsim clients install {name}`" in result.error


def test_command_templates_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAWSIM_COMMAND", raising=False)
    with pytest.raises(UsageError, match="needs a command"):
        make_agent("command")
    with pytest.raises(UsageError, match=r"unknown placeholders \{mcp\}; placeholders: \{mcp_config\}"):
        make_agent("command", command="agent --config {mcp}")
    with pytest.raises(UsageError, match="cannot be split into words"):
        make_agent("command", command="agent 'unclosed")
    with pytest.raises(UsageError, match="agent 'claude-code' takes no option command"):
        make_agent("claude-code", command="x")


@pytest.mark.anyio
async def test_a_client_that_leaves_something_running_is_still_read_and_the_rest_stopped(
    tmp_path: Path,
) -> None:
    pids = tmp_path / "pids"
    leave = (
        "import subprocess, sys; "
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)']); "
        f"open({str(pids)!r}, 'w').write(str(child.pid)); print('the answer is 42')"
    )
    with anyio.fail_after(30):
        result = await run_trial(
            select("mail-reply-lunch")[0], 0, _command(leave), WorldCache(), time_limit=60
        )
    assert result.error is None and result.answer == "the answer is 42"
    assert not _running(int(pids.read_text()))
