"""What ``clawsim generate`` will build: worlds (a persona at an execution date), each tried with every
chosen template at each difficulty, in a fixed order; and which personas are held out for evaluation."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from fixtures.persona import Persona
from harness.tasks.model import Difficulty

DIFFICULTIES: tuple[Difficulty, ...] = ("simple", "hard")
DATES_PER_PERSONA = 3
EVAL_SHARE = 0.2
WEEK = timedelta(days=7)


@dataclass(frozen=True)
class WorldJob:
    """One world to build and draw environments from."""

    number: int
    persona: str
    at: str
    """The execution (cut-off) time, ISO 8601 with offset."""
    split: str
    """``train`` or ``eval``: every environment of a persona is in the same split."""

    @property
    def name(self) -> str:
        return f"{self.persona}-{_stamp(self.at)}"


def execution_dates(persona: Persona, count: int = DATES_PER_PERSONA) -> list[str]:
    """The persona's own "now", then the same time one and two weeks earlier (never in the first two weeks
    of history, so each world has weeks behind it)."""
    earliest = datetime.combine(persona.history_start, persona.now.timetz()) + 2 * WEEK
    found: list[str] = []
    for back in range(count):
        moment = persona.now - back * WEEK
        if moment.replace(tzinfo=None) >= earliest.replace(tzinfo=None):
            found.append(moment.isoformat())
    return found


def splits(personas: Sequence[str], seed: int) -> dict[str, str]:
    """Persona -> ``train`` or ``eval``: a fifth of the personas (at least one when there are two or
    more), drawn by the seed, are for evaluation only."""
    ordered = sorted(personas)
    random.Random(f"{seed}:split").shuffle(ordered)
    held = round(len(ordered) * EVAL_SHARE) or (1 if len(ordered) > 1 else 0)
    return {name: ("eval" if index < held else "train") for index, name in enumerate(ordered)}


def plan_worlds(personas: Sequence[Persona], seed: int) -> list[WorldJob]:
    """Every world: each persona's newest date (in the given order), then each one's second date, and so
    on — a run that stops early still spreads over as many people as it can."""
    split = splits([p.id for p in personas], seed)
    dates = {p.id: execution_dates(p) for p in personas}
    jobs: list[WorldJob] = []
    for round_ in range(max((len(d) for d in dates.values()), default=0)):
        for persona in personas:
            if round_ < len(dates[persona.id]):
                jobs.append(WorldJob(len(jobs), persona.id, dates[persona.id][round_], split[persona.id]))
    return jobs


def env_id(job: WorldJob, template: str, difficulty: str) -> str:
    """``PERSONA-YYYYMMDDHHMM-TEMPLATE-DIFFICULTY``, lower case, usable as a task id and a folder name."""
    raw = f"{job.name}-{template}-{difficulty}".lower()
    return re.sub(r"[^a-z0-9-]+", "-", raw).strip("-")


def _stamp(at: str) -> str:
    return datetime.fromisoformat(at).strftime("%Y%m%d%H%M")
