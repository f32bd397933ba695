"""The interpreter: runs syntax trees over the world, one command line at a time.

Lists, pipelines and simple commands live here; variables in :mod:`state.shell.variables`, compound
commands in :mod:`state.shell.control`, redirections in :mod:`state.shell.redirect`, word expansion in
:mod:`state.shell.expand`. A pipeline runs its stages one after another, each a subshell reading the
previous stage's output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from state.shell import arrays
from state.shell.api import COMMANDS, Command, Context, FsError
from state.shell.expand import Expander
from state.shell.flow import ExitShell, ReturnFromFunction, Saved, ShellState
from state.shell.names import PROGRAM_DIRECTORIES, is_program
from state.shell.streams import Input, Output, Streams, Writer
from state.shell.syntax import AndOr, Assignment, Node, Pipeline, Sequence, Simple
from state.shell.variables import Runtime, ShellVariables


class Interpreter(ShellVariables):
    def __init__(self, runtime: Runtime, state: ShellState) -> None:
        super().__init__(runtime, state)
        self.expand = Expander(self)
        self.err: Writer = Output(runtime.budget.limits.output_bytes)
        self.conditions = 0
        """How deep in an ``if``/``while`` condition or a non-final ``&&``/``||`` part (no ``set -e``)."""
        self.loops = 0
        self.substitution_status: int | None = None

    def fork(self) -> Interpreter:
        child = Interpreter(self.runtime, self.state.fork())
        child.err = self.err
        return child

    def assign(self, assignments: tuple[Assignment, ...]) -> None:
        for assignment in assignments:
            if assignment.items is not None or assignment.index is not None:
                arrays.assign(self, assignment)
                continue
            value = self.expand.string(assignment.value)
            if assignment.append:
                value = self.get_or_empty(assignment.name) + value
            self.set_variable(assignment.name, value)

    # -- running ---------------------------------------------------------------------------------

    def run(self, node: Node, streams: Streams) -> int:
        from state.shell.control import COMPOUND

        self.err = streams.err
        if isinstance(node, Simple):
            status = self.simple(node, streams)
            self.state.arrays["PIPESTATUS"] = {0: str(status)}
        elif isinstance(node, Pipeline):
            status = self.pipeline(node, streams)
        elif isinstance(node, AndOr):
            status = self.and_or(node, streams)
        elif isinstance(node, Sequence):
            status = self.sequence(node, streams)
        else:
            status = COMPOUND[type(node)](self, node, streams)
        self.state.status = status
        return status

    def run_isolated(self, node: Node, streams: Streams) -> int:
        """Run as a subshell does: ``exit`` and fatal errors end only this shell."""
        try:
            return self.run(node, streams)
        except ExitShell as stop:
            if stop.message:
                streams.err.write(f"bash: {stop.message}\n")
            return stop.status
        except ReturnFromFunction as returned:
            return returned.status

    def condition(self, node: Node, streams: Streams) -> int:
        self.conditions += 1
        try:
            return self.run(node, streams)
        finally:
            self.conditions -= 1

    def sequence(self, node: Sequence, streams: Streams) -> int:
        status = 0
        for item in node.items:
            status = self.run(item, streams)
            self.check_errexit(status)
        return status

    def check_errexit(self, status: int) -> None:
        if status and "errexit" in self.state.options and not self.conditions:
            raise ExitShell(status)

    def and_or(self, node: AndOr, streams: Streams) -> int:
        parts = [node.first, *(command for _, command in node.rest)]
        operators = [operator for operator, _ in node.rest]
        status = self.condition(parts[0], streams) if operators else self.run(parts[0], streams)
        for index, operator in enumerate(operators):
            if (operator == "&&") != (status == 0):
                continue
            last = index == len(operators) - 1
            status = (
                self.run(parts[index + 1], streams) if last else self.condition(parts[index + 1], streams)
            )
        return status

    def pipeline(self, node: Pipeline, streams: Streams) -> int:
        if len(node.commands) == 1:
            status = (
                self.condition(node.commands[0], streams)
                if node.negated
                else self.run(node.commands[0], streams)
            )
            return int(status == 0) if node.negated else status
        stdin = streams.stdin
        statuses: list[int] = []
        for index, command in enumerate(node.commands):
            last = index == len(node.commands) - 1
            out: Writer = streams.out if last else Output(self.limits.output_bytes, "pipe")
            stage = Streams(stdin, {**streams.outputs, 1: out})
            statuses.append(self.fork().run_isolated(command, stage))
            if isinstance(out, Output) and not last:
                stdin = Input(out.getvalue())
        status = statuses[-1]
        self.state.arrays["PIPESTATUS"] = {i: str(s) for i, s in enumerate(statuses)}
        if "pipefail" in self.state.options:
            status = next((s for s in reversed(statuses) if s), 0)
        return int(status == 0) if node.negated else status

    def simple(self, node: Simple, streams: Streams) -> int:
        from state.shell.redirect import RedirectFailed, close_all, open_redirects

        self.runtime.budget.command()
        self.substitution_status = None
        argv = self.expand.words(node.words)
        if not argv:
            self.assign(node.assignments)
            status = self.substitution_status or 0
            try:
                _, opened = open_redirects(self, node.redirects, streams)
                close_all(opened)
            except RedirectFailed as failed:
                streams.err.write(f"bash: {failed}\n")
                return 1
            return status
        if "xtrace" in self.state.options:
            streams.err.write(trace_line(node, argv, self) + "\n")
        try:
            redirected, opened = open_redirects(self, node.redirects, streams)
        except RedirectFailed as failed:
            streams.err.write(f"bash: {failed}\n")
            return 1
        try:
            return self.with_assignments(node.assignments, lambda: self.invoke(argv, redirected))
        finally:
            close_all(opened)

    def with_assignments(self, assignments: tuple[Assignment, ...], action: Callable[[], int]) -> int:
        """``NAME=value command``: the variables hold, exported, while the command runs."""
        if not assignments:
            return action()
        values = {a.name: self.expand.string(a.value) for a in assignments}
        return self.with_environment(values, action)

    def with_environment(
        self, values: dict[str, str], action: Callable[[], int], removed: tuple[str, ...] = ()
    ) -> int:
        """Run ``action`` with ``values`` set and exported and ``removed`` unset, then put the variables
        back as they were."""
        saved = {name: self.state.save(name) for name in (*values, *removed)}
        for name in removed:
            self.state.restore(name, Saved(None, False, None))
        for name, value in values.items():
            self.set_variable(name, value)
        self.state.exported.update(values)
        try:
            return action()
        finally:
            for name, before in saved.items():
                self.state.restore(name, before)

    # -- commands --------------------------------------------------------------------------------

    def invoke(self, argv: list[str], streams: Streams, *, functions: bool = True) -> int:
        """Run a function, builtin or command by name, or answer as bash does when there is none;
        ``functions=False`` for what ``command``, ``exec``, ``xargs`` and ``find -exec`` run."""
        name = argv[0]
        function = self.state.functions.get(name) if functions else None
        if function is not None:
            return self.call_function(function, argv, streams)
        command = COMMANDS.get(name)
        if command is not None:
            return self.call_command(command, argv, streams)
        if "/" in name:
            program = _program_name(name)
            if program in COMMANDS:
                return self.call_command(COMMANDS[program], [program, *argv[1:]], streams)
            return self.run_path(argv, streams)
        self.runtime.unsupported.append(name)
        streams.err.write(f"bash: {name}: command not found\n")
        return 127

    def call_command(self, command: Command, argv: list[str], streams: Streams) -> int:
        from state.shell.context import CommandContext

        context = CommandContext(self, streams)
        try:
            # CommandContext reads stdin lazily through a property, which pyright will not match with
            # the protocol's plain attribute; it is a Context in every other respect.
            return command(cast("Context", context), argv)
        except FsError as error:
            streams.err.write(f"{argv[0]}: {error.path}: {error.strerror}\n")
            return 1

    def call_function(self, body: Node, argv: list[str], streams: Streams) -> int:
        budget = self.runtime.budget
        budget.enter("function calls")
        saved = self.state.positional
        self.state.positional = argv[1:]
        self.state.frames.append({})
        try:
            return self.run(body, streams)
        except ReturnFromFunction as returned:
            return returned.status
        finally:
            self._restore_locals(self.state.frames.pop())
            self.state.positional = saved
            budget.leave()

    def _restore_locals(self, frame: dict[str, Saved]) -> None:
        for name, saved in frame.items():
            self.state.restore(name, saved)

    def run_path(self, argv: list[str], streams: Streams) -> int:
        """``./script.sh``: a text file of the world runs as a bash script; anything else fails as in bash."""
        name = argv[0]
        found = self.fs.stat(name)
        if found is None:
            streams.err.write(f"bash: {name}: No such file or directory\n")
            return 127
        if found.is_dir:
            streams.err.write(f"bash: {name}: Is a directory\n")
            return 126
        return self.run_script(name, argv[1:], streams, name)

    def run_script(self, path: str, arguments: list[str], streams: Streams, shown: str) -> int:
        """Run a file of the world as a script in a subshell (``bash file``, ``./file``)."""
        from state.shell.parse import ShellSyntaxError, parse

        source = self.fs.read_text(path)
        try:
            tree = parse(source)
        except ShellSyntaxError as error:
            streams.err.write(f"{shown}: line 1: {error}\n")
            return 2
        child = self.fork()
        child.state.positional = list(arguments)
        budget = self.runtime.budget
        budget.enter("scripts")
        try:
            return child.run_isolated(tree, streams)
        finally:
            budget.leave()

    def substitute(self, body: Node) -> str:
        """``$(...)``: the output of ``body`` run in a subshell; ``$(< file)`` is the file's text."""
        from state.shell.redirect import file_substitution

        text = file_substitution(self, body)
        if text is not None:
            return text
        budget = self.runtime.budget
        budget.enter("command substitutions")
        out = Output(self.limits.output_bytes, "command substitution")
        try:
            status = self.fork().run_isolated(body, Streams(Input(""), {1: out, 2: self.err}))
        finally:
            budget.leave()
        self.substitution_status = status
        self.state.status = status
        return out.getvalue()

    def process_substitution(self, body: Node) -> str:
        """``<(...)``: the path of a pipe holding the output of ``body`` run in a subshell."""
        budget = self.runtime.budget
        budget.enter("process substitutions")
        out = Output(self.limits.output_bytes, "process substitution")
        try:
            self.fork().run_isolated(body, Streams(Input(""), {1: out, 2: self.err}))
        finally:
            budget.leave()
        try:
            return self.fs.open_pipe(out.getvalue())
        except FsError as failure:
            raise ExitShell(1, str(failure)) from None


def trace_line(node: Simple, argv: list[str], shell: Interpreter) -> str:
    """What ``set -x`` prints before a command: ``+ echo 'a b'``."""
    assigned = [f"{a.name}={shell.expand.string(a.value)}" for a in node.assignments]
    return "+ " + " ".join(_trace_quote(word) for word in [*assigned, *argv])


def _trace_quote(word: str) -> str:
    if word and all(c.isalnum() or c in "_./:=@%+,-" for c in word):
        return word
    return "'" + word.replace("'", "'\\''") + "'"


def _program_name(path: str) -> str:
    """``/usr/bin/ls`` -> ``ls`` for the directories of ``PATH``; "" for any other path."""
    directory, _, name = path.rpartition("/")
    return name if directory in PROGRAM_DIRECTORIES and is_program(name) else ""


def shell_of(context: Any) -> Interpreter:
    """The interpreter behind a builtin's context (builtins such as ``cd`` change the shell itself)."""
    shell = getattr(context, "shell", None)
    if not isinstance(shell, Interpreter):
        raise TypeError("this builtin runs only inside the shell's interpreter")
    return shell
