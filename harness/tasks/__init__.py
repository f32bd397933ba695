"""Tasks: the YAML format, loading and selecting, static checks, grading and proving each task."""

from harness.tasks.grade import Check, Grade, grade
from harness.tasks.load import TASKS_DIR, TaskError, load_task, load_tasks, select, shipped_tasks
from harness.tasks.model import CATEGORIES, Task

__all__ = [
    "CATEGORIES",
    "TASKS_DIR",
    "Check",
    "Grade",
    "Task",
    "TaskError",
    "grade",
    "load_task",
    "load_tasks",
    "select",
    "shipped_tasks",
]
