"""Word expansion, in bash's order: braces, tilde, parameters, command substitution and arithmetic,
field splitting on IFS, globbing against the world, quote removal.

While expanding, a word is a list of segments, each remembering whether it may still be split and
globbed: quoted text never is, unquoted literal text is globbed but not split, expansion results are
both. ``"$@"`` breaks a word into several fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from state.shell import arrays
from state.shell.api import LimitExceeded
from state.shell.arith import ArithmeticFailure, Variables, evaluate
from state.shell.flow import ExitShell
from state.shell.patterns import BraceLimit, escape, expand_braces, has_magic, replace_pattern, strip_pattern
from state.shell.syntax import (
    Arithmetic,
    CommandSubstitution,
    Literal,
    Parameter,
    Part,
    ProcessSubstitution,
    Tilde,
    Word,
)

if TYPE_CHECKING:
    from state.shell.interpreter import Interpreter

QUOTED, LITERAL, SPLIT, BREAK = 0, 1, 2, 3
Segment = tuple[str, int]
_PLACEHOLDER = 0x100000  # a private-use plane: stands for a non-literal part during brace expansion
_SPECIAL = frozenset("@*#?$!-0123456789")


class Expander:
    def __init__(self, shell: Interpreter) -> None:
        self.shell = shell

    # -- entry points ----------------------------------------------------------------------------

    def words(self, words: tuple[Word, ...]) -> list[str]:
        """Command words to arguments."""
        out: list[str] = []
        for word in words:
            if word.assignment:
                out.append(self.string(word))
                continue
            for variant in self.braces(word):
                for field in self.fields(self.segments(variant)):
                    out.extend(self.glob(field))
        return out

    def string(self, word: Word) -> str:
        """A word that is neither split nor globbed (assignments, redirection targets, ``case``)."""
        return "".join(text for text, kind in self.segments(word.parts) if kind != BREAK)

    def pattern(self, word: Word) -> str:
        """A word as a pattern: quoted characters escaped, unquoted ones keep their magic."""
        return "".join(escape(t) if k == QUOTED else t for t, k in self.segments(word.parts) if k != BREAK)

    def regex(self, word: Word) -> str:
        """A word as the regular expression of ``=~``: quoted characters match themselves."""
        return "".join(
            _regex_escape(t) if k == QUOTED else t for t, k in self.segments(word.parts) if k != BREAK
        )

    def arithmetic(self, word: Word) -> int:
        text = self.string(word)
        try:
            return evaluate(text, Variables(self.shell.get_or_empty, self.shell.set_variable))
        except ArithmeticFailure as failure:
            raise ExitShell(1, str(failure)) from None

    # -- brace expansion -------------------------------------------------------------------------

    def braces(self, word: Word) -> list[tuple[Part, ...]]:
        if not any(isinstance(p, Literal) and not p.quoted and "{" in p.text for p in word.parts):
            return [word.parts]
        held: list[Part] = []
        text: list[str] = []
        for part in word.parts:
            if isinstance(part, Literal) and not part.quoted:
                text.append(part.text)
            else:
                text.append(chr(_PLACEHOLDER + len(held)))
                held.append(part)
        try:
            variants = expand_braces("".join(text), self.shell.limits.glob_results)
        except BraceLimit as error:
            raise LimitExceeded(
                "glob_results", f"{error} (glob_results limit {self.shell.limits.glob_results})"
            ) from None
        return [_restore(variant, held) for variant in variants]

    # -- parameters and substitutions ------------------------------------------------------------

    def segments(self, parts: tuple[Part, ...]) -> list[Segment]:
        out: list[Segment] = []
        for part in parts:
            if isinstance(part, Literal):
                out.append((part.text, QUOTED if part.quoted else LITERAL))
            elif isinstance(part, Tilde):
                out.append(self.tilde(part.user))
            elif isinstance(part, Parameter):
                out.extend(self.parameter(part))
            elif isinstance(part, CommandSubstitution):
                text = self.shell.substitute(part.body).rstrip("\n")
                out.append((text, QUOTED if part.quoted else SPLIT))
            elif isinstance(part, ProcessSubstitution):
                out.append((self.shell.process_substitution(part.body), QUOTED))
            else:
                out.append((str(self.arithmetic_part(part)), QUOTED if part.quoted else SPLIT))
        return out

    def arithmetic_part(self, part: Arithmetic) -> int:
        return self.arithmetic(part.expression)

    def tilde(self, user: str) -> Segment:
        if not user:
            return (self.shell.get_or_empty("HOME") or self.shell.fs.home, QUOTED)
        if user == self.shell.user:
            return (self.shell.fs.home, QUOTED)
        return ("~" + user, LITERAL)

    def parameter(self, part: Parameter) -> list[Segment]:
        kind = QUOTED if part.quoted else SPLIT
        if part.index is not None:
            every = arrays.is_all(self.shell, part.index)
            if every is not None:
                return self.every_element(part, every)
            value = arrays.element(self.shell, part.name, part.index)
        elif part.name in ("@", "*") and part.op == "":
            return self.listed(self.shell.state.positional, part.name == "*", part.quoted)
        else:
            value = self.shell.lookup(part.name)
        op = part.op
        if op == "":
            if value is None and "nounset" in self.shell.state.options and part.name not in _SPECIAL:
                raise ExitShell(127, f"{part.name}: unbound variable")
            return [(value or "", kind)]
        if op == "length":
            count = len(self.shell.state.positional) if part.name in ("@", "*") else len(value or "")
            return [(str(count), kind)]
        if op == "!":
            return [(self.shell.lookup(value or "") or "", kind)]
        if op in (":-", "-", ":=", "=", ":?", "?", ":+", "+"):
            return self.conditional(part, value)
        return [(self.transformed(part, value or ""), kind)]

    def every_element(self, part: Parameter, which: str) -> list[Segment]:
        """``${a[@]}`` and its forms: the count, the indices, or each element (transformed)."""
        elements = arrays.values(self.shell, part.name)
        if part.op == "length":
            return [(str(len(elements)), QUOTED if part.quoted else SPLIT)]
        if part.op == "!":
            return self.listed(arrays.indices(self.shell, part.name), which == "*", part.quoted)
        if part.op and part.op not in (":-", "-", ":=", "=", ":?", "?", ":+", "+"):
            elements = [self.transformed(part, element) for element in elements]
        return self.listed(elements, which == "*", part.quoted)

    def listed(self, params: list[str], star: bool, quoted: bool) -> list[Segment]:
        """Several values: separate fields, or one joined by IFS's first character for quoted ``*``."""
        if quoted and star:
            separator = self.shell.get_or_empty("IFS")[:1] if self.shell.lookup("IFS") is not None else " "
            return [(separator.join(params), QUOTED)]
        out: list[Segment] = []
        for index, value in enumerate(params):
            if index:
                out.append(("", BREAK))
            out.append((value, QUOTED if quoted else SPLIT))
        return out

    def conditional(self, part: Parameter, value: str | None) -> list[Segment]:
        op = part.op
        missing = value is None or (op.startswith(":") and value == "")
        if op in (":+", "+"):
            return self.argument(part) if not missing else []
        if not missing:
            return [(value or "", QUOTED if part.quoted else SPLIT)]
        if op in (":-", "-"):
            return self.argument(part)
        if op in (":=", "="):
            assigned = self.string(part.arg) if part.arg else ""
            self.shell.set_variable(part.name, assigned)
            return [(assigned, QUOTED if part.quoted else SPLIT)]
        message = self.string(part.arg) if part.arg and part.arg.parts else ""
        raise ExitShell(127, f"{part.name}: {message or 'parameter null or not set'}")

    def argument(self, part: Parameter) -> list[Segment]:
        segments = self.segments(part.arg.parts) if part.arg else []
        if part.quoted:
            return [(t, QUOTED if k != BREAK else BREAK) for t, k in segments]
        return segments

    def transformed(self, part: Parameter, value: str) -> str:
        op = part.op
        if op in ("#", "##", "%", "%%"):
            pattern = self.pattern(part.arg) if part.arg else ""
            return strip_pattern(value, pattern, suffix=op[0] == "%", longest=len(op) == 2)
        if op in ("/", "//", "/#", "/%"):
            pattern = self.pattern(part.arg) if part.arg else ""
            replacement = self.string(part.arg2) if part.arg2 else ""
            return replace_pattern(value, pattern, replacement, op)
        if op in ("^^", ",,"):
            return value.upper() if op == "^^" else value.lower()
        if op in ("^", ","):
            return (value[:1].upper() if op == "^" else value[:1].lower()) + value[1:]
        if op == ":":
            return self.substring(part, value)
        raise ExitShell(1, f"${{{part.name}{op}...}}: bad substitution")

    def substring(self, part: Parameter, value: str) -> str:
        offset = self.arithmetic(part.arg) if part.arg else 0
        if offset < 0:
            offset = max(len(value) + offset, 0) if len(value) + offset >= 0 else len(value) + 1
        if part.arg2 is None:
            return value[offset:]
        length = self.arithmetic(part.arg2)
        if length < 0:
            end = len(value) + length
            if end < offset:
                raise ExitShell(1, f"{part.name}: {length}: substring expression < 0")
            return value[offset:end]
        return value[offset : offset + length]

    # -- splitting and globbing ------------------------------------------------------------------

    def fields(self, segments: list[Segment]) -> list[list[Segment]]:
        ifs = self.shell.lookup("IFS")
        separators = " \t\n" if ifs is None else ifs
        blanks = "".join(c for c in separators if c in " \t\n")
        fields: list[list[Segment]] = []
        current: list[Segment] = []
        started = False
        for text, kind in segments:
            if kind == BREAK:
                fields.append(current)
                current, started = [], False
            elif kind != SPLIT or not separators:
                current.append((text, kind))
                started = started or kind == QUOTED or bool(text)
            else:
                for char in text:
                    if char not in separators:
                        current.append((char, SPLIT))
                        started = True
                    elif char not in blanks or started:
                        fields.append(current)
                        current, started = [], False
        if started:
            fields.append(current)
        return fields

    def glob(self, field: list[Segment]) -> list[str]:
        plain = "".join(text for text, _ in field)
        if not any(kind != QUOTED and any(c in text for c in "*?[") for text, kind in field):
            return [plain]
        pattern = "".join(escape(t) if k == QUOTED else t for t, k in field)
        if not has_magic(pattern):
            return [plain]
        found = self.shell.fs.glob(pattern)
        if not found and "shopt:nullglob" in self.shell.state.options:
            return []
        return found or [plain]


def _restore(variant: str, held: list[Part]) -> tuple[Part, ...]:
    parts: list[Part] = []
    plain: list[str] = []
    for char in variant:
        index = ord(char) - _PLACEHOLDER
        if 0 <= index < len(held):
            if plain:
                parts.append(Literal("".join(plain), quoted=False))
                plain = []
            parts.append(held[index])
        else:
            plain.append(char)
    if plain:
        parts.append(Literal("".join(plain), quoted=False))
    return tuple(parts)


def _regex_escape(text: str) -> str:
    return "".join("\\" + c if c in "\\^$.|?*+()[]{}" else c for c in text)
