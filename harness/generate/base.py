"""What a task template is: it looks into a generated world for what it needs and writes a task from it.

A template gets a :class:`Context`: a read-only view of the world at the environment's cut-off time (its
rows, the persona behind it, the user and their people), a seeded random generator and the difficulty.
It returns a :class:`Task` in the harness's own format — the instruction in one of several phrasings,
setup events on top of the world, expectations and an oracle derived from the world's content — or
None when this world has nothing it needs. Everything a template reads and draws is determined by the
world and the seed, so the same inputs give the same task. Templates write the task's parts with the typed
builders of :mod:`harness.generate.builders` and ``harness.generate.templates._setup``.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, ClassVar, Protocol, TypeVar

from fixtures.persona import Persona, User
from harness.tasks.model import Category, Difficulty, Expectations, Oracle, Task
from state.clock import zone
from state.history import HistoryEvent

T = TypeVar("T")


@dataclass(frozen=True)
class Person:
    """Someone in the user's life, as the world knows them."""

    key: str
    """The persona's id for them (``contact-<key>`` is their contact's stable key)."""
    name: str
    email: str
    """Their first address, or ``""``."""
    relationship: str
    role: str
    organization: str
    handles: dict[str, str]
    """Chat workspace id -> their handle there."""
    given_name: str = ""
    """The name they go by where it is not the first word of ``name`` (Zhang Li: Li)."""

    @property
    def first_name(self) -> str:
        return self.given_name or self.name.split()[0]


class Context:
    """What a template sees of one world, and its seeded choices."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        persona: Persona,
        at: datetime,
        difficulty: Difficulty,
        rng: random.Random,
        task_id: str,
    ) -> None:
        self.conn = conn
        self.persona = persona
        self.at = at
        self.tz = zone(persona.timezone)
        self.difficulty: Difficulty = difficulty
        self.rng = rng
        self.task_id = task_id
        self._steps = 0

    @property
    def hard(self) -> bool:
        return self.difficulty == "hard"

    @property
    def user(self) -> User:
        return self.persona.user

    @property
    def user_first_name(self) -> str:
        return self.persona.user.first_name

    @property
    def email(self) -> str:
        """The user's first (main) address."""
        return self.persona.user.accounts[0].address

    def rows(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        return list(self.conn.execute(sql, params))

    def row(self, sql: str, *params: Any) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    def key_row(self, key: str) -> str | None:
        """The row id a stable key names in this world, if it names one."""
        found = self.row("SELECT row_id FROM plot_key WHERE id = ?", key)
        return None if found is None else str(found["row_id"])

    def people(self, *, with_email: bool = False, in_contacts: bool = True) -> list[Person]:
        """The persona's people that this world holds as contacts, in the persona's order."""
        found: list[Person] = []
        for person in self.persona.people:
            if in_contacts and (not person.in_contacts or self.key_row(f"contact-{person.id}") is None):
                continue
            email = person.emails[0] if person.emails else ""
            if with_email and not email:
                continue
            found.append(
                Person(
                    person.id,
                    person.name,
                    email,
                    person.relationship,
                    person.role,
                    person.organization,
                    dict(person.handles),
                    person.given_name,
                )
            )
        return found

    def pick(self, options: Sequence[T]) -> T:
        """One of ``options``, chosen by the seed."""
        return options[self.rng.randrange(len(options))]

    def sample(self, options: Sequence[T], count: int) -> list[T]:
        return self.rng.sample(list(options), count)

    def before(self, minutes: float) -> str:
        """The cut-off time minus ``minutes``, as an event time (ISO with the persona's offset)."""
        return self.local(self.at - timedelta(minutes=minutes))

    def local(self, moment: datetime) -> str:
        """An aware time in the persona's timezone, ISO 8601 to the second."""
        return moment.astimezone(self.tz).replace(microsecond=0).isoformat()

    def key(self, name: str) -> str:
        """A stable key for a setup row, unique to this task."""
        return f"gen-{name}"

    def task(
        self,
        *,
        title: str,
        category: Category,
        services: Sequence[str],
        instruction: str,
        expect: Expectations,
        oracle: Oracle,
        setup: Sequence[HistoryEvent] = (),
        notes: str = "",
    ) -> Task:
        """The task, with this context's id, persona, time and difficulty filled in (setup events in
        time order, events at the same time in the order given)."""
        return Task(
            id=self.task_id,
            title=title,
            category=category,
            difficulty=self.difficulty,
            persona=self.persona.id,
            at=self.at.isoformat(),
            services=list(dict.fromkeys(services)),
            instruction=instruction,
            setup=sorted(setup, key=lambda e: datetime.fromisoformat(e.at)),
            expect=expect,
            oracle=oracle,
            notes=notes,
        )


class TaskTemplate(Protocol):
    """A parameterised task: ``make`` returns a task for this world, or None when it lacks what the
    template needs."""

    id: ClassVar[str]
    category: ClassVar[Category]

    def make(self, ctx: Context) -> Task | None: ...
