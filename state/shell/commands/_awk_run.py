"""Running an awk program: records and fields, variables and arrays, statements and expressions."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from state.shell.api import Context, LimitExceeded
from state.shell.commands._awk_builtins import call_builtin
from state.shell.commands._awk_flow import AwkError, Return
from state.shell.commands._awk_parse import Node
from state.shell.commands._awk_statements import STATEMENTS
from state.shell.commands._awk_values import (
    UNSET,
    StrNum,
    Value,
    compare,
    from_input,
    number,
    string,
    truth,
)
from state.shell.commands._regex import RegexError, translate
from state.shell.regexes import UserRegex, compile_user
from state.shell.regexes import error as regex_error

Frame = dict[str, "Value | dict[str, Value]"]


class Awk:
    """The state of one awk run: ``vars`` and ``arrays`` are global; ``frames`` hold function locals."""

    def __init__(self, ctx: Context, program: Node) -> None:
        self.ctx = ctx
        self.program = program
        self.vars: dict[str, Value] = {
            "FS": " ",
            "OFS": " ",
            "ORS": "\n",
            "RS": "\n",
            "NR": 0.0,
            "FNR": 0.0,
            "SUBSEP": "\x1c",
            "RSTART": 0.0,
            "RLENGTH": -1.0,
            "CONVFMT": "%.6g",
            "OFMT": "%.6g",
            "FILENAME": "",
        }
        self.arrays: dict[str, dict[str, Value]] = {"ENVIRON": {k: from_input(v) for k, v in ctx.env.items()}}
        self.functions = {item.text: item for item in program.children if item.kind == "function"}
        self.fields: list[str] = [""]
        self.frames: list[Frame] = []
        self.files: dict[str, list[str]] = {}
        self.random = random.Random(0)
        self.seed = 0.0
        self.steps = 0
        self._regexes: dict[str, UserRegex] = {}

    # -- records and fields ---------------------------------------------------------------------

    def split(self, text: str, separator: str) -> list[str]:
        if separator == " ":
            return text.split()
        if text == "":
            return []
        if len(separator) == 1 and separator != "\\":
            return text.split(separator)
        return self.regex(separator).split(text)

    def set_record(self, text: str) -> None:
        self.fields = [text, *self.split(text, string(self.vars["FS"]))]

    def field(self, index: int) -> Value:
        if index < 0:
            raise AwkError(f"trying to access out of range field {index}")
        if index == 0:
            return from_input(self.fields[0])
        return from_input(self.fields[index]) if index < len(self.fields) else UNSET

    def set_field(self, index: int, value: str) -> None:
        if index == 0:
            self.set_record(value)
            return
        while len(self.fields) <= index:
            self.fields.append("")
        self.fields[index] = value
        self.rebuild()

    def rebuild(self) -> None:
        self.fields[0] = string(self.vars["OFS"]).join(self.fields[1:])

    def set_field_count(self, count: int) -> None:
        self.fields = self.fields[: count + 1] + [""] * max(0, count + 1 - len(self.fields))
        self.rebuild()

    # -- variables and arrays -------------------------------------------------------------------

    def regex(self, pattern: str) -> UserRegex:
        if pattern not in self._regexes:
            try:
                python = translate(pattern, extended=True, control=True)
                self._regexes[pattern] = compile_user(python, shown=pattern)
            except (RegexError, regex_error) as bad:
                raise AwkError(f"regular expression compile failed ({bad})\n{pattern}") from None
        return self._regexes[pattern]

    def get(self, name: str) -> Value:
        if self.frames and name in self.frames[-1]:
            found = self.frames[-1][name]
            return found if not isinstance(found, dict) else UNSET
        if name == "NF":
            return float(len(self.fields) - 1)
        return self.vars.get(name, UNSET)

    def set(self, name: str, value: Value) -> None:
        if self.frames and name in self.frames[-1]:
            self.frames[-1][name] = value
        elif name == "NF":
            self.set_field_count(int(number(value)))
        else:
            self.vars[name] = value

    def array(self, name: str) -> dict[str, Value]:
        if self.frames and name in self.frames[-1]:
            found = self.frames[-1][name]
            if not isinstance(found, dict):
                found = {}
                self.frames[-1][name] = found
            return found
        return self.arrays.setdefault(name, {})

    def key(self, subscripts: list[Node]) -> str:
        convert = string(self.vars["CONVFMT"])
        return string(self.vars["SUBSEP"]).join(string(self.eval(s), convert) for s in subscripts)

    def assign(self, target: Node, value: Value) -> Value:
        if target.kind == "var":
            self.set(target.text, value)
        elif target.kind == "field":
            self.set_field(int(number(self.eval(target.children[0]))), string(value))
        else:
            self.array(target.text)[self.key(target.children)] = value
        return value

    # -- statements -----------------------------------------------------------------------------

    def run(self, node: Node) -> None:
        self.steps += 1
        if self.steps > self.ctx.limits.loop_iterations * 10:
            raise LimitExceeded("loop_iterations", "awk ran too many statements: stopped")
        STATEMENTS[node.kind](self, node)

    def write(self, text: str, redirect: Node | None) -> None:
        if redirect is None:
            self.ctx.out.write(text)
            return
        target = string(self.eval(redirect.children[0]))
        if target not in self.files:
            existing = (
                self.ctx.fs.read_text(target) if redirect.text == ">>" and self.ctx.fs.stat(target) else ""
            )
            self.files[target] = [existing]
        self.files[target].append(text)

    def flush(self, only: str | None = None) -> None:
        """Write what was printed to files (``only`` one of them, for ``close``)."""
        for path in [only] if only is not None else list(self.files):
            parts = self.files.pop(path, None)
            if parts is not None:
                self.ctx.fs.write_text(path, "".join(parts))

    # -- expressions ----------------------------------------------------------------------------

    def eval(self, node: Node) -> Value:
        return _EXPRESSIONS[node.kind](self, node)

    def matches(self, subject: Value, pattern: Node) -> bool:
        text = pattern.text if pattern.kind == "regex" else string(self.eval(pattern))
        return self.regex(text).search(string(subject)) is not None

    def call(self, node: Node) -> Value:
        function = self.functions.get(node.text)
        if function is None:
            raise AwkError(f"function {node.text} never defined")
        params = [p.text for p in function.children[:-1]]
        frame: Frame = {}
        for name, arg in zip(params, node.children + [Node("empty")] * len(params), strict=False):
            if arg.kind == "var" and (arg.text in self.arrays or self.is_local_array(arg.text)):
                frame[name] = self.array(arg.text)
            elif arg.kind != "empty":
                frame[name] = self.eval(arg)
            else:
                frame[name] = UNSET
        if len(self.frames) >= self.ctx.limits.depth:
            raise LimitExceeded(
                "depth", f"awk function calls nested deeper than {self.ctx.limits.depth}: stopped"
            )
        self.frames.append(frame)
        try:
            self.run(function.children[-1])
        except Return as returned:
            return returned.value
        finally:
            self.frames.pop()
        return UNSET

    def is_local_array(self, name: str) -> bool:
        return bool(self.frames) and isinstance(self.frames[-1].get(name), dict)


def _arithmetic(op: str, a: float, b: float) -> float:
    if op in "/%" and b == 0:
        # mawk's answer, not gawk's error: inf, -inf or nan
        return math.copysign(math.inf, a) if op == "/" and a != 0 else math.nan
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a / b
    if op == "%":
        return math.fmod(a, b)
    try:
        return float(a**b)
    except (OverflowError, ZeroDivisionError):
        return math.inf


def _assign(awk: Awk, node: Node) -> Value:
    target, source = node.children
    value = awk.eval(source)
    if node.text != "=":
        value = _arithmetic(
            node.text[0] if node.text != "**=" else "^", number(awk.eval(target)), number(value)
        )
    elif isinstance(value, StrNum) and value == "":
        value = UNSET
    return awk.assign(target, value)


def _increment(awk: Awk, node: Node) -> Value:
    target = node.children[0]
    old = number(awk.eval(target))
    new = old + (1 if node.text == "++" else -1)
    awk.assign(target, new)
    return new if node.kind == "pre" else old


def _compare(awk: Awk, node: Node) -> Value:
    result = compare(awk.eval(node.children[0]), awk.eval(node.children[1]))
    ops = {
        "<": result < 0,
        "<=": result <= 0,
        "==": result == 0,
        "!=": result != 0,
        ">": result > 0,
        ">=": result >= 0,
    }
    return 1.0 if ops[node.text] else 0.0


def _in(awk: Awk, node: Node) -> Value:
    return 1.0 if awk.key(node.children) in awk.array(node.text) else 0.0


_EXPRESSIONS: dict[str, Callable[[Awk, Node], Value]] = {
    "num": lambda awk, node: node.number,
    "str": lambda awk, node: node.text,
    "regex": lambda awk, node: 1.0 if awk.matches(awk.field(0), node) else 0.0,
    "var": lambda awk, node: awk.get(node.text),
    "field": lambda awk, node: awk.field(int(number(awk.eval(node.children[0])))),
    "index": lambda awk, node: awk.array(node.text).setdefault(awk.key(node.children), UNSET),
    "assign": _assign,
    "cond": lambda awk, node: awk.eval(
        node.children[1] if truth(awk.eval(node.children[0])) else node.children[2]
    ),
    "or": lambda awk, node: (
        1.0 if truth(awk.eval(node.children[0])) or truth(awk.eval(node.children[1])) else 0.0
    ),
    "and": lambda awk, node: (
        1.0 if truth(awk.eval(node.children[0])) and truth(awk.eval(node.children[1])) else 0.0
    ),
    "in": _in,
    "match": lambda awk, node: (
        1.0 if awk.matches(awk.eval(node.children[0]), node.children[1]) != (node.text == "!~") else 0.0
    ),
    "cmp": _compare,
    "concat": lambda awk, node: (
        string(awk.eval(node.children[0]), string(awk.vars["CONVFMT"]))
        + string(awk.eval(node.children[1]), string(awk.vars["CONVFMT"]))
    ),
    "binary": lambda awk, node: _arithmetic(
        node.text, number(awk.eval(node.children[0])), number(awk.eval(node.children[1]))
    ),
    "not": lambda awk, node: 0.0 if truth(awk.eval(node.children[0])) else 1.0,
    "neg": lambda awk, node: -number(awk.eval(node.children[0])),
    "plus": lambda awk, node: number(awk.eval(node.children[0])),
    "pre": _increment,
    "post": _increment,
    "call": lambda awk, node: awk.call(node),
    "builtin": lambda awk, node: call_builtin(awk, node),
    "group": lambda awk, node: awk.eval(node.children[-1]),
}
