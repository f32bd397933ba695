"""Every shipped task is proven: its names exist, the oracle passes, doing nothing fails and a
plausible wrong solution fails."""

from __future__ import annotations

import pytest

from harness.episode import Templates
from harness.tasks import Task, shipped_tasks
from harness.tasks.prove import prove

TASKS = shipped_tasks()
_TEMPLATES = Templates()


@pytest.mark.parametrize("task", TASKS, ids=[t.id for t in TASKS])
@pytest.mark.anyio
async def test_the_shipped_task_is_proven(task: Task) -> None:
    proof = await prove(task, _TEMPLATES)
    assert proof.problems == []
