"""``clawsim generate``: verified environments, deterministic manifests, resuming, splits and bad input."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import anyio
import pytest
from typer.testing import CliRunner

from harness.agents import OracleAgent
from harness.cli import app
from harness.errors import UsageError
from harness.generate.run import generate
from harness.runner import run_suite
from harness.tasks import select

STARTER = ["mail-reply-request", "messaging-tell-group", "shell-find-fact"]
runner = CliRunner()


def _manifest(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    report = generate(envs=8, seed=3, out=out, workers=1, templates=STARTER)
    assert report.envs == 8
    return out


def test_every_environment_is_written_listed_and_runs(small: Path) -> None:
    lines = _manifest(small)
    assert len(lines) == 8
    for line in lines:
        task_file = small / "envs" / str(line["id"]) / "task.yaml"
        assert hashlib.sha256(task_file.read_bytes()).hexdigest() == line["hash"]
        assert line["tasks"] == [line["id"]] and line["split"] in ("train", "eval")
        assert line["difficulty"] in ("simple", "hard") and line["template"] in STARTER
    report = json.loads((small / "report.json").read_text())
    assert report["envs"] == 8 and 0 < report["verified_rate"] <= 1
    assert set(report["by_template"]) == set(STARTER)
    # the environments are ordinary task files: `clawsim run --tasks DIR` runs them
    tasks = select(str(small))
    assert sorted(t.id for t in tasks) == sorted(str(line["id"]) for line in lines)


@pytest.mark.anyio
async def test_the_oracle_passes_every_generated_environment(small: Path) -> None:
    results = await run_suite(select(str(small)), OracleAgent())
    assert [(r.task, r.passed) for r in results if not r.passed] == []


def test_the_same_seed_gives_the_same_manifest_whatever_the_workers(small: Path, tmp_path: Path) -> None:
    generate(envs=8, seed=3, out=tmp_path, workers=2, templates=STARTER)
    assert (tmp_path / "manifest.jsonl").read_bytes() == (small / "manifest.jsonl").read_bytes()
    for line in _manifest(small):
        name = Path("envs") / str(line["id"]) / "task.yaml"
        assert (tmp_path / name).read_bytes() == (small / name).read_bytes()


def test_the_manifest_of_a_small_run_is_pinned(small: Path) -> None:
    """Changing a starter template, the prover or the world changes this: re-pin on purpose."""
    digest = hashlib.sha256((small / "manifest.jsonl").read_bytes()).hexdigest()
    assert digest == PINNED, digest


PINNED = "dd690d428674cf072bd41edbe2868da43b1f601ac1768e1a235b64eaaeb3a9c2"


def test_another_seed_gives_other_environments(small: Path, tmp_path: Path) -> None:
    generate(envs=4, seed=4, out=tmp_path, workers=1, templates=STARTER)
    other = {str(line["hash"]) for line in _manifest(tmp_path)}
    assert not other <= {str(line["hash"]) for line in _manifest(small)}


def test_an_interrupted_run_resumes_without_redoing_finished_worlds(small: Path, tmp_path: Path) -> None:
    work = next((small / ".work").iterdir())
    finished = {p.name: p.stat().st_mtime_ns for p in work.glob("*.json")}
    (small / "manifest.jsonl").unlink()  # as if stopped before the end
    before = (small / "envs").stat().st_mtime_ns
    generate(envs=8, seed=3, out=small, workers=1, templates=STARTER)
    assert {p.name: p.stat().st_mtime_ns for p in work.glob("*.json")} == finished
    assert len(_manifest(small)) == 8
    assert before <= (small / "envs").stat().st_mtime_ns


def test_a_persona_is_in_one_split_only(small: Path) -> None:
    split: dict[str, set[str]] = {}
    for line in _manifest(small):
        split.setdefault(str(line["persona"]), set()).add(str(line["split"]))
    assert all(len(s) == 1 for s in split.values())


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"templates": ["nope"]}, "unknown template 'nope'; templates:"),
        ({"categories": ["cooking"]}, "unknown category 'cooking'; categories:"),
        ({"envs": 10_000_000}, "at most 400 are made"),
    ],
)
def test_impossible_requests_say_what_is_possible(
    kwargs: dict[str, object], message: str, tmp_path: Path
) -> None:
    arguments: dict[str, object] = {"envs": 5, "seed": 1, "out": tmp_path, "workers": 1, **kwargs}
    with pytest.raises(UsageError, match=message):
        generate(**arguments)  # type: ignore[arg-type]
    assert not (tmp_path / "manifest.jsonl").exists()


def test_a_category_no_chosen_template_makes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no template makes tasks of files"):
        generate(envs=3, seed=1, out=tmp_path, workers=1, templates=STARTER, categories=["files"])


def test_the_command_line_reports_and_refuses_bad_input(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["generate", "--envs", "3", "--out", str(tmp_path), "--templates", "x"])
    assert bad.exit_code == 2 and "unknown template 'x'" in bad.output
    listed = runner.invoke(app, ["generate", "--list-templates"])
    assert listed.exit_code == 0 and "shell-find-fact\tshell" in listed.output


@pytest.mark.slow
def test_generated_personas_are_kept_beside_the_environments_and_found(tmp_path: Path) -> None:
    out = tmp_path / "gen"
    generate(envs=20, seed=5, out=out, workers=1, templates=["shell-find-fact"])
    personas = sorted(p.stem for p in (out / "personas").glob("*.yaml"))
    assert personas, "the shipped personas' 9 worlds give at most 18: generated ones are needed"
    lines = _manifest(out)
    assert {str(line["persona"]) for line in lines} & set(personas)
    tasks = select(str(out))  # personas/*.yaml are not tasks; their folder is registered
    assert len(tasks) == 20
    results = anyio.run(lambda: run_suite(tasks, OracleAgent()))
    assert all(r.passed for r in results)
    exported = runner.invoke(app, ["export", "sft", str(out), "--out", str(tmp_path / "sft.jsonl")])
    assert exported.exit_code == 0, exported.output
    assert len((tmp_path / "sft.jsonl").read_text().splitlines()) == 20
