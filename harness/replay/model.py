"""The replay model's mind: find the task of a conversation and play the next step of its oracle.

The wire formats (``chat``, ``responses``, ``messages``) turn a request into a ``Conversation`` and a
``Reply`` back into their own shapes; nothing here knows about HTTP.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from harness.agents.base import AgentFailure
from harness.agents.oracle import TRANSIENT, resolve
from harness.tasks.model import Oracle, Task

SIDE_ANSWER = "clawsim replay model"
"""What a request that is not a task conversation (a title, a summary) is answered."""

_SEPARATORS = "_.-/:"


@dataclass(frozen=True)
class OfferedTool:
    """A tool as the client offers it; ``namespace`` is set for Codex's namespace groups."""

    name: str
    namespace: str | None = None

    @property
    def full_name(self) -> str:
        return f"{self.namespace}__{self.name}" if self.namespace else self.name


@dataclass(frozen=True)
class ToolResult:
    text: str
    is_error: bool = False


@dataclass
class Conversation:
    """What the replay model reads of a request, whatever its wire format."""

    user_texts: list[str] = field(default_factory=list[str])
    """The text of each user message, in order (a message's blocks joined, and each block alone)."""
    results: list[ToolResult] = field(default_factory=list[ToolResult])
    tools: list[OfferedTool] = field(default_factory=list[OfferedTool])


@dataclass(frozen=True)
class ToolUse:
    tool: OfferedTool
    arguments: dict[str, Any]
    call_id: str
    """Derived from the conversation: ``call_<number of tool results so far>``."""


@dataclass(frozen=True)
class Text:
    text: str


Reply = ToolUse | Text


@dataclass(frozen=True)
class Mutation:
    """A deliberately wrong step, so tests can show the task then fails: ``skip`` drops step ``step``
    (1-based) of task ``task_id``; ``wrong_args`` replaces its arguments with ones no tool accepts."""

    task_id: str
    step: int
    kind: str = "skip"

    @classmethod
    def parse(cls, text: str) -> Mutation:
        """``TASK_ID:STEP`` or ``TASK_ID:STEP:wrong_args``."""
        parts = text.split(":")
        if (
            len(parts) not in (2, 3)
            or not parts[1].isdigit()
            or parts[2:] not in ([], ["skip"], ["wrong_args"])
        ):
            raise ValueError(f"mutation {text!r}: expected TASK_ID:STEP or TASK_ID:STEP:(skip|wrong_args)")
        return cls(parts[0], int(parts[1]), parts[2] if len(parts) == 3 else "skip")

    def apply(self, oracle: Oracle) -> Oracle:
        if not 1 <= self.step <= len(oracle.steps):
            raise ValueError(
                f"mutation of {self.task_id!r}: step {self.step} is out of range 1..{len(oracle.steps)}"
            )
        steps = list(oracle.steps)
        if self.kind == "skip":
            del steps[self.step - 1]
        else:
            steps[self.step - 1] = steps[self.step - 1].model_copy(update={"args": {"wrong": "argument"}})
        return oracle.model_copy(update={"steps": steps})


def normalise(text: str) -> str:
    return " ".join(text.split())


