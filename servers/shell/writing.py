"""The shell's tool: run_command, which can change the device's files (the shell has no read-only tool)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from servers._base import Ctx, writing
from servers.shell._args import tool
from servers.shell._models import CommandOutput
from state import shell
from state.shell.api import COMMANDS


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
