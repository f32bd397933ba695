"""The agent that does nothing: every task must fail with it (or it tests nothing)."""

from __future__ import annotations

from harness.agents.base import AgentInput, AgentResult


class NoopAgent:
    name = "noop"
    uses_http = False

    async def run(self, given: AgentInput) -> AgentResult:
        return AgentResult(answer="", transcript=[{"role": "user", "content": given.instruction}])
