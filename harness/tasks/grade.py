"""Grading a trial: the world's diff and the agent's answer against the task's expectations.

Deterministic, no judge model. Each required change, each forbidden pattern, the absence of collateral
damage and each answer check is one check that passes or fails with a reason. A trial passes when every
check passes. Rows are matched by content (and by stable keys), never by the ids an agent's calls made.
Files under ``/tmp/`` are scratch: changes to them are never collateral damage (:func:`is_scratch`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from harness.tasks.model import (
    AnswerCheck,
    AnyOf,
    Condition,
    FinalState,
    Forbidden,
    Required,
    RowPattern,
    Task,
)
from state.clock import parse_time, to_db
from state.diff import Diff, RowChange
from state.schema import tables

SCRATCH_PREFIX = "/tmp/"
"""Where agents may stage files on any device without it counting against them."""

Keys = Mapping[str, Any]
"""Stable key -> the id of the row it names; ``key.column`` -> that row's column (as the task began)."""


class Check(BaseModel):
    name: str
    passed: bool
    reason: str


class Grade(BaseModel):
    passed: bool
    score: float
    checks: list[Check]
    collateral: list[RowChange]


FinalRows = Callable[[str], list[dict[str, Any]]]
"""A table's rows in the world at the end of the trial, decoded."""


def grade(task: Task, diff: Diff, answer: str, keys: Keys, final_rows: FinalRows | None = None) -> Grade:
    """Every check of ``task`` on the changes of a trial, the final state and its final answer."""
    expect = task.expect
    accounted: set[tuple[str, str]] = set()
    checks: list[Check] = []
    for index, required in enumerate(expect.changes, start=1):
        check, matched = (
            _any_of(index, required, diff.changes, keys)
            if isinstance(required, AnyOf)
            else _required(index, required, diff.changes, keys)
        )
        checks.append(check)
        accounted |= {(c.table, c.id) for c in matched}
    for index, forbidden in enumerate(expect.forbidden, start=1):
        checks.append(_forbidden(index, forbidden, diff.changes, keys))
    for pattern in expect.tolerated:
        accounted |= {(c.table, c.id) for c in diff.changes if matches(pattern, c, keys)}
    for index, state in enumerate(expect.final, start=1):
        checks.append(_final(index, state, final_rows, keys))
    accounted |= {(c.table, c.id) for c in diff.changes if is_scratch(c)}
    collateral = [c for c in diff.changes if (c.table, c.id) not in accounted]
    checks.append(_collateral(collateral))
    checks += [_answer(index, check, answer) for index, check in enumerate(expect.answer, start=1)]
    passed = sum(c.passed for c in checks)
    return Grade(
        passed=passed == len(checks), score=passed / len(checks), checks=checks, collateral=collateral
    )


def is_scratch(change: RowChange) -> bool:
    """Whether ``change`` is to a file under ``/tmp/`` and stays there: an insert or delete there, or an
    update whose path is under ``/tmp/`` before and after (moving a user's file into ``/tmp`` is not
    scratch). Required and forbidden patterns still see such changes."""
    if change.table != "file_node":
        return False
    rows = [row for row in (change.before, change.after) if row is not None]
    return bool(rows) and all(str(row.get("path", "")).startswith(SCRATCH_PREFIX) for row in rows)


def _required(
    index: int, required: Required, changes: Sequence[RowChange], keys: Keys
) -> tuple[Check, list[RowChange]]:
    matched = [c for c in changes if matches(required, c, keys)]
    name = f"required {index}: {required.description or _describe(required)}"
    if required.at_least is not None:
        ok = len(matched) >= required.at_least
        wanted = f"at least {required.at_least}"
    else:
        count = 1 if required.count is None else required.count
        ok = len(matched) == count
        wanted = f"exactly {count}"
    if ok:
        return Check(name=name, passed=True, reason=f"{len(matched)} matching change(s)"), matched
    near = [c for c in changes if c.table == required.table and c.kind == required.kind]
    reason = f"wanted {wanted} matching {required.kind} in {required.table}, found {len(matched)}"
    if near and not matched:
        reason += f"; {len(near)} other {required.kind}(s) there: " + "; ".join(
            _why_not(required, c, keys) for c in near[:3]
        )
    return Check(name=name, passed=False, reason=reason), matched


def _final(index: int, state: FinalState, final_rows: FinalRows | None, keys: Keys) -> Check:
    columns = ", ".join(state.where)
    name = f"final {index}: {state.description or f'{state.table} rows ({columns})'}"
    if final_rows is None:
        return Check(name=name, passed=False, reason="the final state was not available to the grader")
    found = [
        row
        for row in final_rows(state.table)
        if all(meets(c, row.get(k), keys) for k, c in state.where.items())
    ]
    if state.at_least is not None:
        ok, wanted = len(found) >= state.at_least, f"at least {state.at_least}"
    else:
        count = 1 if state.count is None else state.count
        ok, wanted = len(found) == count, f"exactly {count}"
    return Check(name=name, passed=ok, reason=f"wanted {wanted} such row(s) at the end, found {len(found)}")


def _any_of(
    index: int, alternatives: AnyOf, changes: Sequence[RowChange], keys: Keys
) -> tuple[Check, list[RowChange]]:
    results = [_required(index, r, changes, keys) for r in alternatives.any_of]
    name = f"required {index}: {alternatives.description or 'one of ' + str(len(results)) + ' ways'}"
    passing = [(check, matched) for check, matched in results if check.passed]
    if passing:
        return Check(name=name, passed=True, reason=passing[0][0].reason), [c for _, m in passing for c in m]
    return Check(name=name, passed=False, reason=" | ".join(check.reason for check, _ in results)), []


