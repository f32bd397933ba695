"""Builtins that change the shell itself: ``cd export unset local set shift read return exit break
continue eval source .``."""

from __future__ import annotations

import re

from state.shell import arrays
from state.shell.api import Context, command
from state.shell.flow import BreakLoop, ContinueLoop, ExitShell, ReturnFromFunction
from state.shell.interpreter import Interpreter, shell_of

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPTIONS = {"e": "errexit", "u": "nounset", "x": "xtrace", "f": "noglob"}


@command("cd")
def cd(ctx: Context, argv: list[str]) -> int:
    shell = shell_of(ctx)
    arguments = [a for a in argv[1:] if a not in ("-L", "-P", "--")]
    if len(arguments) > 1:
        ctx.err.write("bash: cd: too many arguments\n")
        return 1
    if arguments == [""]:
        return 0
    target = arguments[0] if arguments else shell.get_or_empty("HOME")
    if not arguments and not target:
        ctx.err.write("bash: cd: HOME not set\n")
        return 1
    if target == "-":
        previous = shell.lookup("OLDPWD")
        if not previous:
            ctx.err.write("bash: cd: OLDPWD not set\n")
            return 1
        target = previous
    found = ctx.fs.stat(target) if target else None
    if found is None or not found.is_dir:
        reason = "No such file or directory" if found is None else "Not a directory"
        ctx.err.write(f"bash: cd: {target}: {reason}\n")
        return 1
    destination = ctx.fs.resolve(target)
    if arguments[:1] == ["-"]:
        ctx.out.write(destination + "\n")
    _move(shell, destination)
    return 0


def _move(shell: Interpreter, destination: str) -> None:
    shell.set_variable("OLDPWD", shell.state.cwd)
    shell.state.cwd = destination
    shell.set_variable("PWD", destination)
    shell.state.exported.update(("OLDPWD", "PWD"))


def _assign_argument(shell: Interpreter, argument: str) -> str | None:
    """``NAME=value`` (or ``NAME+=value``) sets NAME; returns the name, None when it is not valid."""
    name, equals, value = argument.partition("=")
    append = name.endswith("+") and bool(equals)
    name = name[:-1] if append else name
    if not _NAME.fullmatch(name):
        return None
    if equals:
        shell.set_variable(name, (shell.get_or_empty(name) if append else "") + value)
    return name


@command("export", "declare", "typeset", "readonly")
def export(ctx: Context, argv: list[str]) -> int:
    shell = shell_of(ctx)
    options = [a for a in argv[1:] if a.startswith("-")]
    names = [a for a in argv[1:] if not a.startswith("-")]
    exporting = argv[0] == "export" or any("x" in o for o in options)
    if not names:
        for name in sorted(shell.state.exported if exporting else shell.state.variables):
            value = shell.state.variables.get(name)
            shown = f'="{_escape_value(value)}"' if value is not None else ""
            ctx.out.write(f"declare -{'x' if name in shell.state.exported else '-'} {name}{shown}\n")
        return 0
    status = 0
    for argument in names:
        name = _assign_argument(shell, argument)
        if name is None:
            ctx.err.write(f"bash: {argv[0]}: `{argument}': not a valid identifier\n")
            status = 1
            continue
        if "-n" in options and argv[0] == "export":
            shell.state.exported.discard(name)
        elif exporting:
            shell.state.exported.add(name)
        elif argv[0] in ("declare", "typeset") and shell.state.frames:
            _keep_local(shell, name)
    return status


