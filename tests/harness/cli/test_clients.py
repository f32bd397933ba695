"""``clawsim clients`` and ``clawsim run --agent command``."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli import app
from harness.client_installs import INSTALLS, InstallError, install
from harness.replay.app import create_app
from harness.replay.model import ReplayModel
from harness.tasks import select
from tests.harness.agents.endpoints import serving_in_a_thread

runner = CliRunner()
TINY = Path(__file__).parents[1] / "agents" / "tiny_agent.py"


def test_list_shows_each_client_its_pinned_version_and_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLAWSIM_CLIENTS_DIR", str(tmp_path))
    result = runner.invoke(app, ["clients", "list"])
    assert result.exit_code == 0, result.output
    for client in INSTALLS.values():
        assert client.name in result.output and client.version in result.output
    assert f"cache: {tmp_path}" in result.output
    assert "yes" not in result.output


def test_install_names_an_unknown_client(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLAWSIM_CLIENTS_DIR", str(tmp_path))
    result = runner.invoke(app, ["clients", "install", "claude-code", "cursor"])
    assert result.exit_code == 2
    assert "unknown client 'cursor'; clients: claude-code, codex, openclaw, openai-agents" in result.output
    assert list(tmp_path.iterdir()) == []  # nothing was installed before the check


def test_an_install_that_cannot_finish_leaves_nothing_behind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLAWSIM_CLIENTS_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no npm
    with pytest.raises(InstallError, match=r"needs npm \(Node.js\)"):
        install("codex")
    assert not INSTALLS["codex"].installed
    assert [p.name for p in (tmp_path / "cache").iterdir()] == []
    result = runner.invoke(app, ["clients", "install", "codex"])
    assert result.exit_code == 1 and "needs npm" in result.output


def test_run_drives_a_command_client(tmp_path: Path) -> None:
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(TINY))} {{mcp_config}} {{base_url}} {{prompt}}"
    with serving_in_a_thread(create_app(ReplayModel(select("mail-reply-lunch")))) as root:
        result = runner.invoke(
            app,
            [
                "run",
                "--agent",
                "command",
                "--command",
                command,
                "--base-url",
                f"{root}/v1",
                "--tasks",
                "mail-reply-lunch",
                "--out",
                str(tmp_path),
            ],
        )
    assert result.exit_code == 0, result.output
    [line] = (tmp_path / "results.jsonl").read_text().splitlines()
    trial = json.loads(line)
    assert (trial["passed"], trial["error"], trial["tool_calls"]) == (True, None, 2)


def test_run_names_a_bad_command_template() -> None:
    result = runner.invoke(
        app, ["run", "--agent", "command", "--command", "x {nope}", "--tasks", "mail-reply-lunch"]
    )
    assert result.exit_code != 0
    assert "unknown placeholders {nope}" in result.output
