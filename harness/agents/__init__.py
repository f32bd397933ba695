"""The agents clawsim ships: ``oracle`` (the task's reference solution) and ``noop`` (does nothing)."""

from __future__ import annotations

from collections.abc import Callable

from harness.agents.base import Agent, AgentFailure, AgentInput, AgentResult, ToolCall
from harness.agents.noop import NoopAgent
from harness.agents.oracle import OracleAgent
from state.errors import InvalidArgument

AGENTS: dict[str, Callable[[], Agent]] = {"oracle": OracleAgent, "noop": NoopAgent}


def make_agent(name: str) -> Agent:
    """The agent called ``name``, or an error listing the agents there are."""
    if name not in AGENTS:
        raise InvalidArgument(f"agent {name!r} does not exist; agents: {', '.join(sorted(AGENTS))}")
    return AGENTS[name]()


__all__ = [
    "AGENTS",
    "Agent",
    "AgentFailure",
    "AgentInput",
    "AgentResult",
    "NoopAgent",
    "OracleAgent",
    "ToolCall",
    "make_agent",
]