def _escape_value(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$").replace("`", "\\`")


def _keep_local(shell: Interpreter, name: str) -> None:
    frame = shell.state.frames[-1]
    if name not in frame:
        frame[name] = shell.state.save(name)


@command("local")
def local(ctx: Context, argv: list[str]) -> int:
    shell = shell_of(ctx)
    if not shell.state.frames:
        ctx.err.write("bash: local: can only be used in a function\n")
        return 1
    status = 0
    for argument in argv[1:]:
        if argument.startswith("-"):
            continue
        name = argument.partition("=")[0].rstrip("+")
        if not _NAME.fullmatch(name):
            ctx.err.write(f"bash: local: `{argument}': not a valid identifier\n")
            status = 1
            continue
        _keep_local(shell, name)
        if "=" not in argument:
            shell.state.variables.setdefault(name, "")
        _assign_argument(shell, argument)
    return status


@command("unset")
def unset(ctx: Context, argv: list[str]) -> int:
    shell = shell_of(ctx)
    functions = "-f" in argv[1:]
    for name in (a for a in argv[1:] if not a.startswith("-")):
        if "[" in name and name.endswith("]"):
            base, _, index = name[:-1].partition("[")
            arrays.unset(shell, base, index)
            continue
        if functions:
            shell.state.functions.pop(name, None)
            continue
        had_array = shell.state.arrays.pop(name, None) is not None
        if shell.state.variables.pop(name, None) is None and not had_array:
            shell.state.functions.pop(name, None)
        shell.state.exported.discard(name)
    return 0


@command("set")
def set_(ctx: Context, argv: list[str]) -> int:
    shell = shell_of(ctx)
    arguments = argv[1:]
    if not arguments:
        for name in sorted(shell.state.variables):
            ctx.out.write(f"{name}={shell.state.variables[name]}\n")
        return 0
    while arguments:
        argument = arguments[0]
        if argument == "--":
            shell.state.positional = arguments[1:]
            return 0
        if argument[:1] not in ("-", "+") or argument in ("-", "+"):
            shell.state.positional = arguments
            return 0
        enable = argument[0] == "-"
        if argument[1:] == "o" and len(arguments) > 1:
            _set_option(shell, arguments[1], enable)
            arguments = arguments[2:]
            continue
        for letter in argument[1:]:
            if letter in _OPTIONS:
                _set_option(shell, _OPTIONS[letter], enable)
        arguments = arguments[1:]
    return 0


def _set_option(shell: Interpreter, option: str, enable: bool) -> None:
    if enable:
        shell.state.options.add(option)
    else:
        shell.state.options.discard(option)


@command("shift")
def shift(ctx: Context, argv: list[str]) -> int:
    shell = shell_of(ctx)
    count = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 1
    if count > len(shell.state.positional):
        return 1
    shell.state.positional = shell.state.positional[count:]
    return 0


@command("read")
def read(ctx: Context, argv: list[str]) -> int:
    """``read [-r] [-p PROMPT] NAME...``: one line of input split on IFS; the last name takes the rest."""
    shell = shell_of(ctx)
    raw, array, names = _read_options(argv[1:])
    line = _input_of(ctx).read_line()
    if line is None:
        for name in names or ["REPLY"]:
            shell.set_variable(name, "")
        return 1
    text = line[:-1] if line.endswith("\n") else line
    if not raw:
        text = re.sub(r"\\(.)", r"\1", text)
    if array:
        ifs = shell.lookup("IFS")
        fields = text.split() if ifs is None else [f for f in re.split(f"[{re.escape(ifs)}]", text) if f]
        shell.state.variables.pop(array, None)
        shell.state.arrays[array] = dict(enumerate(fields))
    else:
        _split_into(shell, text, names or ["REPLY"], split=bool(names))
    return 0 if line.endswith("\n") else 1


def _read_options(arguments: list[str]) -> tuple[bool, str, list[str]]:
    """``-r``, ``-a ARRAY`` and the names; ``-p -d -n -t -u`` take a value that is ignored here."""
    raw, array = False, ""
    names: list[str] = []
    rest = list(arguments)
    while rest:
        argument = rest.pop(0)
        if not argument.startswith("-") or len(argument) < 2 or names:
            names.append(argument)
            continue
        for letter in argument[1:]:
            if letter == "r":
                raw = True
            elif letter == "a" and rest:
                array = rest.pop(0)
            elif letter in "pdntu" and rest:
                rest.pop(0)
    return raw, array, names


def _input_of(ctx: Context):
    from state.shell.context import CommandContext

    if not isinstance(ctx, CommandContext):
        raise TypeError("read runs only inside the shell's interpreter")
    return ctx.input


def _split_into(shell: Interpreter, text: str, names: list[str], *, split: bool) -> None:
    if not split:
        shell.set_variable(names[0], text)
        return
    ifs = shell.lookup("IFS")
    separators = " \t\n" if ifs is None else ifs
    blanks = "".join(c for c in separators if c in " \t\n")
    rest = text.strip(blanks) if blanks else text
    for index, name in enumerate(names):
        if index == len(names) - 1:
            shell.set_variable(name, rest.rstrip(blanks) if blanks else rest)
            break
        pattern = f"[{re.escape(separators)}]" if separators else "(?!)"
        parts = re.split(pattern, rest, maxsplit=1)
        shell.set_variable(name, parts[0])
        rest = parts[1].lstrip(blanks) if len(parts) > 1 else ""


def _count(ctx: Context, argv: list[str], default: int) -> int | None:
    if len(argv) < 2:
        return default
    try:
        return int(argv[1])
    except ValueError:
        ctx.err.write(f"bash: {argv[0]}: {argv[1]}: numeric argument required\n")
        return None


@command("exit")
def exit_(ctx: Context, argv: list[str]) -> int:
    shell = shell_of(ctx)
    status = _count(ctx, argv, shell.state.status)
    raise ExitShell(2 if status is None else status & 255)


@command("return")
def return_(ctx: Context, argv: list[str]) -> int:
    shell = shell_of(ctx)
    if not shell.state.frames:
        ctx.err.write("bash: return: can only `return' from a function or sourced script\n")
        return 2
    status = _count(ctx, argv, shell.state.status)
    raise ReturnFromFunction(2 if status is None else status & 255)


@command("break", "continue")
def break_(ctx: Context, argv: list[str]) -> int:
    shell = shell_of(ctx)
    levels = _count(ctx, argv, 1)
    if levels is None or levels < 1:
        ctx.err.write(f"bash: {argv[0]}: {argv[1] if len(argv) > 1 else ''}: loop count out of range\n")
        return 1
    if not shell.loops:
        ctx.err.write(f"bash: {argv[0]}: only meaningful in a `for', `while', or `until' loop\n")
        return 0
    raise (BreakLoop if argv[0] == "break" else ContinueLoop)(min(levels, shell.loops))


@command("eval")
def eval_(ctx: Context, argv: list[str]) -> int:
    from state.shell.context import CommandContext
    from state.shell.parse import ShellSyntaxError, parse

    shell = shell_of(ctx)
    source = " ".join(argv[1:])
    if not source.strip() or not isinstance(ctx, CommandContext):
        return 0
    try:
        tree = parse(source)
    except ShellSyntaxError as error:
        ctx.err.write(f"bash: eval: line 1: {error}\n")
        return 2
    shell.runtime.budget.enter("eval")
    try:
        return shell.run(tree, ctx.streams)
    finally:
        shell.runtime.budget.leave()


@command("source", ".")
def source(ctx: Context, argv: list[str]) -> int:
    from state.shell.context import CommandContext
    from state.shell.parse import ShellSyntaxError, parse

    shell = shell_of(ctx)
    if len(argv) < 2 or not isinstance(ctx, CommandContext):
        ctx.err.write(f"bash: {argv[0]}: filename argument required\n")
        return 2
    found = ctx.fs.stat(argv[1])
    if found is None or found.is_dir:
        reason = "No such file or directory" if found is None else "is a directory"
        ctx.err.write(f"bash: {argv[1]}: {reason}\n")
        return 1
    try:
        tree = parse(ctx.fs.read_text(argv[1]))
    except ShellSyntaxError as error:
        ctx.err.write(f"bash: {argv[1]}: line 1: {error}\n")
        return 2
    shell.runtime.budget.enter("source")
    shell.state.frames.append({})
    try:
        return shell.run(tree, ctx.streams)
    except ReturnFromFunction as returned:
        return returned.status
    finally:
        frame = shell.state.frames.pop()
        if shell.state.frames:
            shell.state.frames[-1].update({k: v for k, v in frame.items() if k not in shell.state.frames[-1]})
        shell.runtime.budget.leave()


@command("bash", "sh")
def bash(ctx: Context, argv: list[str]) -> int:
    """``bash FILE [ARG...]`` and ``bash -c LINE``: a script of the world or a line, in a subshell."""
    from state.shell.context import CommandContext
    from state.shell.parse import ShellSyntaxError, parse

    shell = shell_of(ctx)
    if not isinstance(ctx, CommandContext) or len(argv) < 2:
        ctx.err.write(f"{argv[0]}: an interactive shell is not available here; give a script or -c\n")
        return 2
    if argv[1] == "-c" and len(argv) > 2:
        try:
            tree = parse(argv[2])
        except ShellSyntaxError as error:
            ctx.err.write(f"{argv[0]}: -c: line 1: {error}\n")
            return 2
        child = shell.fork()
        child.state.positional = argv[4:]
        return child.run_isolated(tree, ctx.streams)
    if ctx.fs.stat(argv[1]) is None:
        ctx.err.write(f"{argv[0]}: {argv[1]}: No such file or directory\n")
        return 127
    return shell.run_script(argv[1], argv[2:], ctx.streams, argv[1])