def _forbidden(index: int, forbidden: Forbidden, changes: Sequence[RowChange], keys: Keys) -> Check:
    hits = [c for c in changes if matches(forbidden, c, keys)]
    name = f"forbidden {index}: {forbidden.description or _describe(forbidden)}"
    if not hits:
        return Check(name=name, passed=True, reason="did not happen")
    return Check(
        name=name, passed=False, reason="happened: " + ", ".join(f"{c.table} {c.id}" for c in hits[:5])
    )


def _collateral(collateral: Sequence[RowChange]) -> Check:
    if not collateral:
        return Check(name="no collateral damage", passed=True, reason="nothing else changed")
    shown = ", ".join(f"{c.kind} {c.table} {c.id}" for c in collateral[:8])
    more = f" and {len(collateral) - 8} more" if len(collateral) > 8 else ""
    return Check(name="no collateral damage", passed=False, reason=f"unexpected changes: {shown}{more}")


def _answer(index: int, check: AnswerCheck, answer: str) -> Check:
    name = f"answer {index}: {check.description or _describe_answer(check)}"
    if check.contains is not None:
        ok = check.contains in answer
    elif check.icontains is not None:
        ok = check.icontains.casefold() in answer.casefold()
    elif check.regex is not None:
        ok = re.search(check.regex, answer) is not None
    elif check.absent is not None:
        ok = check.absent.casefold() not in answer.casefold()
    else:
        assert check.number is not None
        ok = any(abs(n - check.number) <= check.tolerance for n in _numbers(answer))
    shown = answer if len(answer) <= 160 else answer[:160] + "…"
    return Check(name=name, passed=ok, reason=f"answer {shown!r}")


def _numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in re.findall(r"-?\d[\d,]*(?:\.\d+)?", text)]


def matches(pattern: RowPattern, change: RowChange, keys: Keys) -> bool:
    """Whether ``change`` is of the pattern's table and kind and meets all its conditions."""
    return not _mismatches(pattern, change, keys, first_only=True)


def _why_not(pattern: RowPattern, change: RowChange, keys: Keys) -> str:
    return f"{change.id}: " + ", ".join(_mismatches(pattern, change, keys, first_only=False)[:3])


def _mismatches(pattern: RowPattern, change: RowChange, keys: Keys, *, first_only: bool) -> list[str]:
    if change.table != pattern.table or change.kind != pattern.kind:
        return ["another table or kind"]
    problems: list[str] = []
    if pattern.key is not None and keys.get(pattern.key) != change.id:
        problems.append(f"not the row keyed {pattern.key!r}")
    row = change.before if change.kind == "delete" else change.after
    checks = [(row, pattern.where), (change.before, pattern.before)]
    for values, conditions in checks:
        for column, condition in conditions.items():
            value = (values or {}).get(column)
            if not meets(condition, value, keys):
                problems.append(f"{column}={_short(value)}")
                if first_only:
                    return problems
    if pattern.columns is not None and change.kind == "update":
        volatile = tables()[change.table].volatile_columns
        extra = [c for c in change.columns if c not in pattern.columns and c not in volatile]
        if extra:
            problems.append(f"also changed {', '.join(extra)}")
    return problems


def meets(condition: Condition, value: Any, keys: Keys) -> bool:
    """Whether a column's value meets a condition."""
    given = condition.model_fields_set
    if "equals" in given:
        return value == condition.equals
    if condition.contains is not None:
        return condition.contains in str(value)
    if condition.icontains is not None:
        return condition.icontains.casefold() in str(value).casefold()
    if condition.regex is not None:
        return re.search(condition.regex, str(value)) is not None
    if condition.one_of is not None:
        return value in condition.one_of
    if condition.set is not None:
        return _folded(value) == {item.casefold() for item in condition.set}
    if condition.includes is not None:
        return {item.casefold() for item in condition.includes} <= _folded(value)
    if condition.ref is not None:
        return condition.ref in keys and value == keys[condition.ref]  # "key" or "key.column"
    if condition.empty is not None:
        return (value in (None, "", [], {})) == condition.empty
    return _time_meets(condition, value)


def _folded(value: Any) -> set[str]:
    items: list[Any] = value if isinstance(value, list) else []  # pyright: ignore[reportUnknownVariableType]
    return {str(item).casefold() for item in items}


def _time_meets(condition: Condition, value: Any) -> bool:
    if not isinstance(value, str) or not value:
        return False
    if condition.time is not None:
        return value == to_db(parse_time(condition.time, field="time"))
    if condition.after is not None and value < to_db(parse_time(condition.after, field="after")):
        return False
    return not (condition.before is not None and value > to_db(parse_time(condition.before, field="before")))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


def _describe(pattern: RowPattern) -> str:
    where = ", ".join(f"{column}" for column in pattern.where)
    return f"{pattern.kind} {pattern.table}" + (f" ({where})" if where else "")


def _describe_answer(check: AnswerCheck) -> str:
    for name in ("contains", "icontains", "regex", "absent"):
        if getattr(check, name) is not None:
            return f"{name} {getattr(check, name)!r}"
    return f"a number {check.number} ± {check.tolerance}"
