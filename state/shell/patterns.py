"""Shell patterns (``*``, ``?``, ``[...]``) as regular expressions, and brace expansion.

A pattern is a string in which a backslash quotes the next character: quoted parts of a word are
escaped before they reach here, so ``"*".txt`` matches only a file called ``*.txt``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from state.shell.regexes import UserRegex, compile_user

_CLASSES = {
    "alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
    "space": r" \t\n\r\f\v", "blank": r" \t", "punct": r"!-/:-@\[-`{-~", "xdigit": "0-9A-Fa-f",
    "word": "a-zA-Z0-9_", "cntrl": r"\x00-\x1f\x7f", "print": r" -~", "graph": r"!-~",
}  # fmt: skip
_SEQUENCE = re.compile(r"(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?")
_MAGIC = frozenset("*?[")


class BraceLimit(Exception):
    """Brace expansion would make more words than allowed."""


def escape(text: str) -> str:
    """``text`` as a pattern that matches only itself."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


def has_magic(pattern: str) -> bool:
    """Whether the pattern has an unquoted ``*``, ``?`` or ``[``."""
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char in _MAGIC:
            return True
        index += 1
    return False


def unescape(pattern: str) -> str:
    """The literal text of a pattern without magic (its backslashes removed)."""
    return re.sub(r"\\(.)", r"\1", pattern, flags=re.DOTALL)


@lru_cache(maxsize=1024)
def compile_pattern(pattern: str, *, anchored: bool = True) -> UserRegex:
    """The pattern as a compiled regular expression (``*`` matches ``/`` too: callers split paths)."""
    body = translate(pattern)
    return compile_user(f"(?s:{body})\\Z" if anchored else f"(?s:{body})", shown=pattern)


def matches(pattern: str, text: str) -> bool:
    return compile_pattern(pattern).match(text) is not None


