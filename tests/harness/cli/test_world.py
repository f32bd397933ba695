"""`clawsim world show` and `clawsim world diff` on world files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from harness.cli import app
from state.world import World
from tests.golden import assert_golden

GOLDEN = Path(__file__).parents[1] / "golden"
runner = CliRunner()


@pytest.fixture
async def two_files(world: World, tmp_path: Path) -> tuple[Path, Path]:
    before = world.save(tmp_path / "before.db")
    await world.apply(
        "world.add_device",
        {
            "id": "tablet",
            "name": "Maya's iPad",
            "kind": "tablet",
            "os": "iPadOS",
            "home": "/",
            "hostname": "ipad",
        },
    )
    await world.apply("world.set_user", {"name": "Maya Lin", "email": "maya@lumen.io", "city": "Hamburg"})
    world.set_clock(world.now.replace(hour=12))
    after = world.save(tmp_path / "after.db")
    return before, after


@pytest.mark.anyio
async def test_world_diff_prints_the_readable_row_diff(two_files: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["world", "diff", str(two_files[0]), str(two_files[1])])
    assert result.exit_code == 0, result.output
    assert_golden(GOLDEN / "world_diff.txt", result.output)


@pytest.mark.anyio
async def test_world_diff_json_separates_volatile_changes(two_files: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["world", "diff", "--json", str(two_files[0]), str(two_files[1])])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(c["table"], c["kind"]) for c in data["changes"]] == [
        ("device", "insert"),
        ("user_profile", "update"),
    ]
    assert [(c["table"], c["columns"]) for c in data["volatile"]] == [("world", ["now"])]


@pytest.mark.anyio
async def test_world_diff_of_a_file_with_itself_is_empty(two_files: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["world", "diff", str(two_files[0]), str(two_files[0])])
    assert (result.exit_code, result.output) == (0, "no changes\n")


@pytest.mark.anyio
async def test_world_show_summarises_and_lists_rows(two_files: tuple[Path, Path]) -> None:
    summary = runner.invoke(app, ["world", "show", "--json", str(two_files[1])])
    assert summary.exit_code == 0, summary.output
    data = json.loads(summary.output)
    assert (data["persona"], data["timezone"], data["rows"]["device"]) == ("test", "Europe/Berlin", 3)
    rows = runner.invoke(app, ["world", "show", str(two_files[1]), "--table", "device", "--json"])
    assert [r["id"] for r in json.loads(rows.output)] == ["laptop", "phone", "tablet"]


@pytest.mark.anyio
async def test_world_show_of_an_unknown_table_lists_the_tables(two_files: tuple[Path, Path]) -> None:
    result = runner.invoke(app, ["world", "show", str(two_files[1]), "--table", "mails"])
    assert result.exit_code == 1
    assert "table 'mails' does not exist; tables: audit_log, " in result.output
    assert "mail_message" in result.output


def test_world_show_of_a_file_that_is_not_a_world_says_so(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("just text")
    result = runner.invoke(app, ["world", "show", str(path)])
    assert result.exit_code == 1
    assert "is not a clawsim world" in result.output


@pytest.mark.anyio
async def test_world_show_and_diff_leave_the_files_untouched(two_files: tuple[Path, Path]) -> None:
    before = [p.read_bytes() for p in two_files]
    runner.invoke(app, ["world", "show", str(two_files[0])])
    runner.invoke(app, ["world", "diff", str(two_files[0]), str(two_files[1])])
    assert [p.read_bytes() for p in two_files] == before
    assert sorted(p.name for p in two_files[0].parent.iterdir()) == ["after.db", "before.db"]


@pytest.mark.anyio
async def test_world_show_prints_rows_as_records_and_the_clock_in_local_time(
    two_files: tuple[Path, Path],
) -> None:
    rows = runner.invoke(app, ["world", "show", str(two_files[1]), "--table", "device", "--limit", "2"])
    assert rows.exit_code == 0, rows.output
    assert rows.output.splitlines()[:3] == [
        "-- device laptop --",
        "name      Maya's laptop",
        "kind      laptop",
    ]
    assert rows.output.rstrip().endswith("(2 rows)")
    summary = runner.invoke(app, ["world", "show", str(two_files[1])])
    assert "clock 2026-03-02T13:00:00+01:00 (Europe/Berlin)" in summary.output
