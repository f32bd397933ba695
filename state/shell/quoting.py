"""Quote removal in the text of a word: backslashes, ``$'...'`` escapes, a leading ``~``, and literal
parts joined back together.

These work on text and :mod:`state.shell.syntax` parts only; :mod:`state.shell.words` applies them to the
nodes tree-sitter-bash gives.
"""

from __future__ import annotations

import re

from state.shell.syntax import Literal, Parameter, Part, Tilde

_ANSI_C = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f",
           "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}  # fmt: skip
_STRAY_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def separates(gap: str) -> bool:
    """Whether the text between two argument nodes makes them two words (an unescaped blank)."""
    if not gap:
        return False
    index = 0
    while index < len(gap):
        if gap[index] == "\\":
            index += 2
            continue
        if gap[index] in " \t\n":
            return True
        index += 1
    return False


def escaped(text: str, escapes: frozenset[str] | None) -> str:
    """Backslash removal inside double quotes or a here-document: only before ``escapes``."""
    if escapes is None or "\\" not in text:
        return text
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in escapes:
            if text[index + 1] != "\n":
                out.append(text[index + 1])
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out)


def unquoted(text: str) -> list[Part]:
    """Unquoted text: a backslash quotes the next character (and removes a newline)."""
    if not text:
        return []
    if "\\" not in text:
        return [Literal(text, quoted=False)]
    parts: list[Part] = []
    plain: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            if plain:
                parts.append(Literal("".join(plain), quoted=False))
                plain = []
            if text[index + 1] != "\n":
                parts.append(Literal(text[index + 1], quoted=True))
            index += 2
            continue
        plain.append(char)
        index += 1
    if plain:
        parts.append(Literal("".join(plain), quoted=False))
    return parts


def merged(parts: list[Part]) -> tuple[Part, ...]:
    """Neighbouring literals of the same quoting as one."""
    out: list[Part] = []
    for part in parts:
        last = out[-1] if out else None
        if (
            isinstance(part, Literal)
            and isinstance(last, Literal)
            and last.quoted == part.quoted
            and (part.text and last.text)
        ):
            out[-1] = Literal(last.text + part.text, part.quoted)
        else:
            out.append(part)
    return tuple(out)


def stray_dollars(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """Unquoted ``$name`` left in literal text as a parameter: tree-sitter-bash cuts ``a{$x,2}`` into
    ``a{$`` and ``x,2}``, and the word joined back holds ``$x`` as text."""
    if not any(isinstance(p, Literal) and not p.quoted and "$" in p.text for p in parts):
        return parts
    out: list[Part] = []
    for part in parts:
        if not isinstance(part, Literal) or part.quoted or "$" not in part.text:
            out.append(part)
            continue
        position = 0
        for match in _STRAY_PARAMETER.finditer(part.text):
            out.append(Literal(part.text[position : match.start()], quoted=False))
            out.append(Parameter(match.group(1), "", None, None, False))
            position = match.end()
        out.append(Literal(part.text[position:], quoted=False))
    return tuple(p for p in out if not (isinstance(p, Literal) and not p.text))


def with_tilde(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """A leading unquoted ``~`` or ``~user`` (up to the first ``/``) as a :class:`Tilde`."""
    first = parts[0] if parts else None
    if not isinstance(first, Literal) or first.quoted or not first.text.startswith("~"):
        return parts
    user, slash, rest = first.text[1:].partition("/")
    if len(parts) > 1 and not slash and not (isinstance(parts[1], Literal) and parts[1].text.startswith("/")):
        return parts
    if user and not all(c.isalnum() or c in "._-" for c in user):
        return parts
    tail = (Literal(slash + rest, quoted=False),) if slash + rest else ()
    return (Tilde(user), *tail, *parts[1:])


def ansi_c(text: str) -> str:
    """The content of ``$'...'`` with its escapes (``\\n``, ``\\t``, ``\\x41``, ``\\u00e9``, ``\\0101``)."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char != "\\" or index + 1 >= len(text):
            out.append(char)
            index += 1
            continue
        code = text[index + 1]
        if code in _ANSI_C:
            out.append(_ANSI_C[code])
            index += 2
        elif code in "xuU":
            index = _numeric_escape(text, index + 2, 16, {"x": 2, "u": 4, "U": 8}[code], out, "\\" + code)
        elif code in "01234567":
            index = _numeric_escape(text, index + 1, 8, 3, out, "\\")
        elif code == "c" and index + 2 < len(text):
            out.append(chr(ord(text[index + 2]) & 0x1F))
            index += 3
        else:
            out.append("\\" + code)
            index += 2
    return "".join(out)


def _numeric_escape(text: str, start: int, base: int, width: int, out: list[str], fallback: str) -> int:
    digits = "0123456789abcdefABCDEF"[: 10 if base == 10 else (8 if base == 8 else 22)]
    end = start
    while end < len(text) and end - start < width and text[end] in digits:
        end += 1
    if end == start:
        out.append(fallback)
        return start
    value = int(text[start:end], base)
    out.append(chr(value) if value < 0x110000 else "\ufffd")
    return end
