"""The laptop shell: its session (working directory, environment), its history, and the simulated bash
that runs command lines over the world's files."""

from state.shell.history import ShellHistory, ShellSession, record_command, session, set_env
from state.shell.run import CommandResult, run_command

__all__ = [
    "CommandResult",
    "ShellHistory",
    "ShellSession",
    "record_command",
    "run_command",
    "session",
    "set_env",
]
