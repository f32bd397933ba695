"""A task as its YAML file says it: who, when, what the user asks, what the world must look like after.

Every model forbids unknown fields, so a typo in a task file is an error that names the field.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from state.history import HistoryEvent

Category = Literal[
    "mail",
    "scheduling",
    "files",
    "messaging",
    "shell",
    "coordination",
    "retrieval",
    "patrol",
    "safety",
    "multi-device",
]
CATEGORIES: tuple[str, ...] = get_args(Category)
Difficulty = Literal["simple", "hard"]
Kind = Literal["insert", "update", "delete"]


def _check_regex(pattern: str | None) -> None:
    if pattern is None:
        return
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"regex {pattern!r} is not a valid Python regular expression: {exc}") from None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Strict):
    """What one column's value must be. Exactly one test is given.

    ``ref`` names a row by the stable key a history or setup event gave it (``{"$ref": key}`` in events):
    the column must hold that row's id; ``key.column`` (``jonas-mail.message_id``) that row's column as
    it was when the task began.
    """

    equals: Any = None
    contains: str | None = None
    icontains: Annotated[str | None, Field(description="Contains, ignoring case.")] = None
    regex: str | None = None
    one_of: list[Any] | None = None
    set: Annotated[
        list[str] | None,
        Field(description="For a list column (recipients): the same items, in any order and case."),
    ] = None
    includes: Annotated[
        list[str] | None, Field(description="For a list column: has these items (any case), maybe more.")
    ] = None
    time: Annotated[str | None, Field(description="A stored time equal to this ISO 8601 time.")] = None
    after: Annotated[str | None, Field(description="A time at or after this one (ISO 8601).")] = None
    before: Annotated[str | None, Field(description="A time at or before this one (ISO 8601).")] = None
    ref: str | None = None
    empty: bool | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        _check_regex(self.regex)
        given = [name for name in type(self).model_fields if name in self.model_fields_set]
        window = {"after", "before"}
        if not given or (len(given) > 1 and not set(given) <= window):
            raise ValueError(
                f"a condition gives exactly one test (or after and before together), got {given or 'none'}; "
                "tests: equals, contains, icontains, regex, one_of, set, includes, time, after/before, ref, empty"
            )
        return self


Conditions = dict[str, Condition]


class RowPattern(_Strict):
    """Rows of one table changed in one way, matching conditions on their columns."""

    table: str
    kind: Kind
    where: Annotated[
        Conditions,
        Field(description="Conditions on the row after the change (before it, for a delete)."),
    ] = {}
    before: Annotated[Conditions, Field(description="For an update: conditions on the row before it.")] = {}
    columns: Annotated[
        list[str] | None,
        Field(description="For an update: the only columns it may change (default: any)."),
    ] = None
    key: Annotated[str | None, Field(description="The row is the one this stable key names.")] = None
    description: str = ""


class Required(RowPattern):
    """A change that must happen, ``count`` times (default exactly once; ``at_least`` for a minimum)."""

    count: int | None = None
    at_least: int | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Required:
        if self.count is not None and self.at_least is not None:
            raise ValueError("give count or at_least, not both")
        if (self.count is not None and self.count < 0) or (self.at_least is not None and self.at_least < 1):
            raise ValueError("count must be 0 or more and at_least 1 or more")
        return self


class AnyOf(_Strict):
    """A required change that may happen in one of several ways (a reply, or a new mail to the same
    person): it passes when any alternative does."""

    description: str = ""
    any_of: Annotated[list[Required], Field(min_length=2)]

    def patterns(self) -> list[Required]:
        return self.any_of


class FinalState(_Strict):
    """Rows the world must hold at the end, however they got there (``count`` of them, default 1): for
    tasks where several ways are fair (a file moved, or copied and the original deleted)."""

    description: str = ""
    table: str
    where: Conditions = {}
    count: int | None = None
    at_least: int | None = None


class Forbidden(RowPattern):
    """A change that must not happen."""


class AnswerCheck(_Strict):
    """A check on the agent's final answer. Exactly one test is given."""

    description: str = ""
    contains: str | None = None
    icontains: str | None = None
    regex: str | None = None
    number: float | None = None
    tolerance: float = 0.0
    absent: Annotated[str | None, Field(description="The answer must not contain this (any case).")] = None

    @model_validator(mode="after")
    def _one_test(self) -> AnswerCheck:
        _check_regex(self.regex)
        given = [
            n for n in ("contains", "icontains", "regex", "number", "absent") if getattr(self, n) is not None
        ]
        if len(given) != 1:
            raise ValueError(
                f"an answer check gives exactly one test, got {given or 'none'}; "
                "tests: contains, icontains, regex, number (with tolerance), absent"
            )
        return self


def _change_kind(value: Any) -> str:
    # a dict when validating, the model itself when serialising
    return (
        "AnyOf" if isinstance(value, AnyOf) or (isinstance(value, dict) and "any_of" in value) else "Required"
    )


Change = Annotated[
    Annotated[Required, Tag("Required")] | Annotated[AnyOf, Tag("AnyOf")], Discriminator(_change_kind)
]


class Expectations(_Strict):
    changes: list[Change] = []
    tolerated: list[RowPattern] = []
    forbidden: list[Forbidden] = []
    final: list[FinalState] = []
    answer: list[AnswerCheck] = []


class Fault(_Strict):
    service: str
    tool: str
    count: int = 1
    kind: Literal["unavailable", "rate_limited", "timeout"] = "unavailable"


class OracleStep(_Strict):
    """One tool call of the reference solution. In ``args``, ``{"$result": "NAME.path.to.value"}`` is a
    value from the result a step saved as NAME (``items.0.id``: the first item's id)."""

    service: str
    tool: str
    args: dict[str, Any] = {}
    save: str | None = None


class Oracle(_Strict):
    steps: list[OracleStep]
    answer: str = ""


class Task(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    title: str
    category: Category
    difficulty: Difficulty
    persona: str
    at: Annotated[str | None, Field(description="Execution time, ISO 8601 with offset.")] = None
    services: list[str]
    instruction: str
    setup: list[HistoryEvent] = []
    faults: list[Fault] = []
    expect: Expectations
    oracle: Oracle
    notes: str = ""

    def refs(self) -> set[str]:
        """The ``key.column`` references the expectations make."""
        e = self.expect
        patterns = [*required_patterns(e.changes), *e.tolerated, *e.forbidden]
        return {
            c.ref
            for p in patterns
            for c in [*p.where.values(), *p.before.values()]
            if c.ref is not None and "." in c.ref
        }

    @property
    def checks(self) -> int:
        """How many checks grade a trial: each required change, each forbidden pattern, collateral damage,
        each answer check."""
        e = self.expect
        return len(e.changes) + len(e.forbidden) + len(e.final) + 1 + len(e.answer)


def required_patterns(changes: list[Required | AnyOf]) -> list[Required]:
    """Every pattern of the required changes, alternatives included."""
    return [p for c in changes for p in (c.patterns() if isinstance(c, AnyOf) else [c])]


__all__ = [
    "CATEGORIES",
    "AnswerCheck",
    "AnyOf",
    "Condition",
    "Expectations",
    "Fault",
    "FinalState",
    "Forbidden",
    "Oracle",
    "OracleStep",
    "Required",
    "RowPattern",
    "Task",
]
