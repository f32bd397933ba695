"""Shell arithmetic (``$((...))``, ``((...))``, ``for ((...))``): 64-bit integers with C's operators."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_TOKEN = re.compile(
    r"\s*(?:(?P<number>0[xX][0-9a-fA-F]+|[0-9]+#[0-9a-zA-Z@_]+|[0-9]+)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op><<=|>>=|\*\*|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^]=|[-+*/%<>=!~&|^?:,()]))"
)
_BINARY = {
    "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, ">": 7, "<=": 7, ">=": 7,
    "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10, "**": 11,
}  # fmt: skip
_ASSIGN = frozenset({"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|="})
_MASK = (1 << 64) - 1


class ArithmeticFailure(Exception):
    """An expression bash refuses; the message is bash's (``1/0: division by 0 (error token is "0")``)."""


@dataclass
class Variables:
    """How an expression reads and sets shell variables."""

    get: Callable[[str], str]
    set: Callable[[str, str], None]


def wrap(value: int) -> int:
    """A Python int as a signed 64-bit integer, as bash computes."""
    value &= _MASK
    return value - (1 << 64) if value >> 63 else value


def evaluate(expression: str, variables: Variables, depth: int = 0) -> int:
    """The value of ``expression``; an empty expression is 0."""
    tokens, starts = _tokenize(expression)
    if not tokens:
        return 0
    parser = _Evaluator(expression, tokens, starts, variables, depth)
    value = parser.comma()
    if parser.position < len(tokens):
        raise parser.failure("syntax error in expression")
    return value


def _tokenize(expression: str) -> tuple[list[str], list[int]]:
    """The tokens, and where each starts in ``expression``."""
    tokens: list[str] = []
    starts: list[int] = []
    position = 0
    text = expression.rstrip()
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            rest = text[position:].strip()
            raise ArithmeticFailure(
                f'{expression}: syntax error: invalid arithmetic operator (error token is "{rest}")'
            )
        tokens.append(match.group().strip())
        starts.append(match.end() - len(match.group().lstrip()))
        position = match.end()
    return tokens, starts


