"""What a command sees while it runs (:class:`state.shell.api.Context`), made by the interpreter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from state.shell.api import FileSystem, Limits
from state.shell.streams import Input, Output, Streams, Writer

if TYPE_CHECKING:
    from state.shell.interpreter import Interpreter


class CommandContext:
    """A command's view of the shell. ``stdin`` is read on first use: a command that never looks at
    its input leaves it to the next command of a loop, as a real process would."""

    def __init__(self, shell: Interpreter, streams: Streams) -> None:
        runtime = shell.runtime
        self.shell = shell
        self.streams = streams
        self.fs: FileSystem = shell.fs
        self.cwd = shell.state.cwd
        self.env = shell.state.environment()
        self.now = runtime.now
        self.out: Writer = streams.out
        self.err: Writer = streams.err
        self.limits: Limits = shell.limits
        self.user = runtime.user
        self.hostname = runtime.hostname
        self.os = runtime.os
        self._input: Input = streams.stdin
        self._stdin: str | None = None

    @property
    def stdin(self) -> str:
        if self._stdin is None:
            self._stdin = self._input.read_all()
        return self._stdin

    @stdin.setter
    def stdin(self, value: str) -> None:
        self._stdin = value

    @property
    def stdin_is_file(self) -> bool:
        return self._input.regular_file

    @property
    def input(self) -> Input:
        """The input stream itself, for builtins that read it line by line (``read``)."""
        return self._input

    def run(self, argv: list[str], stdin: str = "") -> tuple[int, str]:
        out = Output(self.limits.output_bytes, "output of " + (argv[0] if argv else "a command"))
        self.shell.runtime.budget.command()
        streams = Streams(Input(stdin), {**self.streams.outputs, 1: out})
        status = self.shell.invoke(argv, streams, functions=False)
        return status, out.getvalue()
