"""What an agent is: something that takes an instruction and MCP servers and returns an answer.

Every agent reaches the world only through the episode's MCP servers. The interface is small so that
model loops and external clients (which get the same servers over HTTP) fit it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from mcp.server import MCPServer
from pydantic import BaseModel

from harness.errors import HarnessError
from harness.tasks.model import Task


@dataclass(frozen=True)
class AgentInput:
    """What an agent receives for one trial."""

    task: Task
    """The task; only the oracle may look past ``instruction``."""
    instruction: str
    system_prompt: str
    servers: dict[str, MCPServer[Any]] = field(default_factory=lambda: {})
    """Service name -> its MCP server over the episode's world (in memory: ``mcp.Client(server)``)."""
    urls: dict[str, str] = field(default_factory=lambda: {})
    """Service name -> the URL of its MCP server in the episode hub, for agents with ``uses_http``."""
    time_limit: float | None = None
    """Seconds the trial may take; external clients are stopped at this limit."""


class ToolCall(BaseModel):
    service: str
    tool: str
    arguments: dict[str, Any]
    ok: bool
    result: Any = None


class AgentResult(BaseModel):
    answer: str
    transcript: list[dict[str, Any]] = []
    """Messages, tool calls and results, in order, as the agent saw them."""
    tool_calls: list[ToolCall] = []
    usage: dict[str, int] = {}


class AgentFailure(HarnessError):
    """The agent could not finish (a crash, a client that is missing): the trial is an error, not a failure."""


class Agent(Protocol):
    name: str
    uses_http: bool
    """True for agents that reach the servers over HTTP (external clients): the runner then serves each
    episode in the episode hub and passes its URLs."""

    async def run(self, given: AgentInput) -> AgentResult: ...
