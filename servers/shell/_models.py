"""What the shell tool returns."""

from __future__ import annotations

from pydantic import BaseModel, Field


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
