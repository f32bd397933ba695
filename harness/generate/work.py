"""One world's share of a generation run (runs in a worker process): build the world, let every template
make its task at each difficulty, prove each task, and return the ones that hold up.

A task is kept only when its oracle passes, doing nothing fails and at least one mutant of the oracle
(a step left out, a wrong recipient, a wrong answer) fails (``harness.tasks.prove``). What is dropped is
counted with the reason. The result is also written to the run's work folder, so a resumed run does not
do a finished world again.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import anyio
import yaml

from fixtures.persona import add_persona_dir, load_persona, persona_path
from fixtures.worlds import load_template, write_atomically
from harness.episode import WorldCache
from harness.generate.base import Context
from harness.generate.plan import DIFFICULTIES, WorldJob, env_id
from harness.generate.templates import TEMPLATES
from harness.tasks.load import TaskError
from harness.tasks.model import Task
from harness.tasks.prove import prove
from state.errors import WorldError


def work_world(
    job: WorldJob, templates: list[str], seed: int, work_dir: str, persona_dirs: list[str]
) -> dict[str, Any]:
    """The environments of ``job``'s world: ``{"job", "envs": [...], "dropped": [...], "skipped": [...]}``.
    ``persona_dirs``: where generated personas are (a worker process starts without them)."""
    for folder in persona_dirs:
        if Path(folder).is_dir():
            add_persona_dir(Path(folder))
    done = Path(work_dir) / f"{job.name}.json"
    if done.is_file():
        return json.loads(done.read_text(encoding="utf-8"))
    result = anyio.run(_work, job, templates, seed)
    write_atomically(done, json.dumps(result, ensure_ascii=False).encode("utf-8"))
    return result


async def _work(job: WorldJob, chosen: list[str], seed: int) -> dict[str, Any]:
    persona = load_persona(persona_path(job.persona))
    template = await load_template(job.persona, at=job.at)
    shared = WorldCache()
    await shared.put(job.persona, job.at, template)
    world = template.episode()
    envs: list[dict[str, Any]] = []
    dropped: list[dict[str, str]] = []
    skipped: list[dict[str, str]] = []
    try:
        for name in chosen:
            for difficulty in DIFFICULTIES:
                identity = env_id(job, name, difficulty)
                rng = random.Random(f"{seed}:{identity}")
                ctx = Context(world.conn, persona, template.at, difficulty, rng, identity)
                where = {"template": name, "difficulty": difficulty}
                try:
                    task = TEMPLATES[name].make(ctx)
                except Exception as exc:  # a template's bug drops its environment, not the run
                    line = (
                        exc.__traceback__.tb_next.tb_lineno
                        if exc.__traceback__ and exc.__traceback__.tb_next
                        else 0
                    )
                    reason = f"the template failed: {type(exc).__name__} (line {line}): {exc}"
                    dropped.append({**where, "reason": reason})
                    continue
                if task is None:
                    skipped.append({**where, "reason": "this world has nothing the template needs"})
                    continue
                try:
                    proof = await prove(task, shared, every_mutant=False)
                except (WorldError, TaskError) as exc:  # e.g. setup events the world refuses
                    dropped.append({**where, "reason": f"the task cannot be set up: {exc}"[:300]})
                    continue
                if not proof.ok:
                    dropped.append({**where, "reason": proof.problems[0][:300]})
                    continue
                envs.append({"id": identity, **where, "category": task.category, "yaml": task_yaml(task)})
    finally:
        world.close()
    return {"job": job.__dict__, "envs": envs, "dropped": dropped, "skipped": skipped}


def task_yaml(task: Task) -> str:
    """The task as a YAML file the harness loads back into an equal task."""
    data = task.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
