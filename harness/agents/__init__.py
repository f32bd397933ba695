"""The agents clawsim ships: ``oracle`` (the task's reference solution), ``noop`` (does nothing), the
model-backed ``openai`` (Chat Completions) and ``anthropic`` (Messages), the external clients
``claude-code``, ``codex``, ``openclaw`` and ``openai-agents``, and ``command`` for any other client."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from harness.agents.anthropic_messages import AnthropicAgent
from harness.agents.base import Agent, AgentFailure, AgentInput, AgentResult, ToolCall
from harness.agents.command import CommandAgent
from harness.agents.noop import NoopAgent
from harness.agents.openai_chat import OpenAIAgent
from harness.agents.oracle import OracleAgent
from harness.agents.presets import ClaudeCodeAgent, CodexAgent, OpenAIAgentsAgent, OpenClawAgent
from harness.errors import UsageError

AGENTS: dict[str, Callable[..., Agent]] = {
    "oracle": OracleAgent,
    "noop": NoopAgent,
    "openai": OpenAIAgent,
    "anthropic": AnthropicAgent,
    "claude-code": ClaudeCodeAgent,
    "codex": CodexAgent,
    "openclaw": OpenClawAgent,
    "openai-agents": OpenAIAgentsAgent,
    "command": CommandAgent,
}


def make_agent(name: str, **options: Any) -> Agent:
    """The agent called ``name`` configured with ``options`` (those that are None are left out), or an
    error listing the agents there are or the options this one takes."""
    if name not in AGENTS:
        raise UsageError(f"agent {name!r} does not exist; agents: {', '.join(sorted(AGENTS))}")
    factory = AGENTS[name]
    given = {key: value for key, value in options.items() if value is not None}
    accepted = set(inspect.signature(factory).parameters) - {"oracle"}
    unknown = sorted(set(given) - accepted)
    if unknown:
        takes = ", ".join(sorted(accepted)) or "none"
        raise UsageError(f"agent {name!r} takes no option {', '.join(unknown)}; it takes: {takes}")
    return factory(**given)


__all__ = [
    "AGENTS",
    "Agent",
    "AgentFailure",
    "AgentInput",
    "AgentResult",
    "AnthropicAgent",
    "CommandAgent",
    "NoopAgent",
    "OpenAIAgent",
    "OracleAgent",
    "ToolCall",
    "make_agent",
]
