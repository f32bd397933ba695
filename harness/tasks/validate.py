"""Static checks of a task: every name it uses exists (tables, columns, services, tools, operations,
personas). What a check finds is said with the task, the field and what is allowed."""

from __future__ import annotations

from collections.abc import Iterable

from fixtures.persona import persona_path
from harness.tasks.model import FinalState, RowPattern, Task, required_patterns
from servers import SERVICES, tool_names
from state.errors import WorldError
from state.schema import get_operation, tables


def problems(task: Task) -> list[str]:
    """Everything wrong with the names ``task`` uses; empty when it is sound."""
    found: list[str] = []
    try:
        persona_path(task.persona)
    except WorldError as exc:
        found.append(f"field 'persona': {exc}")
    for service in task.services:
        if service not in SERVICES:
            found.append(f"field 'services': {service!r} is not a service; services: {', '.join(SERVICES)}")
    for number, event in enumerate(task.setup):
        try:
            get_operation(event.op)
        except WorldError as exc:
            found.append(f"field 'setup.{number}.op': {exc}")
    found += _tool_problems("faults", ((f.service, f.tool) for f in task.faults), task)
    found += _tool_problems("oracle.steps", ((s.service, s.tool) for s in task.oracle.steps), task)
    expect = task.expect
    for field, patterns in (
        ("expect.changes", required_patterns(expect.changes)),
        ("expect.tolerated", expect.tolerated),
        ("expect.forbidden", expect.forbidden),
    ):
        for number, pattern in enumerate(patterns):
            found += _pattern_problems(f"{field}.{number}", pattern)
    for number, state in enumerate(expect.final):
        found += _pattern_problems(f"expect.final.{number}", state)
    return found


def _tool_problems(field: str, calls: Iterable[tuple[str, str]], task: Task) -> list[str]:
    found: list[str] = []
    for number, (service, tool) in enumerate(calls):
        where = f"field '{field}.{number}'"
        if service not in SERVICES:
            found.append(f"{where}: service {service!r} does not exist; services: {', '.join(SERVICES)}")
            continue
        if service not in task.services:
            found.append(f"{where}: service {service!r} is not among the task's services {task.services}")
        names = tool_names(service)
        if tool not in names:
            found.append(f"{where}: {service} has no tool {tool!r}; its tools: {', '.join(names)}")
    return found


def _pattern_problems(field: str, pattern: RowPattern | FinalState) -> list[str]:
    schema = tables()
    if pattern.table not in schema:
        return [
            f"field '{field}.table': table {pattern.table!r} does not exist; tables: {', '.join(sorted(schema))}"
        ]
    columns = schema[pattern.table].columns
    named = [*pattern.where]
    if isinstance(pattern, RowPattern):
        named += [*pattern.before, *(pattern.columns or [])]
    return [
        f"field '{field}': table {pattern.table} has no column {name!r}; columns: {', '.join(columns)}"
        for name in named
        if name not in columns
    ]
