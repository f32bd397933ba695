"""The generation run: personas, worlds in a fixed order across worker processes, the first N verified
environments written out with a manifest and a report.

Output folder:

- ``personas/ID.yaml`` — the generated personas the environments use (shipped ones are referenced by id);
- ``envs/ENV_ID/task.yaml`` — one environment: its task (persona, cut-off time, setup, checks, oracle);
- ``manifest.jsonl`` — one line per environment: id, persona, at, split, template, categories,
  difficulty, tasks and the SHA-256 of its task file;
- ``report.json`` — counts, the verified rate and what was dropped per template;
- ``.work/`` — each finished world's result, so an interrupted run resumes without redoing it.

The manifest depends only on the seed, the code and the arguments: worlds are consumed in plan order
whatever the number of workers.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from fixtures.persona import Persona, add_persona_dir, list_personas
from fixtures.worlds import code_fingerprint, write_atomically
from harness.errors import UsageError
from harness.generate.plan import DIFFICULTIES, WorldJob, plan_worlds
from harness.generate.templates import TEMPLATES
from harness.generate.work import work_world
from harness.tasks.model import CATEGORIES

MAX_GENERATED_PERSONAS = 400


@dataclass
class Report:
    envs: int = 0
    worlds: int = 0
    candidates: int = 0
    verified: int = 0
    dropped: int = 0
    skipped: int = 0
    seconds: float = 0.0
    by_template: dict[str, dict[str, Any]] = field(default_factory=lambda: {})

    @property
    def verified_rate(self) -> float:
        return round(self.verified / self.candidates, 4) if self.candidates else 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "envs": self.envs,
            "worlds": self.worlds,
            "candidates": self.candidates,
            "verified": self.verified,
            "dropped": self.dropped,
            "skipped": self.skipped,
            "verified_rate": self.verified_rate,
            "seconds": round(self.seconds, 2),
            "by_template": self.by_template,
        }


Progress = Callable[[int, int], None]
"""Called with (environments so far, environments wanted) after each world."""


def choose_templates(templates: Sequence[str] | None, categories: Sequence[str] | None) -> list[str]:
    """The template ids to use, or an error naming what exists."""
    chosen = list(TEMPLATES)
    if templates:
        unknown = [t for t in templates if t not in TEMPLATES]
        if unknown:
            raise UsageError(
                f"unknown template {', '.join(map(repr, unknown))}; templates: {', '.join(sorted(TEMPLATES))}"
            )
        chosen = [t for t in chosen if t in templates]
    if categories:
        unknown = [c for c in categories if c not in CATEGORIES]
        if unknown:
            raise UsageError(
                f"unknown category {', '.join(map(repr, unknown))}; categories: {', '.join(CATEGORIES)}"
            )
        chosen = [t for t in chosen if TEMPLATES[t].category in categories]
        if not chosen:
            raise UsageError(f"no template makes tasks of {', '.join(categories)}")
    return chosen


def personas_for(envs: int, templates: int, seed: int, out: Path) -> list[Persona]:
    """The shipped personas, then as many generated ones as ``envs`` environments need (each world can
    give at most ``templates`` x 2 environments; about a third of the candidates are assumed lost)."""
    shipped = list_personas()
    per_persona = templates * len(DIFFICULTIES) * 3
    wanted = math.ceil(envs * 1.5 / per_persona)
    extra = max(0, wanted - len(shipped))
    if extra > MAX_GENERATED_PERSONAS:
        most = (MAX_GENERATED_PERSONAS + len(shipped)) * per_persona * 2 // 3
        raise UsageError(
            f"{envs} environments from {templates} template(s) would need {extra} generated personas; "
            f"at most {MAX_GENERATED_PERSONAS} are made, so ask for about {most} environments or fewer, "
            "or use more templates"
        )
    if extra == 0:
        return shipped
    from fixtures.personagen import generate_personas, persona_yaml

    made = generate_personas(extra, seed)
    folder = out / "personas"
    folder.mkdir(parents=True, exist_ok=True)
    for persona in made:
        _write_if_changed(folder / f"{persona.id}.yaml", persona_yaml(persona))
    add_persona_dir(folder)
    return shipped + made


def generate(
    *,
    envs: int,
    seed: int,
    out: Path,
    workers: int = 1,
    templates: Sequence[str] | None = None,
    categories: Sequence[str] | None = None,
    progress: Progress | None = None,
) -> Report:
    """Make ``envs`` verified environments into ``out``; returns the report (also in report.json)."""
    if envs < 1 or workers < 1:
        raise UsageError(f"--envs ({envs}) and --workers ({workers}) must be at least 1")
    started = time.perf_counter()
    chosen = choose_templates(templates, categories)
    out.mkdir(parents=True, exist_ok=True)
    personas = personas_for(envs, len(chosen), seed, out)
    jobs = plan_worlds(personas, seed)
    capacity = len(jobs) * len(chosen) * len(DIFFICULTIES)
    if envs > capacity:
        raise UsageError(
            f"{envs} environments are more than the {capacity} distinct ones {len(jobs)} worlds x "
            f"{len(chosen)} template(s) x {len(DIFFICULTIES)} difficulties can make; ask for at most {capacity}"
        )
    work_dir = out / ".work" / _fingerprint(seed, chosen)
    work_dir.mkdir(parents=True, exist_ok=True)
    report = Report(by_template={t: {"made": 0, "verified": 0, "dropped": 0, "skipped": 0} for t in chosen})
    selected: list[tuple[WorldJob, dict[str, Any]]] = []
    for job, result in _results(jobs, chosen, seed, out, work_dir, workers):
        report.worlds += 1
        _count(report, result)
        for env in result["envs"]:
            if len(selected) < envs:
                selected.append((job, env))
        if progress is not None:
            progress(len(selected), envs)
        if len(selected) >= envs:
            break
    if len(selected) < envs:
        raise UsageError(
            f"only {len(selected)} of {envs} environments could be verified from {len(jobs)} worlds; "
            "ask for fewer, or add templates"
        )
    _write_envs(out, selected)
    report.envs = len(selected)
    report.seconds = time.perf_counter() - started
    write_atomically(out / "report.json", (json.dumps(report.as_json(), indent=2) + "\n").encode())
    return report


def _results(
    jobs: list[WorldJob], chosen: list[str], seed: int, out: Path, work_dir: Path, workers: int
) -> Iterator[tuple[WorldJob, dict[str, Any]]]:
    """Each world's result in plan order; ``workers`` processes work ahead of the consumer."""
    folders = [str(out / "personas")]
    if workers == 1:
        for job in jobs:
            yield job, work_world(job, chosen, seed, str(work_dir), folders)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        pending: list[tuple[WorldJob, Future[dict[str, Any]]]] = []
        upcoming = iter(jobs)
        try:
            for job in upcoming:
                pending.append((job, pool.submit(work_world, job, chosen, seed, str(work_dir), folders)))
                if len(pending) >= workers * 2:
                    break
            while pending:
                job, future = pending.pop(0)
                result = future.result()
                following = next(upcoming, None)
                if following is not None:
                    pending.append(
                        (following, pool.submit(work_world, following, chosen, seed, str(work_dir), folders))
                    )
                yield job, result
        finally:
            for _, future in pending:
                future.cancel()


