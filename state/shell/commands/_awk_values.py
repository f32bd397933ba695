"""awk's values: numbers, strings and "strnums" (input that looks numeric), and ``printf`` formatting."""

from __future__ import annotations

import math
import re

Value = float | str

_LOOKS_NUMERIC = re.compile(r"[ \t\n]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[ \t\n]*")
_NUMBER_PREFIX = re.compile(r"[ \t\n]*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)")
_FORMAT = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%])")
_INT_RANGE = 2**31


class StrNum(str):
    """Text from input (fields, ``split``) that looks like a number: compared as one."""


UNSET = StrNum("")
"""An unset variable: both ``""`` and ``0``."""


def from_input(text: str) -> str:
    return StrNum(text) if _LOOKS_NUMERIC.fullmatch(text) else text


def is_numeric(value: Value) -> bool:
    return not isinstance(value, str) or isinstance(value, StrNum)


def number(value: Value) -> float:
    if not isinstance(value, str):
        return float(value)
    match = _NUMBER_PREFIX.match(value)
    return float(match[1]) if match else 0.0


def string(value: Value, fmt: str = "%.6g") -> str:
    """A number as awk writes it: integers plainly, others with ``fmt`` (CONVFMT / OFMT)."""
    if isinstance(value, str):
        return value
    value = float(value)
    if math.isnan(value):
        return "nan" if math.copysign(1, value) > 0 else "-nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if value == int(value) and abs(value) < _INT_RANGE:
        return str(int(value))
    return fmt % value


def truth(value: Value) -> bool:
    if not isinstance(value, str):
        return value != 0
    if isinstance(value, StrNum) and value != "":
        return number(value) != 0
    return value != ""


def compare(left: Value, right: Value) -> int:
    if is_numeric(left) and is_numeric(right):
        a, b = number(left), number(right)
        return (a > b) - (a < b)
    x, y = string(left), string(right)
    return (x > y) - (x < y)


def _int_of(value: Value) -> int:
    result = number(value)
    if math.isnan(result) or math.isinf(result):
        return 0
    return int(result)


def format_values(template: str, args: list[Value]) -> str:
    """``printf``'s formatting of ``args`` (``%d %i %o %x %X %u %c %s %e %f %g %%``, flags, widths, ``*``)."""
    remaining = list(args)

    def take() -> Value:
        return remaining.pop(0) if remaining else UNSET

    def one(match: re.Match[str]) -> str:
        flags, width, precision, code = match.groups()
        if code == "%":
            return "%"
        width = str(_int_of(take())) if width == "*" else width or ""
        precision = str(_int_of(take())) if precision == "*" else precision
        spec = "%" + flags + width + ("." + precision if precision is not None else "")
        value = take()
        if code in "diu":
            return (spec + "d") % _int_of(value)
        if code in "oxX":
            return (spec + code) % _int_of(value)
        if code in "eEfFgG":
            return (spec + code) % number(value)
        if code == "c":
            text = string(value)[:1] if isinstance(value, str) else chr(_int_of(value))
            return (spec + "s") % text
        if code == "s":
            return (spec + "s") % string(value)
        return match.group()

    return _FORMAT.sub(one, template)
