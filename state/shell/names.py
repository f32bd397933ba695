"""What bash calls its builtins and keywords; every other command is a program in ``/usr/bin``."""

from __future__ import annotations

BUILTINS = frozenset(
    [
        "cd",
        "pwd",
        "echo",
        "printf",
        "export",
        "unset",
        "true",
        "false",
        "test",
        "[",
        "type",
        "command",
        "help",
        ":",
        "read",
        "set",
        "shift",
        "local",
        "return",
        "exit",
        "break",
        "continue",
        "eval",
        "source",
        ".",
        "declare",
        "typeset",
        "readonly",
        "let",
        "exec",
        "wait",
        "hash",
        "trap",
        "alias",
        "unalias",
        "umask",
        "shopt",
        "history",
    ]
)
KEYWORDS = frozenset(
    [
        "if",
        "then",
        "else",
        "elif",
        "fi",
        "case",
        "esac",
        "for",
        "select",
        "while",
        "until",
        "do",
        "done",
        "in",
        "function",
        "time",
        "{",
        "}",
        "!",
        "[[",
        "]]",
    ]
)
ALSO_PROGRAMS = frozenset({"echo", "printf", "test", "[", "true", "false", "pwd"})
"""Builtins that also exist as programs (``/usr/bin/echo``)."""
PROGRAM_DIRECTORY = "/usr/bin"
PROGRAM_DIRECTORIES = frozenset({"/usr/local/bin", "/usr/bin", "/bin"})


def is_program(name: str) -> bool:
    """Whether ``name``, when registered, is a program file rather than only a builtin."""
    return name not in BUILTINS or name in ALSO_PROGRAMS
