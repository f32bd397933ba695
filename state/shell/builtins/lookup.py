"""Builtins that say what a name is: ``type``, ``command``, ``which``, ``help``."""

from __future__ import annotations

from state.shell.api import COMMANDS, Context, command
from state.shell.interpreter import shell_of
from state.shell.names import BUILTINS, KEYWORDS, PROGRAM_DIRECTORY, is_program


def describe(ctx: Context, name: str) -> tuple[str, str] | None:
    """What ``name`` is (``keyword``, ``function``, ``builtin``, ``file``) and, for a file, its path."""
    shell = shell_of(ctx)
    if name in KEYWORDS:
        return "keyword", name
    if name in shell.state.functions:
        return "function", name
    if name in BUILTINS:
        return "builtin", name
    if name in COMMANDS:
        return "file", f"{PROGRAM_DIRECTORY}/{name}"
    return None


@command("type")
def type_(ctx: Context, argv: list[str]) -> int:
    options = {a for a in argv[1:] if a.startswith("-")}
    status = 0
    for name in (a for a in argv[1:] if not a.startswith("-")):
        found = describe(ctx, name)
        if found is None:
            if not options & {"-t", "-p", "-P"}:
                ctx.err.write(f"bash: type: {name}: not found\n")
            status = 1
            continue
        kind, where = found
        if "-t" in options:
            ctx.out.write(kind + "\n")
        elif options & {"-p", "-P"}:
            if kind == "file":
                ctx.out.write(where + "\n")
        else:
            ctx.out.write(_sentence(name, kind, where) + "\n")
    return status


def _sentence(name: str, kind: str, where: str) -> str:
    if kind == "keyword":
        return f"{name} is a shell keyword"
    if kind == "function":
        return f"{name} is a function"
    if kind == "builtin":
        return f"{name} is a shell builtin"
    return f"{name} is {where}"


@command("command")
def command_(ctx: Context, argv: list[str]) -> int:
    arguments = argv[1:]
    if arguments[:1] in (["-v"], ["-V"]):
        verbose = arguments[0] == "-V"
        status = 0
        for name in arguments[1:]:
            found = describe(ctx, name)
            if found is None:
                if verbose:
                    ctx.err.write(f"bash: command: {name}: not found\n")
                status = 1
            elif verbose:
                ctx.out.write(_sentence(name, *found) + "\n")
            else:
                ctx.out.write((found[1] if found[0] == "file" else name) + "\n")
        return status
    if not arguments:
        return 0
    status, output = ctx.run(arguments, ctx.stdin)
    ctx.out.write(output)
    return status


@command("which")
def which(ctx: Context, argv: list[str]) -> int:
    status = 0
    for name in (a for a in argv[1:] if not a.startswith("-")):
        if name in COMMANDS and is_program(name):
            ctx.out.write(f"{PROGRAM_DIRECTORY}/{name}\n")
        else:
            status = 1
    return status


@command("help")
def help_(ctx: Context, argv: list[str]) -> int:
    names = [a for a in argv[1:] if not a.startswith("-")]
    if not names:
        ctx.out.write(
            "GNU bash, version 5.2.15(1)-release (simulated)\n"
            "A simulated bash over this device's files. Builtins:\n"
            + _columns(sorted(BUILTINS))
            + "Commands:\n"
            + _columns(sorted(n for n in COMMANDS if n not in BUILTINS))
        )
        return 0
    status = 0
    for name in names:
        if name in BUILTINS or name in COMMANDS:
            doc = (COMMANDS[name].__doc__ or "").strip().splitlines()
            ctx.out.write(f"{name}: {doc[0] if doc else name}\n")
        else:
            ctx.err.write(
                f"bash: help: no help topics match `{name}'.  Try `help help' or `man -k {name}' or `info {name}'.\n"
            )
            status = 1
    return status


def _columns(names: list[str]) -> str:
    lines: list[str] = []
    for start in range(0, len(names), 8):
        lines.append("  " + " ".join(names[start : start + 8]))
    return "\n".join(lines) + "\n"
