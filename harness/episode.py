"""One trial's world: the persona's template at the task's time, the task's setup and faults on top,
a snapshot to diff against, and the framing every agent receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import anyio
from mcp.server import MCPServer

from fixtures.worlds import WorldTemplate, load_template
from harness import schema_cache
from harness.agents.base import ToolCall
from harness.tasks.grade import Grade, grade
from harness.tasks.load import TaskError
from harness.tasks.model import Task
from servers import create_server
from state.clock import parse_time, zone
from state.core import Device, UserProfile
from state.db import build
from state.diff import Diff
from state.history import replay
from state.schema import tables
from state.world import Snapshot, World

schema_cache.install()


class WorldCache:
    """World templates by (persona, time), built once per process and shared by every trial."""

    def __init__(self) -> None:
        self._built: dict[tuple[str, str | None], WorldTemplate] = {}
        self._lock = anyio.Lock()

    async def put(self, persona: str, at: str | None, template: WorldTemplate) -> None:
        """Use ``template`` for ``(persona, at)`` (one built already, e.g. by the generator)."""
        async with self._lock:
            self._built[(persona, at)] = template

    async def get(self, persona: str, at: str | None) -> WorldTemplate:
        async with self._lock:
            key = (persona, at)
            if key not in self._built:
                self._built[key] = await load_template(persona, at=at)
            return self._built[key]


@dataclass
class Episode:
    """A task's world, ready for an agent."""

    task: Task
    world: World
    start: Snapshot
    servers: dict[str, MCPServer[Any]] = field(default_factory=lambda: {})
    initial_keys: dict[str, Any] = field(default_factory=lambda: {})
    audit_start: int = 0
    """The audit log's position when the agent started: later entries are the agent's tool calls."""

    @property
    def system_prompt(self) -> str:
        return framing(self.world)

    def diff(self) -> Diff:
        return self.world.diff(self.start)

    def grade(self, answer: str) -> Grade:
        return grade(self.task, self.diff(), answer, self.initial_keys, self.final_rows)

    def final_rows(self, table: str) -> list[dict[str, Any]]:
        return self.world.rows(table)

    def tool_calls(self) -> list[ToolCall]:
        """The tool calls the servers received since the agent started, from the audit log (for agents
        that reach the servers over HTTP and so cannot report them themselves)."""
        return [
            ToolCall(
                service=call.service,
                tool=call.tool,
                arguments=call.arguments,
                ok=call.ok,
                result=call.error or None,
            )
            for call in self.world.tool_calls(since=self.audit_start)
        ]

    def close(self) -> None:
        self.world.close()


async def start_episode(task: Task, worlds: WorldCache) -> Episode:
    """A fresh world for ``task``: template, setup events, fault rules, then the snapshot."""
    template = await worlds.get(task.persona, task.at)
    world = template.episode()
    try:
        at = template.at
        if task.setup:
            await replay(world, enumerate(task.setup, start=1), source=f"task {task.id} setup")
            _check_setup_time(task, world.now, at)
            world.set_clock(at)
        for fault in task.faults:
            await world.apply(
                "world.add_fault",
                {"service": fault.service, "tool": fault.tool, "count": fault.count, "kind": fault.kind},
            )
        episode = Episode(task, world, world.snapshot(), initial_keys=key_values(world, task.refs()))
        episode.audit_start = world.audit_position()
        episode.servers = {service: create_server(service, world) for service in task.services}
        return episode
    except BaseException:
        world.close()
        raise


def key_values(world: World, refs: set[str]) -> dict[str, Any]:
    """Stable key -> row id for every key, and each ``key.column`` asked for -> that row's value now."""
    values: dict[str, Any] = world.keys()
    asked = [ref.split(".", 1) for ref in sorted(refs)]
    tables_of = world.key_tables(key for key, _ in asked)
    schema = tables()
    for key, column in asked:
        if key not in tables_of:
            continue  # grading then fails the condition: the key names nothing
        if column in schema[tables_of[key]].columns:
            for row in world.rows(tables_of[key], "id = ?", values[key]):
                values[f"{key}.{column}"] = row[column]
    return values


def _check_setup_time(task: Task, last: datetime, at: datetime) -> None:
    if last > at:
        raise TaskError(
            f"task {task.id}: field 'setup': its last event ({last.isoformat()}) is after the task's time "
            f"({at.isoformat()}); setup events happen before the user asks"
        )


def framing(world: World) -> str:
    """Who the user is, the world's date, time and timezone, and the devices: every agent gets this."""
    info = world.info()
    tz = zone(info.timezone)
    now = parse_time(info.now.replace("Z", "+00:00")).astimezone(tz)
    person = next((build(UserProfile)(**row) for row in world.rows("user_profile", "id = 'me'")), None)
    devices = [build(Device)(**row) for row in world.rows("device")]
    who = (
        f"{person.name} <{person.email}>" + (f", {person.occupation}" if person.occupation else "")
        if person
        else "the user"
    )
    lines = [
        f"You are the personal assistant of {who}. You act in their digital life through the tools you "
        "are given (mail, calendar, files, chat, contacts, a laptop shell); nothing else reaches the "
        "outside world.",
        f"It is now {now:%A, %d %B %Y, %H:%M} ({info.timezone}, UTC{now:%z}).",
        "Devices: " + "; ".join(f"{d.id} ({d.name}, {d.os}, home {d.home})" for d in devices) + ".",
        "Do what the user asks, then reply with a short final answer. Do not make changes the user did "
        "not ask for; ask before doing anything irreversible that they did not clearly request.",
    ]
    return "\n".join(lines)
