"""The shell service: a simulated bash on the user's laptop (or phone), over the world's files."""

from __future__ import annotations

from typing import Any

from mcp.server import MCPServer

from servers._base import ServiceState, service_server
from servers.shell import writing
from servers.shell._args import tool
from state.world import World

INSTRUCTIONS = (
    "The user's laptop shell: bash command lines over the files of a device (the same files the files "
    "service shows). The working directory and exported variables persist between calls. Only the "
    "commands listed in run_command's description exist; there is no network, no package manager and "
    "no interpreter such as python."
)

tool.set_order(["run_command"])

__all__ = ["INSTRUCTIONS", "create_server", "tool", "writing"]


def _audit_detail(result: dict[str, Any]) -> dict[str, Any]:
    """The audit log keeps which commands were missing, so their rate can be measured."""
    missing = result.get("commands_not_found")
    return {"commands_not_found": missing} if missing else {}


def create_server(world: World) -> MCPServer[ServiceState]:
    """The shell MCP server over ``world``."""
    return service_server("shell", world, INSTRUCTIONS, tool, audit_detail=_audit_detail)
