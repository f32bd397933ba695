"""Passing trajectories as chat-format JSONL for fine-tuning: OpenAI's chat format with tools, which TRL,
axolotl and LLaMA-Factory read.

One line per trial: ``{"messages": [...], "tools": [...], "metadata": {...}}``. The messages are the
framing (``system``), the instruction (``user``), each model turn (``assistant``, its calls in
``tool_calls``) followed by one ``tool`` message per call, and the final answer. The tools are every tool
of the task's services as the model agents offer them (``SERVICE__TOOL``, description, input schema).
Call ids are renumbered ``call_1``, ``call_2``, ... per trajectory, so the same trials always give the same
bytes.

Only trials in clawsim's own message format can be exported: those of the model agents (``openai``,
``anthropic``) and the oracle. External clients record their own event logs, which are skipped.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fixtures.worlds import write_atomically
from harness.agents.oracle import OracleAgent
from harness.agents.toolbox import OfferedTool, Record, Toolbox
from harness.errors import HarnessError
from harness.runner import DEFAULT_TIMEOUT_S, TrialResult, read_results, run_suite
from harness.tasks.load import select, shipped_tasks
from harness.tasks.model import Task
from servers import create_server
from state.world import World

RESULTS = "results.jsonl"
OWN_ROLES = frozenset({"system", "user", "assistant", "tool_call", "tool_result", "note"})
"""The roles of clawsim's own transcripts (harness/agents/toolbox.py, oracle.py); ``note`` is not a
message the model saw and is left out."""
REASONS = ("failed", "error", "foreign transcript", "incomplete transcript", "unknown task")
"""Why a trial is not exported: it failed; it ended in an error; its transcript is a client's own event
log; it is clawsim's format but lacks what a conversation needs (an old oracle transcript without the
framing, a call without its result, no final answer); its task's services are not known."""


class SourceError(HarnessError):
    """An export source that is neither a run directory nor tasks: says what was expected."""


class NotExportable(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class Export:
    """The exported trajectories, one JSON object each, and how many trials were skipped and why."""

    records: list[dict[str, Any]] = field(default_factory=lambda: [])
    skipped: Counter[str] = field(default_factory=lambda: Counter[str]())

    def jsonl(self) -> str:
        return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in self.records)

    def summary(self) -> str:
        total = len(self.records) + self.skipped.total()
        counts = [
            _count(self.skipped[reason], reason)
            for reason in REASONS
            if self.skipped[reason] or reason in REASONS[:3]
        ]
        return f"exported {len(self.records)} of {total} trials; skipped {', '.join(counts)}"


def _count(number: int, reason: str) -> str:
    return f"{number} {reason}" if number == 1 or reason == "failed" else f"{number} {reason}s"


# -- the source ---------------------------------------------------------------------------------------


def source_kind(path: Path) -> str:
    """``run`` for a directory holding ``results.jsonl``, ``tasks`` for a directory or a .yaml file of
    tasks; else a SourceError saying what was expected."""
    expected = (
        "give a run directory (holding results.jsonl, written by `clawsim run --out DIR`) "
        "or a directory or .yaml file of tasks"
    )
    if not path.exists():
        raise SourceError(f"{str(path)!r} does not exist; {expected}")
    if path.is_dir() and (path / RESULTS).is_file():
        return "run"
    if path.is_file() and path.suffix in (".yaml", ".yml"):
        return "tasks"
    if path.is_dir() and any(path.rglob("*.yaml")):
        return "tasks"
    raise SourceError(f"{str(path)!r} holds neither {RESULTS} nor task files (*.yaml); {expected}")


def read_tasks(path: Path) -> list[Task]:
    """The tasks in a directory or a .yaml file, picked as ``clawsim run --tasks PATH`` picks them (a
    TaskError names a broken one)."""
    return select(str(path))


async def export_run(run_dir: Path) -> Export:
    """The passing trials of a run directory written by ``clawsim run``."""
    results = read_results(run_dir / RESULTS)
    return export_results(results, await offered_functions(_services(results)))


async def export_tasks(
    tasks: Sequence[Task], concurrency: int = 1, time_limit: float = DEFAULT_TIMEOUT_S
) -> Export:
    """The oracle played on every task, its passing trials exported (a task whose oracle fails is
    skipped: the task is broken)."""
    results = await run_suite(tasks, OracleAgent(), concurrency=concurrency, time_limit=time_limit)
    return export_results(results, await offered_functions(_services(results)))


def write_jsonl(path: Path, text: str) -> None:
    """``text`` written to ``path`` whole or not at all: a partial file beside it, then renamed."""
    write_atomically(path, text.encode("utf-8"))


# -- the tools ----------------------------------------------------------------------------------------


async def offered_functions(services: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
    """Service -> its tools as function definitions, as the model agents offer them. Tools are the same
    over every world, so an empty one serves to list them."""
    world = World.create(now=datetime(2000, 1, 1, tzinfo=UTC))
    try:
        servers = {service: create_server(service, world) for service in sorted(set(services))}
        async with Toolbox.open(servers, Record()) as toolbox:
            tools = toolbox.tools
    finally:
        world.close()
    by_service: dict[str, list[dict[str, Any]]] = {service: [] for service in servers}
    for tool in tools:
        by_service[tool.service].append(function(tool))
    return by_service


def function(tool: OfferedTool) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {"name": tool.name, "description": tool.description, "parameters": tool.input_schema},
    }


def _services(results: Iterable[TrialResult]) -> set[str]:
    return {service for result in results for service in result.services}


