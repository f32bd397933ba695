"""`clawsim world audit` on a shipped persona and on world files."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from typer.testing import CliRunner

from harness.cli import app
from tests.conftest import new_world

runner = CliRunner()
MEASURES = (
    "mail_distinct_sentences",
    "mail_common_shapes",
    "chat_repeated",
    "software_vocabulary",
    "notification_mismatch",
    "calendar_overlaps",
    "mail_echo_replies",
    "dm_group_address",
    "mail_concrete",
    "empty_documents",
)


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One template cache for the module, so maya is built once."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CLAWSIM_CACHE_DIR", str(folder))
        yield folder


def test_auditing_a_persona_prints_every_measure_with_its_target(shared_cache: Path) -> None:
    result = runner.invoke(app, ["world", "audit", "maya"])
    assert result.exit_code == 0, result.output
    for name in (
        "mail: distinct-sentence ratio",
        "mail: sentences in top-50 shapes",
        "chat: repeated messages",
        "rows with software words",
        "mail: notification kind mismatch",
        "calendar: overlaps, worst week",
        "mail: echo replies",
        "chat: DMs addressed to a group",
        "mail: with a concrete detail",
        "files: empty documents",
    ):
        assert name in result.output
    assert ">= 0.95" in result.output and "<= 15%" in result.output
    assert result.output.rstrip().splitlines()[-1].startswith("maya: ")


def test_auditing_a_persona_as_json_gives_one_object_with_every_measure(shared_cache: Path) -> None:
    result = runner.invoke(app, ["world", "audit", "maya", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["world"], report["persona"]) == ("maya", "maya")
    assert tuple(m["key"] for m in report["measures"]) == MEASURES
    shapes = next(m for m in report["measures"] if m["key"] == "mail_common_shapes")
    assert shapes["bound"] == "exact" and shapes["basis"]["sentences"] > 0
    assert shapes["target"] == {"op": "<=", "value": 0.15}


async def _small_world(path: Path, *, failing: bool) -> Path:
    """A small world file; ``failing``: with an empty PDF and a DM addressed to a group."""
    world = await new_world()
    try:
        if failing:
            await world.apply("files.write_file", {"path": "/home/maya/statement.pdf", "content": ""})
            await world.apply(
                "messaging.add_workspace",
                {
                    "id": "home",
                    "name": "Home",
                    "platform": "WhatsApp",
                    "kind": "personal",
                    "user_handle": "maya",
                },
            )
            await world.apply(
                "messaging.send_direct_message",
                {"workspace": "home", "handle": "alex", "text": "anyone around?"},
            )
        return world.save(path)
    finally:
        world.close()


@pytest.fixture
def world_file(tmp_path: Path) -> Path:
    return anyio.run(functools.partial(_small_world, tmp_path / "small.db", failing=True))


def test_auditing_a_file_says_what_it_cannot_know_without_the_persona(world_file: Path) -> None:
    result = runner.invoke(app, ["world", "audit", str(world_file), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["world"], report["persona"], report["ok"]) == (str(world_file), None, False)
    by_key = {m["key"]: m for m in report["measures"]}
    assert by_key["empty_documents"]["value"] == 1 and by_key["dm_group_address"]["value"] == 1
    assert by_key["software_vocabulary"]["target"] is None
    assert by_key["calendar_overlaps"]["bound"] == "upper"
    assert by_key["mail_distinct_sentences"]["value"] is None


def test_check_exits_1_when_a_known_target_is_missed(world_file: Path) -> None:
    missed = runner.invoke(app, ["world", "audit", str(world_file), "--check"])
    assert missed.exit_code == 1, missed.output
    assert "NO" in missed.output
    quiet = anyio.run(functools.partial(_small_world, world_file.with_name("quiet.db"), failing=False))
    passed = runner.invoke(app, ["world", "audit", str(quiet), "--check"])
    assert passed.exit_code == 0, passed.output


def test_auditing_an_unknown_persona_lists_the_known_ones() -> None:
    result = runner.invoke(app, ["world", "audit", "nobody"])
    assert result.exit_code == 1
    assert "persona 'nobody' does not exist; personas: " in result.output
    assert "maya" in result.output


def test_auditing_a_missing_file_says_it_does_not_exist(tmp_path: Path) -> None:
    result = runner.invoke(app, ["world", "audit", str(tmp_path / "gone.db")])
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_auditing_a_file_that_is_not_a_world_says_so(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just text")
    result = runner.invoke(app, ["world", "audit", str(path)])
    assert result.exit_code == 1
    assert "is not a clawsim world" in result.output
