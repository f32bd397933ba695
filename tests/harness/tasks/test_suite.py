"""Every shipped task is proven: its names exist, the oracle passes, doing nothing fails and a
plausible wrong solution fails."""

from __future__ import annotations

from collections import Counter

import pytest

from harness.episode import WorldCache
from harness.tasks import CATEGORIES, Task, shipped_tasks
from harness.tasks.prove import prove

TASKS = shipped_tasks()
_TEMPLATES = WorldCache()


@pytest.mark.parametrize("task", TASKS, ids=[t.id for t in TASKS])
@pytest.mark.anyio
async def test_the_shipped_task_is_proven(task: Task) -> None:
    proof = await prove(task, _TEMPLATES)
    assert proof.problems == []


def test_the_suite_spans_every_category_three_personas_and_a_third_hard() -> None:
    categories = Counter(t.category for t in TASKS)
    assert len(TASKS) >= 60
    assert {c: n for c, n in categories.items() if n < 6} == {}
    assert set(categories) == set(CATEGORIES)
    assert {t.persona for t in TASKS} == {"maya", "tom", "ines"}
    hard = sum(t.difficulty == "hard" for t in TASKS)
    assert 0.25 <= hard / len(TASKS) <= 0.45
