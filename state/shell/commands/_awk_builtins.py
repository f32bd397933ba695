"""awk's built-in functions: length substr index split sub gsub match sprintf tolower toupper and math."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from state.shell.commands._awk_parse import Node
from state.shell.commands._awk_values import UNSET, Value, format_values, from_input, number, string
from state.shell.regexes import Match

if TYPE_CHECKING:
    from state.shell.commands._awk_run import Awk


def _arg(awk: Awk, node: Node, index: int) -> Value:
    return awk.eval(node.children[index]) if index < len(node.children) else UNSET


def _text(awk: Awk, node: Node, index: int) -> str:
    return string(_arg(awk, node, index), string(awk.vars["CONVFMT"]))


def _length(awk: Awk, node: Node) -> Value:
    if not node.children:
        return float(len(string(awk.field(0))))
    only = node.children[0]
    if only.kind == "var" and (only.text in awk.arrays or awk.is_local_array(only.text)):
        return float(len(awk.array(only.text)))
    return float(len(_text(awk, node, 0)))


def _substr(awk: Awk, node: Node) -> Value:
    text = _text(awk, node, 0)
    start = number(_arg(awk, node, 1))
    start = math.floor(start + 0.5) if not math.isnan(start) else 0
    if len(node.children) > 2:
        length = number(_arg(awk, node, 2))
        end = start + (math.floor(length + 0.5) if not math.isnan(length) else 0)
    else:
        end = len(text) + 1
    first, last = max(start, 1), min(end, len(text) + 1)
    return text[first - 1 : last - 1] if first < last else ""


def _index(awk: Awk, node: Node) -> Value:
    return float(_text(awk, node, 0).find(_text(awk, node, 1)) + 1)


def _split(awk: Awk, node: Node) -> Value:
    text = _text(awk, node, 0)
    separator = _text(awk, node, 2) if len(node.children) > 2 else string(awk.vars["FS"])
    if len(node.children) > 2 and node.children[2].kind == "regex":
        separator = node.children[2].text
    parts = awk.split(text, separator)
    array = awk.array(node.children[1].text)
    array.clear()
    for index, part in enumerate(parts, start=1):
        array[str(index)] = from_input(part)
    return float(len(parts))


def _pattern(awk: Awk, node: Node) -> str:
    first = node.children[0]
    return first.text if first.kind == "regex" else _text(awk, node, 0)


def _replacement(template: str, matched: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(template):
        if template[i] == "\\" and i + 1 < len(template) and template[i + 1] in "&\\":
            out.append(template[i + 1])
            i += 2
            continue
        out.append(matched if template[i] == "&" else template[i])
        i += 1
    return "".join(out)


def _substitute(awk: Awk, node: Node, every: bool) -> Value:
    regex = awk.regex(_pattern(awk, node))
    template = _text(awk, node, 1)
    target = node.children[2] if len(node.children) > 2 else Node("field", [Node("num", number=0.0)])
    text = string(awk.eval(target), string(awk.vars["CONVFMT"]))
    count = 0

    def replace(match: Match) -> str:
        nonlocal count
        count += 1
        return _replacement(template, match.group())

    result = regex.sub(replace, text, count=0 if every else 1)
    if count:
        awk.assign(target, result)
    return float(count)


def _match(awk: Awk, node: Node) -> Value:
    first = node.children[1]
    pattern = first.text if first.kind == "regex" else _text(awk, node, 1)
    found = awk.regex(pattern).search(_text(awk, node, 0))
    awk.vars["RSTART"] = float(found.start() + 1) if found else 0.0
    awk.vars["RLENGTH"] = float(len(found.group())) if found else -1.0
    return awk.vars["RSTART"]


def _srand(awk: Awk, node: Node) -> Value:
    previous = awk.seed
    awk.seed = number(_arg(awk, node, 0)) if node.children else 0.0
    awk.random.seed(awk.seed)
    return previous


def _system(awk: Awk, node: Node) -> Value:
    words = _text(awk, node, 0).split()
    if not words:
        return 0.0
    status, output = awk.ctx.run(words)
    awk.ctx.out.write(output)
    return float(status)


def _math(function: Callable[[float], float]) -> Callable[[Awk, Node], Value]:
    def run(awk: Awk, node: Node) -> Value:
        try:
            return function(number(_arg(awk, node, 0)))
        except (ValueError, OverflowError):
            return math.nan

    return run


_BUILTINS: dict[str, Callable[[Awk, Node], Value]] = {
    "length": _length,
    "substr": _substr,
    "index": _index,
    "split": _split,
    "sub": lambda awk, node: _substitute(awk, node, every=False),
    "gsub": lambda awk, node: _substitute(awk, node, every=True),
    "match": _match,
    "sprintf": lambda awk, node: format_values(_text(awk, node, 0), [awk.eval(c) for c in node.children[1:]]),
    "tolower": lambda awk, node: _text(awk, node, 0).lower(),
    "toupper": lambda awk, node: _text(awk, node, 0).upper(),
    "int": lambda awk, node: float(math.trunc(number(_arg(awk, node, 0)))),
    "sqrt": _math(math.sqrt),
    "exp": _math(math.exp),
    "log": _math(math.log),
    "sin": _math(math.sin),
    "cos": _math(math.cos),
    "atan2": lambda awk, node: math.atan2(number(_arg(awk, node, 0)), number(_arg(awk, node, 1))),
    "rand": lambda awk, node: awk.random.random(),
    "srand": _srand,
    "system": _system,
    "close": lambda awk, node: _close(awk, node),
    "fflush": lambda awk, node: 0.0,
}


def _close(awk: Awk, node: Node) -> Value:
    awk.flush(_text(awk, node, 0))
    return 0.0


def call_builtin(awk: Awk, node: Node) -> Value:
    return _BUILTINS[node.text](awk, node)