def translate(pattern: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\" and index + 1 < len(pattern):
            out.append(re.escape(pattern[index + 1]))
            index += 2
        elif char == "*":
            out.append(".*")
            index += 1
        elif char == "?":
            out.append(".")
            index += 1
        elif char == "[":
            bracket, index = _bracket(pattern, index)
            out.append(bracket)
        else:
            out.append(re.escape(char))
            index += 1
    return "".join(out)


def _bracket(pattern: str, start: int) -> tuple[str, int]:
    """A ``[...]`` expression as a regex class, or a literal ``[`` when it does not close."""
    index = start + 1
    negate = index < len(pattern) and pattern[index] in "!^"
    index += 1 if negate else 0
    members: list[str] = []
    first = True
    while index < len(pattern):
        char = pattern[index]
        if char == "]" and not first:
            body = "".join(members)
            return f"[{'^' if negate else ''}{body}]", index + 1
        first = False
        if char == "[" and pattern.startswith("[:", index):
            end = pattern.find(":]", index + 2)
            name = pattern[index + 2 : end] if end >= 0 else ""
            if name in _CLASSES:
                members.append(_CLASSES[name])
                index = end + 2
                continue
        if char == "\\" and index + 1 < len(pattern):
            members.append(re.escape(pattern[index + 1]))
            index += 2
            continue
        if char == "-" and members and index + 1 < len(pattern) and pattern[index + 1] != "]":
            members.append("-")
            index += 1
            continue
        members.append(re.escape(char) if char not in "-" else r"\-")
        index += 1
    return re.escape("["), start + 1


def strip_pattern(value: str, pattern: str, *, suffix: bool, longest: bool) -> str:
    """``${v#p}``, ``${v##p}``, ``${v%p}``, ``${v%%p}``: ``value`` without the matching prefix or suffix."""
    if not has_magic(pattern):
        literal = unescape(pattern)
        return value.removesuffix(literal) if suffix else value.removeprefix(literal)
    regex = compile_pattern(pattern)
    cuts = range(len(value) + 1)
    if suffix:
        order = list(cuts) if longest else list(reversed(cuts))
        for cut in order:
            if regex.match(value[cut:]):
                return value[:cut]
    else:
        order = list(reversed(cuts)) if longest else list(cuts)
        for cut in order:
            if regex.match(value[:cut]):
                return value[cut:]
    return value


def replace_pattern(value: str, pattern: str, replacement: str, mode: str) -> str:
    """``${v/p/r}`` (``mode`` ``/``), ``${v//p/r}`` (all), ``${v/#p/r}`` (prefix), ``${v/%p/r}`` (suffix)."""
    if not pattern:
        return value
    if not has_magic(pattern) and mode in ("/", "//"):
        return value.replace(unescape(pattern), replacement, -1 if mode == "//" else 1)
    regex = compile_pattern(pattern)
    if mode == "/#":
        for cut in range(len(value), -1, -1):
            if regex.match(value[:cut]):
                return replacement + value[cut:]
        return value
    if mode == "/%":
        for cut in range(len(value) + 1):
            if regex.match(value[cut:]):
                return value[:cut] + replacement
        return value
    out: list[str] = []
    index = 0
    while index < len(value):
        end = _longest_match(regex, value, index)
        if end is None:
            out.append(value[index])
            index += 1
            continue
        out.append(replacement)
        if mode != "//":
            return "".join(out) + value[end:]
        index = end
    return "".join(out)


def _longest_match(regex: UserRegex, value: str, start: int) -> int | None:
    for end in range(len(value), start, -1):
        if regex.match(value[start:end]):
            return end
    return None


def expand_braces(text: str, limit: int) -> list[str]:
    """Brace expansion of ``text`` (``a{b,c}`` -> ``ab ac``, ``{1..3}``, ``{a..e..2}``), left to right."""
    results = _braces(text, limit)
    if len(results) > limit:
        raise BraceLimit(f"brace expansion makes {len(results)} words")
    return results


def _braces(text: str, limit: int) -> list[str]:
    start = 0
    while True:
        open_at = _unescaped_find(text, "{", start)
        if open_at < 0:
            return [text]
        close_at, commas = _matching_brace(text, open_at)
        if close_at < 0:
            return [text]
        inner = text[open_at + 1 : close_at]
        alternatives = _split_commas(inner, commas, open_at) if commas else _sequence(inner, limit)
        if alternatives is None:
            start = open_at + 1
            continue
        prefix, suffix = text[:open_at], text[close_at + 1 :]
        results: list[str] = []
        for alternative in alternatives:
            results.extend(_braces(prefix + alternative + suffix, limit))
            if len(results) > limit:
                raise BraceLimit(f"brace expansion makes more than {limit} words")
        return results


def _unescaped_find(text: str, char: str, start: int) -> int:
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == char:
            return index
        index += 1
    return -1


def _matching_brace(text: str, open_at: int) -> tuple[int, list[int]]:
    depth = 0
    commas: list[int] = []
    index = open_at
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index, commas
        elif char == "," and depth == 1:
            commas.append(index)
        index += 1
    return -1, commas


def _split_commas(inner: str, commas: list[int], open_at: int) -> list[str]:
    bounds = [open_at, *commas, open_at + len(inner) + 1]
    return [inner[bounds[i] - open_at : bounds[i + 1] - open_at - 1] for i in range(len(bounds) - 1)]


def _sequence(inner: str, limit: int) -> list[str] | None:
    match = _SEQUENCE.fullmatch(inner)
    if match is None:
        return None
    first, last, step_text = match.groups()
    step = abs(int(step_text)) if step_text and int(step_text) != 0 else 1
    if first.isalpha() != last.isalpha():
        return None
    if first.isalpha():
        low, high = ord(first), ord(last)
        values = range(low, high + 1, step) if low <= high else range(low, high - 1, -step)
        return [chr(v) for v in values][: limit + 1]
    low, high = int(first), int(last)
    width = max(len(first), len(last)) if _padded(first) or _padded(last) else 0
    values = range(low, high + 1, step) if low <= high else range(low, high - 1, -step)
    if len(values) > limit:
        raise BraceLimit(f"brace expansion {{{inner}}} makes {len(values)} words")
    return [f"{v:0{width}d}" if width else str(v) for v in values]


def _padded(number: str) -> bool:
    digits = number.lstrip("-")
    return len(digits) > 1 and digits.startswith("0")
