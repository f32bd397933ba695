"""`clawsim personas` and `clawsim world build`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixtures.persona import list_personas
from harness.cli import app
from state.world import World

runner = CliRunner()


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLAWSIM_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _smallest() -> str:
    return min(list_personas(), key=lambda p: p.weeks).id


def test_personas_lists_every_shipped_persona_with_its_description() -> None:
    result = runner.invoke(app, ["personas"])
    assert result.exit_code == 0, result.output
    for persona in list_personas():
        assert persona.id in result.output
        assert persona.description[:40] in result.output.replace("\n", " ")
    assert len(list_personas()) >= 3


def test_world_build_writes_a_world_file_that_world_show_reads(tmp_path: Path) -> None:
    out = tmp_path / "w.db"
    built = runner.invoke(app, ["world", "build", _smallest(), "-o", str(out), "--json"])
    assert built.exit_code == 0, built.output
    report = json.loads(built.output)
    assert report["cached"] is False and report["rows"]["mail_message"] > 0
    world = World.open(out, read_only=True)
    try:
        assert world.counts() == report["rows"]
    finally:
        world.close()
    again = json.loads(runner.invoke(app, ["world", "build", _smallest(), "--json"]).output)
    assert again["cached"] is True
    shown = json.loads(runner.invoke(app, ["world", "show", str(out), "--json"]).output)
    assert shown["rows"] == report["rows"]


def test_world_build_prints_rows_bytes_and_time() -> None:
    result = runner.invoke(app, ["world", "build", _smallest()])
    assert result.exit_code == 0, result.output
    assert "mail_message" in result.output
    assert "bytes, built in" in result.output


def test_world_build_of_an_unknown_persona_lists_the_known_ones() -> None:
    result = runner.invoke(app, ["world", "build", "nobody"])
    assert result.exit_code == 1
    assert "nobody" in result.output
    for persona in list_personas():
        assert persona.id in result.output


def test_world_build_with_a_time_that_does_not_parse_says_what_is_expected(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["world", "build", _smallest(), "--at", "next tuesday", "-o", str(tmp_path / "x.db")]
    )
    assert result.exit_code == 1
    assert "is not an ISO 8601 time" in result.output
    assert not (tmp_path / "x.db").exists()
