"""Builtins that need nothing of the shell but their context: ``true false : echo pwd env test [``."""

from __future__ import annotations

import string

from state.shell.api import Context, command
from state.shell.conditional import test_status
from state.shell.quoting import ansi_c


@command("true", ":")
def true(ctx: Context, argv: list[str]) -> int:
    return 0


@command("false")
def false(ctx: Context, argv: list[str]) -> int:
    return 1


@command("echo")
def echo(ctx: Context, argv: list[str]) -> int:
    """``echo [-neE] ARG...``: options only while every letter is one of n, e, E (as bash)."""
    newline, escapes = True, False
    arguments = argv[1:]
    while (
        arguments and len(arguments[0]) > 1 and arguments[0][0] == "-" and set(arguments[0][1:]) <= set("neE")
    ):
        for flag in arguments[0][1:]:
            newline = newline and flag != "n"
            escapes = {"e": True, "E": False}.get(flag, escapes)
        arguments = arguments[1:]
    text = " ".join(arguments)
    if escapes:
        text, stop = _echo_escapes(text)
        if stop:
            ctx.out.write(text)
            return 0
    ctx.out.write(text + ("\n" if newline else ""))
    return 0


def _echo_escapes(text: str) -> tuple[str, bool]:
    """``echo -e`` escapes; ``\\c`` ends the output (True: stop, no newline). Octal is ``\\0NNN`` only:
    ``\\101`` stays as it is (unlike ``printf`` and ``$'...'``)."""
    out: list[str] = []
    index = 0
    while index < len(text):
        end = index + 2
        code = text[index + 1 : end]
        if text[index] != "\\" or not code:
            out.append(text[index])
            end = index + 1
        elif code == "c":
            return "".join(out), True
        elif code == "0":
            while end < len(text) and end < index + 5 and text[end] in "01234567":
                end += 1
            out.append(chr(int(text[index + 2 : end] or "0", 8) & 0xFF))
        elif code in _ECHO_ESCAPES:
            while end < len(text) and end < index + 2 + _ECHO_ESCAPES[code] and text[end] in string.hexdigits:
                end += 1
            out.append(ansi_c(text[index:end]))
        else:
            out.append(text[index:end])
        index = end
    return "".join(out), False


_ECHO_ESCAPES = {**dict.fromkeys("abeEfnrtv\\", 0), "x": 2, "u": 4, "U": 8}
"""The escapes ``echo -e`` knows, with how many hex digits may follow."""


@command("pwd")
def pwd(ctx: Context, argv: list[str]) -> int:
    for option in argv[1:]:
        if option.startswith("-") and option not in ("-L", "-P"):
            ctx.err.write(f"bash: pwd: {option[:2]}: invalid option\npwd: usage: pwd [-LP]\n")
            return 2
    ctx.out.write(ctx.cwd + "\n")
    return 0


@command("env")
def env(ctx: Context, argv: list[str]) -> int:
    """``env`` lists the environment; ``env NAME=value... COMMAND`` runs a command with more of it."""
    extra: dict[str, str] = {}
    arguments = argv[1:]
    removed: list[str] = []
    while arguments[:1] == ["-u"] and len(arguments) > 1:
        removed.append(arguments[1])
        arguments = arguments[2:]
    while arguments and "=" in arguments[0] and not arguments[0].startswith("="):
        name, _, value = arguments.pop(0).partition("=")
        extra[name] = value
    if arguments:
        from state.shell.interpreter import shell_of

        def run() -> int:
            status, output = ctx.run(arguments, ctx.stdin)
            ctx.out.write(output)
            return status

        return shell_of(ctx).with_environment(extra, run, tuple(removed))
    for name, value in {**{k: v for k, v in ctx.env.items() if k not in removed}, **extra}.items():
        ctx.out.write(f"{name}={value}\n")
    return 0


@command("printenv")
def printenv(ctx: Context, argv: list[str]) -> int:
    """``printenv [NAME...]``: the environment, or the values of the named variables."""
    if len(argv) == 1:
        return env(ctx, argv[:1])
    values = [ctx.env[name] for name in argv[1:] if name in ctx.env]
    for value in values:
        ctx.out.write(value + "\n")
    return 0 if len(values) == len(argv) - 1 else 1


@command("test", "[")
def test(ctx: Context, argv: list[str]) -> int:
    arguments = argv[1:]
    if argv[0] == "[":
        if not arguments or arguments[-1] != "]":
            ctx.err.write("bash: [: missing `]'\n")
            return 2
        arguments = arguments[:-1]
    status, message = test_status(arguments, ctx.fs)
    if message:
        ctx.err.write(f"bash: {argv[0]}: {message}\n")
    return status
