"""`clawsim export sft`: passing trajectories as chat-format JSONL, from tasks (the oracle) or a run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from harness.agents import NoopAgent, OracleAgent, make_agent
from harness.agents.toolbox import Record, Toolbox
from harness.cli import app
from harness.episode import WorldCache, start_episode
from harness.export import export_results, export_run, function, offered_functions
from harness.replay.app import create_app
from harness.replay.model import ReplayModel
from harness.runner import TrialResult, run_suite, run_trial
from harness.tasks import TASKS_DIR, Task, select
from harness.tasks.model import Fault
from tests.harness.agents.endpoints import serving

runner = CliRunner()
LUNCH, DECK = "mail-reply-lunch", "mail-maya-board-deck"
TASK_FILES = [TASKS_DIR / "mail" / f"{LUNCH}.yaml", TASKS_DIR / "mail" / f"{DECK}.yaml"]


@pytest.fixture(scope="module")
def worlds() -> WorldCache:
    return WorldCache()


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _assert_well_formed(record: dict[str, Any]) -> None:
    """System, user, then assistant turns each followed by one tool message per call, in order, with the
    call's id; every called tool is offered; the last message is an answer without calls."""
    messages, offered = record["messages"], {t["function"]["name"] for t in record["tools"]}
    assert [m["role"] for m in messages[:2]] == ["system", "user"]
    position = 2
    while position < len(messages):
        turn = messages[position]
        assert turn["role"] == "assistant"
        calls = turn.get("tool_calls", [])
        answers = messages[position + 1 : position + 1 + len(calls)]
        assert [m["tool_call_id"] for m in answers] == [c["id"] for c in calls]
        assert all(m["role"] == "tool" and isinstance(m["content"], str) for m in answers)
        for call in calls:
            assert call["type"] == "function" and call["function"]["name"] in offered
            assert isinstance(json.loads(call["function"]["arguments"]), dict)
        position += 1 + len(calls)
    assert messages[-1]["role"] == "assistant" and "tool_calls" not in messages[-1]
    ids = [c["id"] for m in messages for c in m.get("tool_calls", [])]
    assert ids == [f"call_{n}" for n in range(1, len(ids) + 1)]


def _calls(record: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (c["function"]["name"], json.loads(c["function"]["arguments"]))
        for m in record["messages"]
        for c in m.get("tool_calls", [])
    ]


