"""POSIX regular expressions (basic and extended, with GNU's extensions) translated to Python's syntax."""

from __future__ import annotations

import re

from state.shell.regexes import IGNORECASE, UserRegex, compile_user
from state.shell.regexes import error as regex_error

_CLASSES = {
    "alpha": "a-zA-Z",
    "digit": "0-9",
    "alnum": "a-zA-Z0-9",
    "upper": "A-Z",
    "lower": "a-z",
    "space": " \\t\\n\\r\\f\\v",
    "blank": " \\t",
    "punct": re.escape("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
    "xdigit": "0-9A-Fa-f",
    "cntrl": "\\x00-\\x1f\\x7f",
    "print": " -~",
    "graph": "!-~",
    "word": "a-zA-Z0-9_",
}
_ESCAPES = {
    "<": r"\b(?=\w)",
    ">": r"\b(?<=\w)",
    "`": r"\A",
    "'": r"\Z",
    "w": r"\w",
    "W": r"\W",
    "s": r"\s",
    "S": r"\S",
    "b": r"\b",
    "B": r"\B",
}
_CONTROL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
"""What GNU sed and awk read in a pattern (``s/\\r$//``); grep reads ``\\t`` as ``t``."""


class RegexError(Exception):
    """A pattern GNU would refuse; the message is GNU's (``Unmatched ( or \\(``)."""


def _bracket(pattern: str, start: int) -> tuple[str, int]:
    """The Python class for the bracket expression at ``start`` (``[``) and the index after it."""
    i = start + 1
    negate = i < len(pattern) and pattern[i] == "^"
    i += negate
    items: list[str] = []
    first = True
    while i < len(pattern) and (pattern[i] != "]" or first):
        first = False
        match = re.match(r"\[:(\w+):\]|\[\.(.)\.\]|\[=(.)=\]", pattern[i:])
        if match:
            if match[1] is not None and match[1] not in _CLASSES:
                raise RegexError("Invalid character class name")
            items.append(_CLASSES[match[1]] if match[1] else re.escape(match[2] or match[3]))
            i += match.end()
        elif i + 2 < len(pattern) and pattern[i + 1] == "-" and pattern[i + 2] != "]":
            items.append(f"{re.escape(pattern[i])}-{re.escape(pattern[i + 2])}")
            i += 3
        else:
            items.append(re.escape(pattern[i]))
            i += 1
    if i >= len(pattern):
        raise RegexError("Unmatched [, [^, [:, [., or [=")
    return "[" + ("^" if negate else "") + "".join(items) + "]", i + 1


def _at_expression_start(out: list[str]) -> bool:
    return not out or out[-1] in ("(", "|", "^")


def translate(pattern: str, extended: bool, *, control: bool = False) -> str:
    """The Python regular expression for a POSIX BRE (``extended=False``) or ERE; ``control`` reads
    ``\\t``, ``\\n``, ``\\r``... as the characters, as sed and awk do."""
    escapes = {**_ESCAPES, **_CONTROL_ESCAPES} if control else _ESCAPES
    out: list[str] = []
    i = 0
    specials = "(){}|+?"
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            following = pattern[i + 1]
            i += 2
            if not extended and following in specials:
                out.append(following)
            elif following.isdigit() or following in escapes:
                out.append("\\" + following if following.isdigit() else escapes[following])
            else:
                out.append(re.escape(following))
            continue
        if char == "[":
            piece, i = _bracket(pattern, i)
            out.append(piece)
            continue
        out.append(_plain(pattern, i, extended, out))
        i += 1
    return "".join(out)


def _plain(pattern: str, i: int, extended: bool, out: list[str]) -> str:
    char = pattern[i]
    if char == "*" and _at_expression_start(out):
        return r"\*"
    if char in "(){}|+?" and not extended:
        return "\\" + char
    if extended and char == "{" and not re.match(r"\{\d*(,\d*)?\}", pattern[i:]):
        return r"\{"
    if extended and char in "+?" and _at_expression_start(out):
        return "\\" + char
    if not extended and char == "^" and out and out[-1] not in ("(", "|"):
        return r"\^"
    if (
        not extended
        and char == "$"
        and i + 1 < len(pattern)
        and not pattern.startswith(("\\)", "\\|"), i + 1)
    ):
        return r"\$"
    if char in "&~#":
        return "\\" + char
    return char


def compile_posix(
    pattern: str, extended: bool, ignore_case: bool = False, *, control: bool = False
) -> UserRegex:
    """Compile a POSIX pattern; :class:`RegexError` with GNU's words when it is malformed."""
    python = translate(pattern, extended, control=control)
    try:
        return compile_user(python, IGNORECASE if ignore_case else 0, shown=pattern)
    except regex_error as failure:
        raise RegexError(_gnu_message(failure, python, extended)) from None


def _gnu_message(failure: regex_error, python: str, extended: bool) -> str:
    text = str(failure)
    if "missing )" in text or "unbalanced parenthesis" in text:
        return "Unmatched ( or \\(" if "missing" in text else "Unmatched ) or \\)"
    if "invalid group reference" in text:
        return "Invalid back reference"
    if "nothing to repeat" in text or "multiple repeat" in text:
        return "Invalid preceding regular expression"
    if not extended and "{" in python:
        return "Unmatched \\{"
    return "Invalid regular expression"
