"""``clawsim run --agent openai|anthropic`` with the model flags, against the replay model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli import app
from harness.replay.app import create_app
from harness.replay.model import ReplayModel
from harness.tasks import select
from tests.harness.agents.endpoints import serving_in_a_thread

runner = CliRunner()


@pytest.mark.parametrize(
    ("kind", "suffix", "stream"), [("openai", "/v1", "--stream"), ("anthropic", "", "--no-stream")]
)
def test_run_takes_the_model_flags_and_records_usage(
    tmp_path: Path, kind: str, suffix: str, stream: str
) -> None:
    with serving_in_a_thread(create_app(ReplayModel(select("mail-*")))) as root:
        flags = ["--model", "replay", "--base-url", root + suffix, "--api-key", "test", "--max-turns", "10"]
        result = runner.invoke(
            app,
            ["run", "--agent", kind, "--tasks", "mail-reply-lunch", "--out", str(tmp_path), *flags, stream],
        )
    assert result.exit_code == 0, result.output
    [line] = (tmp_path / "results.jsonl").read_text().splitlines()
    trial = json.loads(line)
    assert (trial["passed"], trial["error"], trial["tool_calls"]) == (True, None, 2)
    assert trial["usage"]["input_tokens"] > 0


def test_run_takes_the_wire_of_the_openai_agent(tmp_path: Path) -> None:
    with serving_in_a_thread(create_app(ReplayModel(select("mail-reply-lunch")))) as root:
        result = runner.invoke(
            app,
            [
                *("run", "--agent", "openai", "--tasks", "mail-reply-lunch", "--out", str(tmp_path)),
                *("--model", "replay", "--base-url", f"{root}/v1", "--wire", "responses", "--stream"),
            ],
        )
    assert result.exit_code == 0, result.output
    [line] = (tmp_path / "results.jsonl").read_text().splitlines()
    assert (json.loads(line)["passed"], json.loads(line)["tool_calls"]) == (True, 2)