def test_the_oracle_on_a_folder_of_tasks_exports_every_trajectory_the_same_bytes_each_time(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "tasks"
    folder.mkdir()
    for file in TASK_FILES:
        shutil.copy(file, folder / file.name)
    written = [tmp_path / "new" / "first.jsonl", tmp_path / "second.jsonl"]
    for out in written:
        result = runner.invoke(app, ["export", "sft", str(folder), "--out", str(out), "--concurrency", "2"])
        assert result.exit_code == 0, result.output
        assert "exported 2 of 2 trials; skipped 0 failed, 0 errors, 0 foreign transcripts" in result.output
    assert written[0].read_bytes() == written[1].read_bytes()
    assert not list(tmp_path.rglob("*.partial"))
    records = _lines(written[0])
    assert [r["metadata"]["task"] for r in records] == [DECK, LUNCH]
    for record, task in zip(records, select(f"{DECK},{LUNCH}"), strict=True):
        _assert_well_formed(record)
        assert record["messages"][1] == {"role": "user", "content": task.instruction}
        assert record["messages"][-1] == {"role": "assistant", "content": task.oracle.answer}
        steps = [f"{s.service}__{s.tool}" for s in task.oracle.steps]
        assert [name for name, _ in _calls(record)] == steps
        assert record["metadata"] == {
            "task": task.id,
            "trial": 0,
            "agent": "oracle",
            "category": "mail",
            "difficulty": task.difficulty,
            "persona": "maya",
        }


@pytest.mark.anyio
async def test_a_run_directory_exports_its_passing_trials_with_the_framing_and_the_offered_tools(
    tmp_path: Path, worlds: WorldCache
) -> None:
    tasks = select(f"{LUNCH},{DECK}")
    await run_suite(tasks, OracleAgent(), out=tmp_path / "oracle", worlds=worlds)
    await run_suite(tasks, NoopAgent(), out=tmp_path / "noop", worlds=worlds)
    passed, failed = await export_run(tmp_path / "oracle"), await export_run(tmp_path / "noop")
    assert (len(failed.records), failed.skipped["failed"]) == (0, 2)
    assert [r["metadata"]["task"] for r in passed.records] == [DECK, LUNCH]
    for task, record in zip(sorted(tasks, key=lambda t: t.id), passed.records, strict=True):
        _assert_well_formed(record)
        assert record["tools"] == await _offered_in_an_episode(task, worlds)
        assert record["messages"][0]["content"].startswith("You are the personal assistant of Maya")


async def _offered_in_an_episode(task: Task, worlds: WorldCache) -> list[dict[str, Any]]:
    """The tools as the model agents offer them in a real episode of ``task``."""
    episode = await start_episode(task, worlds)
    try:
        framing = episode.system_prompt
        async with Toolbox.open(episode.servers, Record()) as toolbox:
            tools = [function(tool) for tool in toolbox.tools]
    finally:
        episode.close()
    assert framing.startswith("You are the personal assistant of Maya")
    return tools


@pytest.mark.anyio
async def test_the_system_message_is_the_episode_framing(worlds: WorldCache) -> None:
    task = select(LUNCH)[0]
    result = await run_trial(task, 0, OracleAgent(), worlds)
    episode = await start_episode(task, worlds)
    framing = episode.system_prompt
    episode.close()
    (record,) = export_results([result], await offered_functions(task.services)).records
    assert record["messages"][0] == {"role": "system", "content": framing}


@pytest.mark.anyio
async def test_a_run_of_the_openai_agent_exports_the_model_s_own_calls(
    tmp_path: Path, worlds: WorldCache
) -> None:
    task = select(LUNCH)[0]
    async with serving(create_app(ReplayModel([task]))) as root:
        agent = make_agent("openai", model="replay", base_url=f"{root}/v1", api_key="test")
        (result,) = await run_suite([task], agent, out=tmp_path, worlds=worlds, time_limit=60)
    assert result.passed and result.agent == "openai"
    (record,) = (await export_run(tmp_path)).records
    _assert_well_formed(record)
    recorded = [(m["name"], m["arguments"]) for m in result.transcript if m["role"] == "tool_call"]
    assert _calls(record) == recorded and len(recorded) == len(task.oracle.steps)
    outputs = [m["content"] for m in result.transcript if m["role"] == "tool_result"]
    assert [m["content"] for m in record["messages"] if m["role"] == "tool"] == outputs
    assert record["messages"][-1]["content"] == result.answer
    assert record["metadata"]["agent"] == "openai"


@pytest.mark.anyio
async def test_a_retried_call_exports_as_a_failed_call_then_the_call_again(worlds: WorldCache) -> None:
    task = select(LUNCH)[0]
    flaky = task.model_copy(
        update={"faults": [Fault(service="mail", tool="reply_to_email", count=1, kind="unavailable")]}
    )
    result = await run_trial(flaky, 0, OracleAgent(), worlds)
    (record,) = export_results([result], await offered_functions(task.services)).records
    _assert_well_formed(record)
    names = [name for name, _ in _calls(record)]
    assert names == ["mail__search_emails", "mail__reply_to_email", "mail__reply_to_email"]
    tools = [m["content"] for m in record["messages"] if m["role"] == "tool"]
    assert tools[1].startswith("error: ") and "503" in tools[1]
    assert not tools[2].startswith("error: ")


def _result(transcript: list[dict[str, Any]], **fields: Any) -> TrialResult:
    base: dict[str, Any] = {
        "task": LUNCH,
        "trial": 0,
        "category": "mail",
        "difficulty": "simple",
        "passed": True,
        "score": 1.0,
        "transcript": transcript,
    }
    return TrialResult(**{**base, **fields})


OWN = [
    {"role": "system", "content": "framing"},
    {"role": "user", "content": "do it"},
    {"role": "assistant", "content": "looking"},
    {"role": "tool_call", "id": "a", "name": "mail__search_emails", "arguments": {"query": "x"}},
    {"role": "tool_call", "id": "b", "name": "contacts__search_contacts", "arguments": {"query": "y"}},
    {"role": "note", "content": "not for the model"},
    {"role": "assistant", "content": "done"},
]
FOREIGN = [
    [{"role": "output", "content": "the command's stdout"}],  # the command agent
    [{"type": "system", "subtype": "init"}, {"type": "result", "result": "done"}],  # claude-code
    [{"role": "user", "content": "do it"}, {"type": "function_call", "name": "x"}],  # openai-agents
    [{"role": "user", "content": "do it"}, {"role": "assistant", "content": [{"text": "done"}]}],
]


def test_foreign_and_incomplete_transcripts_failures_and_errors_are_skipped_and_counted() -> None:
    functions = {"mail": [], "contacts": []}
    paired = [*OWN[:4], {"role": "tool_result", "id": "a", "content": "[]"}, *OWN[6:]]
    old_oracle = [OWN[1], {"role": "tool_call", "service": "mail", "tool": "x", "arguments": {}}, OWN[6]]
    results = [
        *(_result(t, trial=n, agent="command") for n, t in enumerate(FOREIGN)),
        _result(OWN, trial=4, services=["mail", "contacts"]),  # a call without its result
        _result(old_oracle, trial=5, services=["mail"]),
        _result(paired, trial=6, passed=False),
        _result(paired, trial=7, error="the agent crashed"),
        _result(paired, trial=8, services=["mail"], agent="anthropic", persona="maya"),
    ]
    export = export_results(results, functions)
    assert dict(export.skipped) == {
        "foreign transcript": 4,
        "incomplete transcript": 2,
        "failed": 1,
        "error": 1,
    }
    assert export.summary() == (
        "exported 1 of 9 trials; skipped 1 failed, 1 error, 4 foreign transcripts, 2 incomplete transcripts"
    )
    (record,) = export.records
    assert record["messages"][2:] == [
        {
            "role": "assistant",
            "content": "looking",
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "mail__search_emails", "arguments": '{"query": "x"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "[]"},
        {"role": "assistant", "content": "done"},
    ]


def test_a_results_file_from_before_agent_and_services_takes_them_from_the_shipped_task() -> None:
    paired = [*OWN[:4], {"role": "tool_result", "id": "a", "content": "[]"}, *OWN[6:]]
    old = _result(paired)
    assert (old.agent, old.services) == ("", [])
    (record,) = export_results([old], {"mail": [], "contacts": []}).records
    assert record["metadata"]["persona"] == "maya" and record["metadata"]["agent"] is None
    unknown = export_results([_result(paired, task="a-task-nobody-wrote")], {"mail": []})
    assert dict(unknown.skipped) == {"unknown task": 1}


def test_a_source_that_is_missing_or_holds_nothing_exportable_is_an_error_saying_what_was_expected(
    tmp_path: Path,
) -> None:
    missing = runner.invoke(app, ["export", "sft", str(tmp_path / "nope"), "--out", str(tmp_path / "o")])
    assert missing.exit_code == 2
    assert "does not exist; give a run directory (holding results.jsonl" in missing.output
    (tmp_path / "empty").mkdir()
    empty = runner.invoke(app, ["export", "sft", str(tmp_path / "empty"), "--out", str(tmp_path / "o")])
    assert empty.exit_code == 2
    assert "holds neither results.jsonl nor task files (*.yaml)" in empty.output
    (tmp_path / "bad.yaml").write_text("id: [unclosed\n")
    broken = runner.invoke(app, ["export", "sft", str(tmp_path / "bad.yaml"), "--out", str(tmp_path / "o")])
    assert broken.exit_code == 2 and "is not valid YAML" in broken.output
    into_dir = runner.invoke(app, ["export", "sft", str(TASK_FILES[0]), "--out", str(tmp_path)])
    assert into_dir.exit_code == 2 and "is a directory" in into_dir.output
    assert not (tmp_path / "o").exists()
