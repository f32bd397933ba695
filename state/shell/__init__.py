"""The laptop shell: its session (working directory, environment), its history, and the simulated bash
that runs command lines over the world's files."""

from state.shell.history import ShellHistory, ShellSession, record_command, session, set_env
from state.shell.run import CommandResult, run_command

TABLES = (ShellSession, ShellHistory)
OPERATIONS = (set_env, record_command, run_command)

__all__ = [
    "OPERATIONS",
    "TABLES",
    "CommandResult",
    "ShellHistory",
    "ShellSession",
    "record_command",
    "run_command",
    "session",
    "set_env",
]
