"""Conditions of ``test`` / ``[`` and ``[[ ... ]]``: file tests against the world, strings, integers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from state.shell.api import FileSystem
from state.shell.commands._regex import RegexError, compile_posix
from state.shell.patterns import matches

_FILE_TESTS = frozenset(
    [
        "-e",
        "-f",
        "-d",
        "-s",
        "-r",
        "-w",
        "-x",
        "-a",
        "-h",
        "-L",
        "-b",
        "-c",
        "-p",
        "-S",
        "-t",
        "-g",
        "-u",
        "-k",
        "-O",
        "-G",
        "-N",
    ]
)
_STRING_TESTS = frozenset({"-n", "-z"})
_INTEGER = frozenset({"-eq", "-ne", "-lt", "-le", "-gt", "-ge"})
_BINARY = frozenset({"=", "==", "!=", "<", ">", "-nt", "-ot", "-ef", "=~", *_INTEGER})


class TestFailure(Exception):
    """A malformed condition: status 2 and bash's message (``[: a: integer expression expected``)."""


@dataclass(frozen=True)
class Token:
    text: str
    operator: bool
    """Whether the word may be an operator (``[[ ]]`` only treats unquoted words so)."""


class Evaluator:
    """Recursive descent over ``! ( ) -a -o && ||`` with unary and binary primaries."""

    def __init__(
        self,
        tokens: list[Token],
        fs: FileSystem,
        *,
        extended: bool,
        pattern: Callable[[int], str] | None = None,
        regex: Callable[[int], str] | None = None,
    ) -> None:
        self.tokens = tokens
        self.fs = fs
        self.extended = extended
        self.pattern = pattern
        self.regex = regex
        self.position = 0
        self.rematch: list[str] | None = None
        """After ``=~``: the whole match and its groups (``BASH_REMATCH``), empty when it failed."""

    def evaluate(self) -> bool:
        if not self.tokens:
            return False
        result = self.disjunction()
        if self.position < len(self.tokens):
            raise TestFailure(f"{self.tokens[self.position].text}: binary operator expected"
                              if self.position == 1 else "too many arguments")  # fmt: skip
        return result

    def peek(self, ahead: int = 0) -> Token | None:
        index = self.position + ahead
        return self.tokens[index] if index < len(self.tokens) else None

    def is_op(self, token: Token | None, *texts: str) -> bool:
        return token is not None and token.operator and token.text in texts

    def disjunction(self) -> bool:
        result = self.conjunction()
        while self.is_op(self.peek(), "||" if self.extended else "-o"):
            self.position += 1
            right = self.conjunction()
            result = result or right
        return result

    def conjunction(self) -> bool:
        result = self.negation()
        while self.is_op(self.peek(), "&&" if self.extended else "-a"):
            self.position += 1
            right = self.negation()
            result = result and right
        return result

    def negation(self) -> bool:
        if self.is_op(self.peek(), "!") and self.peek(1) is not None:
            self.position += 1
            return not self.negation()
        return self.primary()

    def primary(self) -> bool:
        token = self.peek()
        if token is None:
            raise TestFailure("argument expected")
        if self.is_op(token, "(") and not self.is_op(self.peek(1), *_BINARY):
            self.position += 1
            result = self.disjunction()
            if not self.is_op(self.peek(), ")"):
                raise TestFailure("`)' expected")
            self.position += 1
            return result
        following = self.peek(1)
        if self.is_op(following, *_BINARY) and self.peek(2) is not None:
            self.position += 3
            return self.binary(token.text, following.text if following else "", self.position - 1)
        if (
            token.operator
            and (token.text in _FILE_TESTS or token.text in _STRING_TESTS)
            and following is not None
        ):
            self.position += 2
            return self.unary(token.text, following.text)
        self.position += 1
        return token.text != ""

    def unary(self, operator: str, operand: str) -> bool:
        if operator == "-n":
            return operand != ""
        if operator == "-z":
            return operand == ""
        if operator == "-t":
            return False
        found = self.fs.stat(operand) if operand else None
        if found is None:
            return False
        if operator == "-f":
            return not found.is_dir and found.mime_type != "inode/chardevice"
        if operator == "-d":
            return found.is_dir
        if operator == "-s":
            return found.size > 0
        if operator in ("-h", "-L", "-b", "-p", "-S", "-g", "-u", "-k"):
            return False
        if operator == "-c":
            return found.mime_type == "inode/chardevice"
        return True

    def binary(self, left: str, operator: str, right_index: int) -> bool:
        right = self.tokens[right_index].text
        if operator in ("=", "==", "!="):
            if self.extended and self.pattern is not None:
                equal = matches(self.pattern(right_index), left)
            else:
                equal = left == right
            return equal if operator != "!=" else not equal
        if operator == "=~":
            return self.regex_match(left, self.regex(right_index) if self.regex else right)
        if operator in ("<", ">"):
            return left < right if operator == "<" else left > right
        if operator in ("-nt", "-ot", "-ef"):
            return self.compare_files(left, operator, right)
        return _INTEGER_OPS[operator](self.integer(left), self.integer(right))

    def regex_match(self, text: str, pattern: str) -> bool:
        try:
            found = compile_posix(pattern, extended=True).search(text)
        except RegexError:
            raise TestFailure("") from None  # bash answers 2 and says nothing
        self.rematch = [] if found is None else [found.group(), *(g or "" for g in found.groups())]
        return found is not None

    def integer(self, text: str) -> int:
        stripped = text.strip()
        try:
            return int(stripped)
        except ValueError:
            raise TestFailure(f"{text}: integer expression expected") from None

    def compare_files(self, left: str, operator: str, right: str) -> bool:
        a = self.fs.stat(left) if left else None
        b = self.fs.stat(right) if right else None
        if operator == "-ef":
            return a is not None and b is not None and a.path == b.path
        if operator == "-nt":
            return a is not None and (b is None or a.modified_at > b.modified_at)
        return b is not None and (a is None or a.modified_at < b.modified_at)


_INTEGER_OPS: dict[str, Callable[[int, int], bool]] = {
    "-eq": lambda a, b: a == b,
    "-ne": lambda a, b: a != b,
    "-lt": lambda a, b: a < b,
    "-le": lambda a, b: a <= b,
    "-gt": lambda a, b: a > b,
    "-ge": lambda a, b: a >= b,
}


def test_status(arguments: list[str], fs: FileSystem) -> tuple[int, str]:
    """``test ARGS``: the exit status and, for a malformed expression, bash's message."""
    tokens = [Token(a, operator=True) for a in arguments]
    if len(arguments) == 1:
        return (0 if arguments[0] else 1), ""
    if len(arguments) == 2 and arguments[0] == "!":
        return (0 if not arguments[1] else 1), ""
    try:
        return (0 if Evaluator(tokens, fs, extended=False).evaluate() else 1), ""
    except TestFailure as failure:
        return 2, str(failure)
