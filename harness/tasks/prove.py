"""Proving a task: its names exist, the oracle passes, doing nothing fails, and a plausible wrong
solution (a missing step, a wrong recipient, a wrong answer) fails too."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from harness.agents import NoopAgent, OracleAgent
from harness.episode import WorldCache
from harness.runner import TrialResult, run_trial
from harness.tasks.model import Oracle, OracleStep, Task
from harness.tasks.validate import problems

WRONG_ADDRESS = "someone.else@example.org"
_RECIPIENTS = ("to", "cc", "attendees", "members")


@dataclass
class Proof:
    task: str
    problems: list[str] = field(default_factory=lambda: [])

    @property
    def ok(self) -> bool:
        return not self.problems


async def prove(task: Task, worlds: WorldCache, *, every_mutant: bool = True) -> Proof:
    """Everything that makes ``task`` trustworthy, or what is wrong with it. With ``every_mutant`` off,
    the first wrong solution that fails is enough (the generator's check, which only needs one)."""
    proof = Proof(task.id, problems(task))
    if proof.problems:
        return proof
    oracle = await run_trial(task, 0, OracleAgent(), worlds)
    if not oracle.passed:
        proof.problems.append("the oracle fails: " + _why(oracle))
        return proof
    noop = await run_trial(task, 0, NoopAgent(), worlds)
    if noop.passed:
        proof.problems.append("doing nothing passes: the task checks nothing")
    failed: list[str] = []
    for name, wrong in mutants(task):
        result = await run_trial(task, 0, OracleAgent(wrong), worlds)
        if result.error is None and not result.passed:
            failed.append(name)
            if not every_mutant:
                break
    if not failed:
        proof.problems.append(
            "no wrong solution fails (a step left out, a wrong recipient, a wrong answer): the checks are too loose"
        )
    return proof


def _why(result: TrialResult) -> str:
    if result.error:
        return result.error
    return "; ".join(f"{c.name}: {c.reason}" for c in result.checks if not c.passed)


def mutants(task: Task) -> list[tuple[str, Oracle]]:
    """Plausible wrong solutions derived from the oracle."""
    steps = task.oracle.steps
    answer = task.oracle.answer
    found: list[tuple[str, Oracle]] = []
    for index, step in enumerate(steps):
        if not is_read_only(step.service, step.tool):
            rest = [s for i, s in enumerate(steps) if i != index]
            found.append((f"step {index + 1} ({step.tool}) left out", Oracle(steps=rest, answer=answer)))
        wrong = _wrong_recipient(step)
        if wrong is not None:
            changed = [wrong if i == index else s for i, s in enumerate(steps)]
            found.append((f"a wrong recipient in step {index + 1}", Oracle(steps=changed, answer=answer)))
    if task.expect.answer:
        found.append(("a wrong answer", Oracle(steps=steps, answer="I could not find that.")))
    return found


def _wrong_recipient(step: OracleStep) -> OracleStep | None:
    args: dict[str, Any] = dict(step.args)
    for name in _RECIPIENTS:
        if isinstance(args.get(name), list) and args[name]:
            args[name] = [WRONG_ADDRESS, *args[name][1:]]
            return step.model_copy(update={"args": args})
    return None


def is_read_only(service: str, tool: str) -> bool:
    for spec in import_module(f"servers.{service}").tool.specs:
        if spec.fn.__name__ == tool:
            return bool(spec.annotations.read_only_hint)
    return False
