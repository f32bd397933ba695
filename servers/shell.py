"""The shell service: a simulated bash on the user's laptop (or phone), over the world's files."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server import MCPServer
from pydantic import BaseModel, Field

from servers._base import Ctx, ToolRegistry, service_server, writing
from state import shell
from state.shell.api import COMMANDS
from state.world import World

INSTRUCTIONS = (
    "The user's laptop shell: bash command lines over the files of a device (the same files the files "
    "service shows). The working directory and exported variables persist between calls. Only the "
    "commands listed in run_command's description exist; there is no network, no package manager and "
    "no interpreter such as python."
)

tool = ToolRegistry()


class CommandOutput(BaseModel):
    """What the command line printed and how it ended."""

    stdout: str
    stderr: str
    exit_status: int = Field(
        description="As bash's $?: 0 for success; 127 for a command that does not exist."
    )
    cwd: str = Field(description="The working directory after the command line (cd persists).")
    commands_not_found: list[str] = Field(
        description="Names the line tried to run that are not commands of this shell (exit 127)."
    )


@tool(destructive=True)
async def run_command(
    ctx: Ctx,
    command: Annotated[
        str,
        Field(description='A bash command line, e.g. "grep -ril invoice ~/Documents | head -5".'),
    ],
    device: Annotated[
        str, Field(description="The device whose shell runs it: 'laptop' or 'phone'.")
    ] = "laptop",
) -> CommandOutput:
    # The description (the commands that exist) is set below from the shell's registry.
    async with writing(ctx) as tx:
        result = await shell.run_command(tx, command=command, device=device)
    return CommandOutput(
        stdout=result.stdout,
        stderr=result.stderr,
        exit_status=result.exit_status,
        cwd=result.cwd,
        commands_not_found=list(result.unsupported),
    )


run_command.__doc__ = f"""Run a bash command line in the user's shell on a device and return its output,
exit status and working directory. Pipes, redirections (> >> < 2> 2>&1 &> here-docs), variables,
$(...), globs, loops and conditionals work as in bash; files written or deleted are the device's real
files, and /tmp is there for scratch files. Times (date, ls -l) are the world's clock. Commands that exist: {", ".join(sorted(COMMANDS))}.
Anything else answers "bash: NAME: command not found" (exit 127). A command line that runs too long or
writes too much is stopped and changes nothing."""


def _audit_detail(result: dict[str, Any]) -> dict[str, Any]:
    """The audit log keeps which commands were missing, so their rate can be measured."""
    missing = result.get("commands_not_found")
    return {"commands_not_found": missing} if missing else {}


def create_server(world: World) -> MCPServer[Any]:
    return service_server("shell", world, INSTRUCTIONS, tool, audit_detail=_audit_detail)