def _count(report: Report, result: dict[str, Any]) -> None:
    for env in result["envs"]:
        entry = report.by_template[env["template"]]
        entry["made"] += 1
        entry["verified"] += 1
    for drop in result["dropped"]:
        entry = report.by_template[drop["template"]]
        entry["made"] += 1
        entry["dropped"] += 1
        reasons: dict[str, int] = entry.setdefault("reasons", {})
        reason = drop["reason"].split(":")[0]
        reasons[reason] = reasons.get(reason, 0) + 1
        entry.setdefault("example", f"{drop['difficulty']}: {drop['reason']}")
    for skip in result["skipped"]:
        report.by_template[skip["template"]]["skipped"] += 1
    report.verified += len(result["envs"])
    report.dropped += len(result["dropped"])
    report.skipped += len(result["skipped"])
    report.candidates += len(result["envs"]) + len(result["dropped"])


def _write_envs(out: Path, selected: list[tuple[WorldJob, dict[str, Any]]]) -> None:
    """The chosen environments and the manifest; environments of an earlier, larger run are removed."""
    root = out / "envs"
    root.mkdir(exist_ok=True)
    keep = {env["id"] for _, env in selected}
    for folder in root.iterdir():
        if folder.is_dir() and folder.name not in keep:
            shutil.rmtree(folder)
    lines: list[str] = []
    for job, env in selected:
        text: str = env["yaml"]
        folder = root / env["id"]
        folder.mkdir(exist_ok=True)
        _write_if_changed(folder / "task.yaml", text)
        line = {
            "id": env["id"],
            "persona": job.persona,
            "at": job.at,
            "split": job.split,
            "template": env["template"],
            "categories": [env["category"]],
            "difficulty": env["difficulty"],
            "tasks": [env["id"]],
            "hash": hashlib.sha256(text.encode()).hexdigest(),
        }
        lines.append(json.dumps(line, ensure_ascii=False))
    write_atomically(out / "manifest.jsonl", "".join(line + "\n" for line in lines).encode())


def _fingerprint(seed: int, chosen: list[str]) -> str:
    """Finished worlds are reused only by a run with the same seed, templates and code."""
    digest = hashlib.sha256(f"{seed}\x00{','.join(chosen)}\x00{code_fingerprint()}".encode())
    harness = Path(__file__).resolve().parents[1]
    for source in sorted([*harness.glob("generate/**/*.py"), *harness.glob("tasks/*.py")]):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def _write_if_changed(path: Path, text: str) -> None:
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        write_atomically(path, text.encode())
