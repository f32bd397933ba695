"""`clawsim run` and `clawsim tasks`: what a user types and sees."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from harness.cli import app

runner = CliRunner()


def test_run_writes_results_and_a_summary_and_prints_the_table(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["run", "--agent", "oracle", "--tasks", "mail-reply-lunch", "--trials", "2", "--out", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert "pass@k  1: 1.000  2: 1.000" in result.output
    lines = (tmp_path / "results.jsonl").read_text().splitlines()
    assert [json.loads(line)["passed"] for line in lines] == [True, True]
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert {
        "tasks",
        "trials",
        "passed",
        "errors",
        "pass_at_1",
        "pass_at_k",
        "pass_hat_k",
        "mean_score",
    } <= set(summary)
    assert summary["by_category"]["mail"]["pass_hat_k"] == {"1": 1.0, "2": 1.0}
    assert summary["by_difficulty"]["simple"]["trials"] == 2


def test_an_unknown_agent_or_selector_is_an_error_that_says_what_exists(tmp_path: Path) -> None:
    agent = runner.invoke(app, ["run", "--agent", "gpt", "--tasks", "all", "--out", str(tmp_path)])
    assert agent.exit_code == 1
    assert (
        "agent 'gpt' does not exist; agents: anthropic, claude-code, codex, command, noop, openai, openai-agents, openclaw, oracle"
        in agent.output
    )
    noop = runner.invoke(app, ["run", "--agent", "noop", "--model", "x", "--out", str(tmp_path)])
    assert noop.exit_code == 1
    assert "agent 'noop' takes no option model" in noop.output
    tasks = runner.invoke(app, ["tasks", "list", "nothing-like-this"])
    assert tasks.exit_code == 1
    assert "matches no task" in tasks.output


def test_tasks_show_and_validate() -> None:
    shown = runner.invoke(app, ["tasks", "show", "mail-reply-lunch"])
    assert shown.exit_code == 0
    assert "jonas asked about lunch thursday" in shown.output
    assert '"tool": "reply_to_email"' in shown.output
    validated = runner.invoke(app, ["tasks", "validate", "mail-reply-lunch"])
    assert validated.exit_code == 0, validated.output
    assert "1 of 1 task(s) valid" in validated.output