class ReplayModel:
    """Plays the oracle of whichever task a conversation is about."""

    def __init__(self, tasks: Sequence[Task], mutations: Sequence[Mutation] = ()) -> None:
        self.tasks = {normalise(task.instruction): task for task in tasks}
        self.oracles = {task.id: task.oracle for task in tasks}
        for mutation in mutations:
            if mutation.task_id not in self.oracles:
                raise ValueError(f"mutation names task {mutation.task_id!r}, which is not served")
            self.oracles[mutation.task_id] = mutation.apply(self.oracles[mutation.task_id])

    def find_task(self, conversation: Conversation) -> Task | None:
        """The task whose instruction is a user text; failing that, the one with the longest
        instruction a user text contains (clients may add context around it)."""
        texts = [normalise(text) for text in conversation.user_texts]
        for text in texts:
            if text in self.tasks:
                return self.tasks[text]
        inside = [i for i in self.tasks if any(i in text for text in texts)]
        return self.tasks[max(inside, key=len)] if inside else None

    def reply(self, conversation: Conversation) -> Reply:
        if not conversation.tools:
            return Text(SIDE_ANSWER)
        task = self.find_task(conversation)
        if task is None:
            first = normalise(conversation.user_texts[0])[:120] if conversation.user_texts else ""
            return Text(
                f"replay model: no served task has the instruction {first!r}; "
                f"it serves {len(self.tasks)} tasks and matches the instruction exactly"
            )
        return self._next_step(task, conversation)

    def _next_step(self, task: Task, conversation: Conversation) -> Reply:
        oracle = self.oracles[task.id]
        done = [r for r in conversation.results if not _is_transient(r)]
        if len(done) >= len(oracle.steps):
            return Text(oracle.answer)
        number = len(done) + 1
        step = oracle.steps[len(done)]
        saved = {s.save: _value(r) for s, r in zip(oracle.steps, done, strict=False) if s.save}
        try:
            arguments = resolve(step.args, saved, number)
        except AgentFailure as exc:
            return Text(f"replay model, task {task.id}: {exc}")
        tool = pick_tool(conversation.tools, step.service, step.tool)
        if tool is None:
            offered = ", ".join(t.full_name for t in conversation.tools)
            return Text(
                f"replay model, task {task.id} step {number}: no offered tool is named like "
                f"{step.service}.{step.tool}; offered: {offered}"
            )
        return ToolUse(tool, arguments, f"call_{len(conversation.results) + 1}")


def pick_tool(tools: Sequence[OfferedTool], service: str, name: str) -> OfferedTool | None:
    """The offered tool for ``service.name``: its name ends with ``name``; among several, the one that
    mentions the service, then the one whose own name is exactly ``name``, then the shortest."""
    matching = [t for t in tools if _ends_with(t.full_name, name)]
    if not matching:
        return None

    def rank(tool: OfferedTool) -> tuple[bool, bool, int]:
        prefix = tool.full_name[: -len(name)]
        return (service in prefix, tool.name == name, -len(tool.full_name))

    return max(matching, key=rank)


def _ends_with(full_name: str, name: str) -> bool:
    return full_name == name or (full_name.endswith(name) and full_name[-len(name) - 1] in _SEPARATORS)


def _is_transient(result: ToolResult) -> bool:
    """A 429/503/504 the client will call again for, as the oracle would; it does not finish a step."""
    return bool(TRANSIENT.search(result.text)) and (result.is_error or isinstance(_value(result), str))


def _value(result: ToolResult) -> Any:
    """A tool result as the oracle saved it: the JSON of the MCP result when the text is JSON, with
    the wrappers some clients pass back taken off (a text part, a whole ``CallToolResult``)."""
    return _unwrap(_json(result.text))


def _json(text: str) -> Any:
    text = text.strip()
    try:
        return json.loads(text)
    except ValueError:
        match = re.search(r"[{\[].*[}\]]", text, re.DOTALL)
        if match:
            try:
                return json.loads(match.group(0))
            except ValueError:
                pass
        return text


_RESULT_KEYS = {"content", "structuredContent", "structured_content", "isError", "is_error", "_meta", "meta"}


def _unwrap(value: Any) -> Any:
    if isinstance(value, dict) and value.get("type") == "text" and isinstance(value.get("text"), str):
        return _unwrap(_json(value["text"]))  # OpenAI Agents SDK: a text part dumped as JSON
    if isinstance(value, list) and len(value) == 1:  # pyright: ignore[reportUnknownArgumentType]
        return _unwrap(value[0])
    if isinstance(value, dict) and "content" in value and set(value) <= _RESULT_KEYS:  # pyright: ignore[reportUnknownArgumentType]
        structured = value.get("structuredContent", value.get("structured_content"))  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
        return structured if structured is not None else _unwrap(value["content"])
    return value
