"""Builtins scripts use in passing: ``let exec wait trap umask shopt hash alias unalias history``."""

from __future__ import annotations

from state.shell.api import Context, command
from state.shell.arith import ArithmeticFailure, Variables, evaluate
from state.shell.flow import ExitShell
from state.shell.history import ShellHistory
from state.shell.interpreter import shell_of

SHOPT_OPTIONS = frozenset(
    {"nullglob", "dotglob", "extglob", "globstar", "nocaseglob", "failglob", "expand_aliases"}
)


@command("let")
def let(ctx: Context, argv: list[str]) -> int:
    """``let EXPRESSION...``: status 0 when the last expression is non-zero."""
    shell = shell_of(ctx)
    if len(argv) < 2:
        ctx.err.write("bash: let: expression expected\n")
        return 1
    value = 0
    for expression in argv[1:]:
        try:
            value = evaluate(expression, Variables(shell.get_or_empty, shell.set_variable))
        except ArithmeticFailure as failure:
            ctx.err.write(f"bash: let: {failure}\n")
            return 1
    return 0 if value != 0 else 1


@command("exec")
def exec_(ctx: Context, argv: list[str]) -> int:
    """``exec COMMAND``: run it, and the shell ends with its status."""
    if len(argv) < 2:
        return 0
    status, output = ctx.run(argv[1:], ctx.stdin)
    ctx.out.write(output)
    raise ExitShell(status)


@command("wait", "hash", "trap", "unalias")
def accepted(ctx: Context, argv: list[str]) -> int:
    """Builtins with nothing to do here: background jobs have already finished, signals never come."""
    return 0


@command("alias")
def alias(ctx: Context, argv: list[str]) -> int:
    """Aliases are not expanded in a non-interactive shell; defining one is accepted and has no effect."""
    for name in argv[1:]:
        if "=" not in name:
            ctx.err.write(f"bash: alias: {name}: not found\n")
            return 1
    return 0


@command("umask")
def umask(ctx: Context, argv: list[str]) -> int:
    if len(argv) == 1:
        ctx.out.write("0022\n")
    return 0


@command("shopt")
def shopt(ctx: Context, argv: list[str]) -> int:
    """``shopt -s|-u NAME``: ``nullglob`` is honoured; the other glob options are accepted."""
    shell = shell_of(ctx)
    flags = [a for a in argv[1:] if a.startswith("-")]
    names = [a for a in argv[1:] if not a.startswith("-")]
    for name in names:
        if name not in SHOPT_OPTIONS:
            ctx.err.write(f"bash: shopt: {name}: invalid shell option name\n")
            return 1
        if "-s" in flags:
            shell.state.options.add(f"shopt:{name}")
        elif "-u" in flags:
            shell.state.options.discard(f"shopt:{name}")
        else:
            on = f"shopt:{name}" in shell.state.options
            ctx.out.write(f"{name:<15} {'on' if on else 'off'}\n")
    return 0


@command("history")
def history(ctx: Context, argv: list[str]) -> int:
    """``history [N]``: the device's command lines, oldest first and numbered, this one last."""
    if len(argv) > 2:
        ctx.err.write("bash: history: too many arguments\n")
        return 1
    if len(argv) == 2 and not argv[1].isdigit():
        ctx.err.write(f"bash: history: {argv[1]}: numeric argument required\n")
        return 1
    shell = shell_of(ctx)
    fs = shell.fs
    rows = fs.tx.select(ShellHistory, "device = ?", fs.device, order="ran_at, rowid")
    lines = [row.command for row in rows] + [shell.runtime.command_line]
    first = max(0, len(lines) - int(argv[1])) if len(argv) == 2 else 0
    for number in range(first, len(lines)):
        ctx.out.write(f"{number + 1:5d}  {lines[number]}\n")
    return 0