class _Evaluator:
    """Precedence climbing that evaluates as it parses; ``skip`` parses without side effects (the
    untaken side of ``&&``, ``||`` and ``?:``)."""

    def __init__(
        self, expression: str, tokens: list[str], starts: list[int], variables: Variables, depth: int
    ) -> None:
        self.expression = expression
        self.tokens = tokens
        self.starts = starts
        self.position = 0
        self.variables = variables
        self.depth = depth
        self.skip = 0

    def failure(self, message: str) -> ArithmeticFailure:
        """bash's message: the error token is the rest of the text from the token it stopped at (the
        last one when the expression ended too soon)."""
        at = min(self.position, len(self.tokens) - 1)
        rest = self.expression[self.starts[at] :] if 0 <= at < len(self.starts) else ""
        return ArithmeticFailure(f'{self.expression.lstrip()}: {message} (error token is "{rest}")')

    def peek(self) -> str:
        return self.tokens[self.position] if self.position < len(self.tokens) else ""

    def take(self) -> str:
        token = self.peek()
        self.position += 1
        return token

    def comma(self) -> int:
        value = self.assignment()
        while self.peek() == ",":
            self.take()
            value = self.assignment()
        return value

    def assignment(self) -> int:
        start = self.position
        if _is_name(self.peek()) and self.position + 1 < len(self.tokens):
            operator = self.tokens[self.position + 1]
            if operator in _ASSIGN:
                name = self.take()
                self.take()
                value = self.assignment()
                if operator != "=":
                    value = self.binary(operator[:-1], self.variable(name), value)
                return self.store(name, value)
        self.position = start
        return self.conditional()

    def conditional(self) -> int:
        condition = self.binary_level(1)
        if self.peek() != "?":
            return condition
        self.take()
        then = self.branch(bool(condition), self.assignment)
        if self.take() != ":":
            raise self.failure("expected `:'")
        otherwise = self.branch(not condition, self.conditional)
        return then if condition else otherwise

    def branch(self, taken: bool, parse: Callable[[], int]) -> int:
        if taken:
            return parse()
        self.skip += 1
        try:
            return parse()
        finally:
            self.skip -= 1

    def binary_level(self, level: int) -> int:
        left = self.unary()
        while True:
            operator = self.peek()
            precedence = _BINARY.get(operator)
            if precedence is None or precedence < level:
                return left
            self.take()
            if operator in ("&&", "||"):
                decided = (left == 0) if operator == "&&" else (left != 0)
                right = self.branch(not decided, lambda p=precedence: self.binary_level(p + 1))
                left = int(left != 0 and right != 0) if operator == "&&" else int(left != 0 or right != 0)
                continue
            right = self.binary_level(precedence if operator == "**" else precedence + 1)
            left = self.binary(operator, left, right)

    def binary(self, operator: str, left: int, right: int) -> int:
        if self.skip:
            return 0
        if operator in ("/", "%"):
            if right == 0:
                raise ArithmeticFailure(
                    f'{self.expression.strip()}: division by 0 (error token is "{self.tokens[-1]}")'
                )
            quotient = abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1)
            return wrap(quotient if operator == "/" else left - right * quotient)
        if operator == "**":
            if right < 0:
                raise self.failure("exponent less than 0")
            return wrap(pow(left, right, 1 << 64))
        return wrap(_OPERATIONS[operator](left, right))

    def unary(self) -> int:
        token = self.peek()
        if (
            token in ("++", "--")
            and self.position + 1 < len(self.tokens)
            and _is_name(self.tokens[self.position + 1])
        ):
            self.take()
            name = self.take()
            return self.store(name, wrap(self.variable(name) + (1 if token == "++" else -1)))
        if token in _UNARY:
            self.take()
            return _UNARY[token](self.unary())
        return self.postfix()

    def postfix(self) -> int:
        token = self.take()
        if token == "(":
            value = self.comma()
            if self.take() != ")":
                raise self.failure("missing `)'")
            return value
        if _is_name(token):
            value = self.variable(token)
            if self.peek() in ("++", "--"):
                self.store(token, wrap(value + (1 if self.take() == "++" else -1)))
            return value
        if token and (token[0].isdigit()):
            return self.number(token)
        self.position -= 1 if token else 0
        raise self.failure("syntax error: operand expected")

    def number(self, token: str) -> int:
        try:
            if token[:2] in ("0x", "0X"):
                return wrap(int(token[2:], 16))
            if "#" in token:
                base, digits = token.split("#", 1)
                return wrap(int(digits, int(base)))
            if len(token) > 1 and token.startswith("0"):
                return wrap(int(token, 8))
            return wrap(int(token))
        except ValueError:
            raise self.failure("value too great for base") from None

    def variable(self, name: str) -> int:
        if self.skip:
            return 0
        text = self.variables.get(name).strip()
        if not text:
            return 0
        if self.depth > 32:
            raise ArithmeticFailure(f"{name}: expression recursion level exceeded")
        return evaluate(text, self.variables, self.depth + 1)

    def store(self, name: str, value: int) -> int:
        if not self.skip:
            self.variables.set(name, str(value))
        return value


def _is_name(token: str) -> bool:
    return bool(token) and (token[0].isalpha() or token[0] == "_")


_UNARY: dict[str, Callable[[int], int]] = {
    "-": lambda v: wrap(-v),
    "+": lambda v: v,
    "!": lambda v: int(v == 0),
    "~": lambda v: ~v,
}
_OPERATIONS: dict[str, Callable[[int, int], int]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "<<": lambda a, b: a << (b & 63),
    ">>": lambda a, b: a >> (b & 63),
    "&": lambda a, b: a & b,
    "|": lambda a, b: a | b,
    "^": lambda a, b: a ^ b,
    "<": lambda a, b: int(a < b),
    ">": lambda a, b: int(a > b),
    "<=": lambda a, b: int(a <= b),
    ">=": lambda a, b: int(a >= b),
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
}
