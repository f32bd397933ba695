"""Typed builders for what a template writes: conditions on columns, the changes a task requires,
tolerates or forbids, the rows the world must hold at the end, checks on the answer and oracle steps.

They return the harness's own models (:mod:`harness.tasks.model`), so pyright checks a task as the
template writes it and a mistake fails where it is made. ``change("insert", "mail_message", "a reply",
where={"to_addresses": includes(address)})`` is the YAML ``{description: a reply, table: mail_message,
kind: insert, where: {to_addresses: {includes: [address]}}}``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from harness.tasks.model import (
    AnswerCheck,
    AnyOf,
    Condition,
    Expectations,
    FinalState,
    Forbidden,
    Kind,
    OracleStep,
    Required,
    RowPattern,
)

Where = dict[str, Condition]
"""Conditions on a row's columns, by column."""

YES = (
    r"(yes|works|fine|see you|sounds good|great|confirm|count me in|i.?ll be there|perfect|sure|coming|join)"
)
"""A regex for a message that says yes."""


def equals(value: Any) -> Condition:
    return Condition(equals=value)


def contains(text: str) -> Condition:
    return Condition(contains=text)


def icontains(text: str) -> Condition:
    return Condition(icontains=text)


def regex(pattern: str) -> Condition:
    return Condition(regex=pattern)


def other_than(value: str) -> Condition:
    """Any value but exactly ``value``."""
    return Condition(regex=f"^(?!{re.escape(value)}$)")


def one_of(values: Sequence[Any]) -> Condition:
    return Condition(one_of=list(values))


def same_items(items: Sequence[str]) -> Condition:
    """For a list column: these items, in any order and case."""
    return Condition(set=list(items))


def includes(*items: str) -> Condition:
    """For a list column: has these items (any case), maybe more."""
    return Condition(includes=list(items))


def at_time(moment: str) -> Condition:
    """A stored time equal to this ISO 8601 time."""
    return Condition(time=moment)


def between(after: str, before: str) -> Condition:
    """A stored time at or after ``after`` and at or before ``before`` (ISO 8601)."""
    return Condition(after=after, before=before)


def refers_to(key: str) -> Condition:
    """The id of the row a setup or history event gave this stable key."""
    return Condition(ref=key)


def column_of(key: str, column: str) -> Condition:
    """The value ``column`` had, when the task began, in the row with this stable key."""
    return Condition(ref=f"{key}.{column}")


def empty() -> Condition:
    return Condition(empty=True)


def not_empty() -> Condition:
    return Condition(empty=False)


def unquoted(pattern: str) -> str:
    """A regex for a mail body whose own text (before a quoted or forwarded original) matches ``pattern``."""
    return rf"(?is)^(?:(?!wrote:|-------- ?Forwarded).)*?{pattern}"


def thousands(number: int) -> str:
    """A regex for ``number`` (1000 or more) written with or without a thousands separator."""
    return rf"{number // 1000}[,.\s]?{number % 1000:03d}"


def change(
    kind: Kind,
    table: str,
    description: str,
    *,
    where: Where | None = None,
    before: Where | None = None,
    key: str | None = None,
    columns: Sequence[str] | None = None,
    count: int | None = None,
    at_least: int | None = None,
) -> Required:
    """A change the task requires: once, ``count`` times or ``at_least`` times. ``where``: the row after
    the change (before it, for a delete); ``before``: an updated row before it; ``key``: the row with this
    stable key; ``columns``: the only columns an update may change."""
    return Required(
        table=table,
        kind=kind,
        where=where or {},
        before=before or {},
        columns=None if columns is None else list(columns),
        key=key,
        description=description,
        count=count,
        at_least=at_least,
    )


def forbid(
    kind: Kind,
    table: str,
    description: str,
    *,
    where: Where | None = None,
    before: Where | None = None,
    key: str | None = None,
) -> Forbidden:
    """A change that must not happen."""
    return Forbidden(
        table=table, kind=kind, where=where or {}, before=before or {}, key=key, description=description
    )


def tolerate(
    kind: Kind,
    table: str,
    *,
    where: Where | None = None,
    before: Where | None = None,
    key: str | None = None,
    columns: Sequence[str] | None = None,
) -> RowPattern:
    """A change that may happen on the way (a read mark, a reminder row), which is no collateral damage."""
    return RowPattern(
        table=table,
        kind=kind,
        where=where or {},
        before=before or {},
        columns=None if columns is None else list(columns),
        key=key,
    )


def reply_marks(mail: str) -> RowPattern:
    """Tolerated: the answered, flagged or seen mark that replying puts on the mail with the key ``mail``."""
    return tolerate("update", "mail_message", key=mail, columns=["answered", "flagged", "seen"])


def final_rows(table: str, description: str, *, where: Where, count: int | None = None) -> FinalState:
    """Rows the world holds at the end however they got there: ``count`` of them (default one)."""
    return FinalState(description=description, table=table, where=where, count=count)


def answer_contains(description: str, text: str) -> AnswerCheck:
    return AnswerCheck(description=description, contains=text)


def answer_matches(description: str, pattern: str) -> AnswerCheck:
    return AnswerCheck(description=description, regex=pattern)


def answer_lacks(description: str, text: str) -> AnswerCheck:
    """The answer must not contain ``text`` (any case)."""
    return AnswerCheck(description=description, absent=text)


def expect(
    *,
    changes: Sequence[Required | AnyOf] = (),
    tolerated: Sequence[RowPattern] = (),
    forbidden: Sequence[Forbidden] = (),
    final: Sequence[FinalState] = (),
    answer: Sequence[AnswerCheck] = (),
) -> Expectations:
    return Expectations(
        changes=list(changes),
        tolerated=list(tolerated),
        forbidden=list(forbidden),
        final=list(final),
        answer=list(answer),
    )


def result(path: str) -> dict[str, str]:
    """A value from the result an earlier oracle step saved: ``result("found.items.0.id")``."""
    return {"$result": path}


def step(service: str, tool: str, *, save: str | None = None, **args: Any) -> OracleStep:
    """One tool call of the oracle, its arguments as keywords; ``save`` names its result for later steps."""
    return OracleStep(service=service, tool=tool, args=args, save=save)


__all__ = [
    "YES",
    "Where",
    "answer_contains",
    "answer_lacks",
    "answer_matches",
    "at_time",
    "between",
    "change",
    "column_of",
    "contains",
    "empty",
    "equals",
    "expect",
    "final_rows",
    "forbid",
    "icontains",
    "includes",
    "not_empty",
    "one_of",
    "other_than",
    "refers_to",
    "regex",
    "reply_marks",
    "result",
    "same_items",
    "step",
    "thousands",
    "tolerate",
    "unquoted",
]
