"""Reading awk programs: tokens, then a tree of :class:`Node` (patterns, actions, statements, expressions)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KEYWORDS = {
    "BEGIN",
    "END",
    "print",
    "printf",
    "if",
    "else",
    "while",
    "for",
    "do",
    "in",
    "next",
    "exit",
    "break",
    "continue",
    "delete",
    "return",
    "function",
    "getline",
    "nextfile",
}
BUILTINS = {
    "length",
    "substr",
    "index",
    "split",
    "sub",
    "gsub",
    "match",
    "sprintf",
    "tolower",
    "toupper",
    "int",
    "sqrt",
    "exp",
    "log",
    "sin",
    "cos",
    "atan2",
    "rand",
    "srand",
    "system",
    "close",
    "fflush",
}
_TOKEN = re.compile(
    r"(?P<space>[ \t]+|\\\n|#[^\n]*)"
    r"|(?P<newline>\n)"
    r"|(?P<num>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
    r'|(?P<str>"(?:[^"\\\n]|\\.)*")'
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\+\+|--|\+=|-=|\*=|/=|%=|\^=|\*\*=|==|<=|>=|!=|!~|&&|\|\||>>|\*\*|[-+*/%^!<>=~?:;,(){}\[\]$|])"
)
_OPERAND_END = {"num", "str", "regex", "name", "builtin"}
_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "\\": "\\",
    '"': '"',
    "/": "/",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}


class AwkSyntaxError(Exception):
    """A program awk cannot read; the message is mawk's (``syntax error at or near }``)."""


@dataclass
class Node:
    kind: str
    children: list[Node] = field(default_factory=list["Node"])
    text: str = ""
    number: float = 0.0


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int


def unescape(text: str) -> str:
    return re.sub(
        r"\\([0-7]{1,3}|.)",
        lambda m: chr(int(m[1], 8)) if m[1][0] in "01234567" else _ESCAPES.get(m[1], "\\" + m[1]),
        text,
        flags=re.DOTALL,
    )


def _regex_end(source: str, start: int) -> int:
    """The index of the ``/`` that closes the regex opened at ``start``."""
    i = start + 1
    in_bracket = False
    while i < len(source) and source[i] != "\n":
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            in_bracket = True
        elif char == "]":
            in_bracket = False
        elif char == "/" and not in_bracket:
            return i
        i += 1
    raise AwkSyntaxError("runaway regular expression")


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    at, line = 0, 1
    while at < len(source):
        previous = tokens[-1] if tokens else None
        ends_operand = previous is not None and (
            previous.kind in _OPERAND_END or previous.text in (")", "]", "$", "++", "--")
        )
        if source[at] == "/" and not ends_operand:
            end = _regex_end(source, at)
            tokens.append(Token("regex", source[at + 1 : end], line))
            at = end + 1
            continue
        match = _TOKEN.match(source, at)
        if match is None:
            raise AwkSyntaxError(f"syntax error at or near {source[at]}")
        kind = match.lastgroup or ""
        text = match.group()
        at = match.end()
        if kind == "space":
            line += text.count("\n")
            continue
        if kind == "newline":
            line += 1
        elif kind == "name":
            kind = "keyword" if text in KEYWORDS else "builtin" if text in BUILTINS else "name"
            if kind == "name" and at < len(source) and source[at] == "(":
                kind = "funcname"
        tokens.append(Token(kind, text, line))
    tokens.append(Token("eof", "", line))
    return tokens