# -- the conversion -----------------------------------------------------------------------------------


def export_results(results: Iterable[TrialResult], functions: Mapping[str, list[dict[str, Any]]]) -> Export:
    """The passing trials as records, in (task, trial) order; ``functions`` has the tools of every
    service the trials used (see :func:`offered_functions`)."""
    export = Export()
    for result in sorted(with_task_facts(results), key=lambda r: (r.task, r.trial)):
        try:
            export.records.append(sft_record(result, functions))
        except NotExportable as exc:
            export.skipped[exc.reason] += 1
    return export


def with_task_facts(results: Iterable[TrialResult]) -> list[TrialResult]:
    """The results, those from results files that predate ``persona`` and ``services`` completed from the
    shipped task of the same id (when there is one)."""
    results = list(results)
    if all(r.services for r in results):
        return results
    shipped = {task.id: task for task in shipped_tasks()}
    completed: list[TrialResult] = []
    for result in results:
        task = shipped.get(result.task)
        if not result.services and task is not None:
            result = result.model_copy(update={"persona": task.persona, "services": list(task.services)})
        completed.append(result)
    return completed


def sft_record(result: TrialResult, functions: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """One trial as a fine-tuning record, or NotExportable saying why it cannot be one."""
    if result.error is not None:
        raise NotExportable("error", result.error)
    if not result.passed:
        raise NotExportable("failed", f"{result.task} trial {result.trial} did not pass")
    messages = chat_messages(result.transcript)
    missing = [service for service in result.services if service not in functions]
    if not result.services or missing:
        raise NotExportable("unknown task", f"the services of task {result.task!r} are not known")
    tools = [tool for service in sorted(result.services) for tool in functions[service]]
    metadata = {
        "task": result.task,
        "trial": result.trial,
        "agent": result.agent or None,
        "category": result.category,
        "difficulty": result.difficulty,
        "persona": result.persona or None,
    }
    return {"messages": messages, "tools": tools, "metadata": metadata}


def chat_messages(transcript: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A clawsim transcript as chat messages: system, user, then turns (an assistant message, then one
    tool message per call it made), the last an assistant message without calls: the answer."""
    entries = _own_entries(transcript)
    if [e["role"] for e in entries[:2]] != ["system", "user"]:
        raise NotExportable(
            "incomplete transcript", "the transcript does not begin with the framing and the instruction"
        )
    messages: list[dict[str, Any]] = [_text_message(entries[0]), _text_message(entries[1])]
    position, numbered = 2, 0
    while position < len(entries):
        if entries[position]["role"] != "assistant":
            raise NotExportable(
                "incomplete transcript",
                f"a {entries[position]['role']} entry where a model turn was expected",
            )
        turn, results, position, numbered = _turn(entries, position, numbered)
        messages.append(turn)
        messages.extend(results)
    if messages[-1]["role"] != "assistant" or "tool_calls" in messages[-1]:
        raise NotExportable("incomplete transcript", "the transcript ends without a final answer")
    return messages


def _own_entries(transcript: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The entries the model saw, or NotExportable when the transcript is a client's own event log."""
    for entry in transcript:
        if not _is_own(entry):
            raise NotExportable("foreign transcript", "the transcript is not in clawsim's message format")
    return [entry for entry in transcript if entry["role"] != "note"]


def _is_own(entry: Any) -> bool:
    """An entry of clawsim's format: a known role, no ``type`` (event logs and SDK items have one), text
    content for the messages."""
    if not isinstance(entry, Mapping) or "type" in entry or entry.get("role") not in OWN_ROLES:
        return False
    content = entry.get("content")
    return entry["role"] in ("tool_call", "tool_result") or content is None or isinstance(content, str)


def _text_message(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {"role": entry["role"], "content": _text(entry.get("content"))}


def _turn(
    entries: Sequence[Mapping[str, Any]], position: int, numbered: int
) -> tuple[dict[str, Any], list[dict[str, Any]], int, int]:
    """The model turn at ``position`` with the calls that follow it: the assistant message, its tool
    messages, where the next turn starts and how many calls are numbered so far."""
    text = _text(entries[position].get("content"))
    calls: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    position += 1
    while position < len(entries) and entries[position]["role"] == "tool_call":
        following = entries[position + 1] if position + 1 < len(entries) else None
        numbered += 1
        call, result = _call(entries[position], following, f"call_{numbered}")
        calls.append(call)
        results.append(result)
        position += 2
    turn: dict[str, Any] = {"role": "assistant", "content": text or (None if calls else "")}
    if calls:
        turn["tool_calls"] = calls
    return turn, results, position, numbered


def _call(
    call: Mapping[str, Any], result: Mapping[str, Any] | None, call_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A tool call and its result as the assistant's call and the tool message, under ``call_id``."""
    if result is None or result["role"] != "tool_result" or result.get("id") != call.get("id"):
        raise NotExportable("incomplete transcript", f"the call {call.get('name')!r} has no result after it")
    name, arguments = call.get("name"), call.get("arguments")
    if not isinstance(name, str):
        raise NotExportable("incomplete transcript", "a tool call without the name of the tool it called")
    if not isinstance(arguments, str):
        arguments = _json({} if arguments is None else arguments)
    function = {"name": name, "arguments": arguments}
    content = _text(result.get("content"))
    if result.get("is_error"):
        content = f"error: {content}"  # what the openai agent sends back for a failed call
    return (
        {"id": call_id, "type": "function", "function": function},
        {"role": "tool", "tool_call_id": call_id, "content": content},
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else _json(value)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
