"""Reading task files and picking tasks with a selector.

A selector is a comma-separated list of terms; a task is picked when any term matches it:
``all``; a task id; a glob over ids (``mail-*``); a category (``scheduling``); a difficulty (``hard``);
a directory or a ``.yaml`` file of tasks (``clawsim run --tasks out/envs``).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from fixtures.persona import add_persona_dir
from harness.errors import HarnessError
from harness.tasks.model import CATEGORIES, Task

TASKS_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "tasks"
DIFFICULTIES = ("simple", "hard")


class TaskError(HarnessError):
    """A task file or selector that cannot be used: says which file, which field and what is allowed."""


def load_task(path: Path) -> Task:
    """The task in a YAML file, or a TaskError naming the file and the field."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TaskError(f"{path}: cannot be read: {exc}") from None
    except yaml.YAMLError as exc:
        raise TaskError(f"{path}: is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise TaskError(f"{path}: a task file holds a mapping (id, title, instruction, ...)")
    try:
        return Task.model_validate(data)
    except ValidationError as exc:
        raise TaskError(f"{path}: " + "; ".join(_describe(e) for e in exc.errors())) from None


_MODEL_STEP = re.compile(r"^(Required|AnyOf|function-(after|before|wrap)\[.*\])$")
"""Steps pydantic adds to an error's location that are not fields of the file."""


def _describe(error: Any) -> str:
    where = ".".join(str(part) for part in error["loc"] if not _MODEL_STEP.match(str(part))) or "task"
    if error["type"] == "missing":
        return f"field {where!r} is required"
    if error["type"] == "extra_forbidden":
        return f"field {where!r} is not a task field"
    return f"field {where!r}: {error['msg']} (got {_short(error.get('input'))})"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:80] + "…"


def load_tasks(paths: Iterable[Path]) -> list[Task]:
    """Tasks from files, sorted by id; two files with one id are an error."""
    tasks: dict[str, tuple[Task, Path]] = {}
    for path in sorted(paths):
        task = load_task(path)
        if task.id in tasks:
            raise TaskError(f"{path}: task id {task.id!r} is also the id of {tasks[task.id][1]}")
        tasks[task.id] = (task, path)
    return [tasks[key][0] for key in sorted(tasks)]


def task_files(root: Path) -> list[Path]:
    """The task files under ``root``: its ``.yaml`` files, except the personas of generated environments
    (``personas/``) and hidden folders."""
    if not root.is_dir():
        return [root]
    found = (p for p in root.rglob("*.yaml") if "personas" not in p.relative_to(root).parts[:-1])
    return sorted(p for p in found if not any(part.startswith(".") for part in p.relative_to(root).parts))


def shipped_tasks() -> list[Task]:
    """The shipped suite."""
    return load_tasks(task_files(TASKS_DIR))


def select(selector: str, tasks: Sequence[Task] | None = None) -> list[Task]:
    """The tasks a selector picks, in id order; an error when it picks nothing or a term is unknown."""
    terms = [t.strip() for t in selector.split(",") if t.strip()]
    if not terms:
        raise TaskError("the task selector is empty; give 'all', ids, globs, categories or difficulties")
    picked: dict[str, Task] = {}
    paths = [Path(t) for t in terms if _is_path(t)]
    for path in paths:
        if not path.exists():
            raise TaskError(
                f"task path {str(path)!r} does not exist; give a directory or a .yaml file of tasks"
            )
    for path in paths:
        _find_personas(path)
    for task in load_tasks(_files(paths)):
        picked[task.id] = task
    names = [t for t in terms if not _is_path(t)]
    if names:
        for task in list(tasks) if tasks is not None else shipped_tasks():
            if any(_matches(term, task) for term in names):
                picked.setdefault(task.id, task)
    if not picked:
        raise TaskError(
            f"the selector {selector!r} matches no task; use 'all', a task id or glob (e.g. 'mail-*'), "
            f"a category ({', '.join(CATEGORIES)}) or a difficulty ({', '.join(DIFFICULTIES)}); "
            "`clawsim tasks list` shows the tasks"
        )
    return [picked[key] for key in sorted(picked)]


def _find_personas(path: Path) -> None:
    """Tasks of generated environments name personas kept beside them in a ``personas/`` folder (at the
    environments' root): make those findable."""
    for folder in [path, *path.resolve().parents][:4]:
        if (folder / "personas").is_dir():
            add_persona_dir(folder / "personas")
            return


def _files(paths: Iterable[Path]) -> list[Path]:
    return [file for root in paths for file in task_files(root)]


def _is_path(term: str) -> bool:
    return term.endswith((".yaml", ".yml")) or "/" in term or Path(term).is_dir()


def _matches(term: str, task: Task) -> bool:
    if term in ("all", task.id, task.category, task.difficulty):
        return True
    return any(c in term for c in "*?[") and fnmatch.fnmatchcase(task.id, term)
