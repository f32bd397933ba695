"""Workarounds for tree-sitter-bash: source rewrites it parses where bash would, and trees reshaped to
bash's meaning where the grammar attaches things differently."""

from __future__ import annotations

import re

from state.shell.syntax import AndOr, Node, Pipeline, Redirect, Redirected, Sequence, Simple
from state.shell.words import TEST_PLACEHOLDER

_TEST_COMMAND = re.compile(rb"((?:^|[;&|(){}!\n])\s*|\b(?:then|do|else|elif|if|while|until)\s+)\[(?=\s)")
_EMPTY = Sequence(())


def spaced_subshells(source: bytes) -> bytes | None:
    """``((cmd))`` that is not arithmetic: bash then reads nested subshells, and so does ``( (cmd) )``."""
    if b"((" not in source or b"$((" in source:
        return None
    spaced = source
    for _ in range(2):
        spaced = spaced.replace(b"((", b"( (").replace(b"))", b") )")
    return spaced


def plain_test_commands(source: bytes) -> bytes | None:
    """The line with each ``[`` in command position turned into a placeholder command name.

    tree-sitter-bash reads ``[ ... ]`` as an expression and fails on what bash's ``[`` command
    accepts (``[ \\( a \\) ]``, a missing ``]``); as a plain command it parses like any other.
    """
    if b"[" not in source or TEST_PLACEHOLDER.encode() in source:
        return None
    replaced = _TEST_COMMAND.sub(lambda m: m.group(1) + TEST_PLACEHOLDER.encode(), source)
    return replaced if replaced != source else None


def redirect_last(node: Node, redirects: tuple[Redirect, ...]) -> Node:
    """``node`` with ``redirects`` added to its last simple command (or around its last part)."""
    if isinstance(node, AndOr):
        if not node.rest:
            return AndOr(redirect_last(node.first, redirects), ())
        operator, last = node.rest[-1]
        return AndOr(node.first, (*node.rest[:-1], (operator, redirect_last(last, redirects))))
    if isinstance(node, Pipeline) and not node.negated:
        return Pipeline((*node.commands[:-1], redirect_last(node.commands[-1], redirects)))
    if isinstance(node, Simple):
        return Simple(node.assignments, node.words, node.redirects + redirects)
    return Redirected(node, redirects)


def attach(head: Node, tail: Node) -> Node:
    """A heredoc's command continued after its ``<<EOF`` by ``| cmd`` or ``&& cmd``."""
    if isinstance(tail, Pipeline):
        return Pipeline((head, *tail.commands), tail.negated)
    if isinstance(tail, AndOr):
        return AndOr(head, ((tail.rest[0][0] if tail.rest else "&&", tail.first), *tail.rest))
    if isinstance(tail, Redirected) and tail.body == _EMPTY:
        if isinstance(head, Simple):
            return Simple(head.assignments, head.words, head.redirects + tail.redirects)
        return Redirected(head, tail.redirects)
    return Pipeline((head, tail))


def backticks_as_dollar_parens(source: bytes) -> bytes | None:
    """The line with each backquoted substitution written ``$(...)``, or None when there is none or
    the quoting cannot be followed.

    tree-sitter-bash lexes the `` ` ` `` between two backquoted substitutions as one token and so
    swallows ``echo `a` `b``` into a single substitution; ``$(...)`` means the same to bash and parses
    right. Inside backquotes a backslash before ``$``, a backquote or a backslash (and ``"`` within
    double quotes) only quotes it, so those backslashes go.
    """
    if b"`" not in source:
        return None
    try:
        text, end = _Backquotes(source.decode()).copy(0, None)
    except _Unfollowable:
        return None
    return text.encode() if end == len(source.decode()) else None


class _Unfollowable(Exception):
    """The scan met an unterminated quote or substitution: leave the line to the parser as it is."""


class _Backquotes:
    def __init__(self, text: str) -> None:
        self.text = text

    def copy(self, index: int, closing: str | None) -> tuple[str, int]:
        """Text from ``index`` up to ``closing`` at depth 0 (unquoted context), backquotes rewritten;
        returns the rewritten text and the index of ``closing`` (or the end)."""
        text, depth = self.text, 0
        out: list[str] = []
        while index < len(text):
            char = text[index]
            if closing is not None and char == closing and depth == 0:
                return "".join(out), index
            if char == "\\":
                out.append(text[index : index + 2])
                index += 2
            elif char == "'" or text.startswith("$'", index):
                index = self.single_quoted(index, out)
            elif char == '"':
                index = self.double_quoted(index, out)
            elif char == "`":
                index = self.backquoted(index, out, in_double_quotes=False)
            elif char == "#" and (index == 0 or text[index - 1] in " \t\n;&|()"):
                end = text.find("\n", index)
                end = len(text) if end < 0 else end
                out.append(text[index:end])
                index = end
            else:
                depth += {"(": 1, ")": -1}.get(char, 0)
                out.append(char)
                index += 1
        if closing is not None:
            raise _Unfollowable
        return "".join(out), index

    def single_quoted(self, index: int, out: list[str]) -> int:
        start = index
        index += 2 if self.text[index] == "$" else 1
        while index < len(self.text) and self.text[index] != "'":
            index += 2 if self.text[index] == "\\" and self.text[start] == "$" else 1
        if index >= len(self.text):
            raise _Unfollowable
        out.append(self.text[start : index + 1])
        return index + 1

    def double_quoted(self, index: int, out: list[str]) -> int:
        text = self.text
        out.append('"')
        index += 1
        while index < len(text) and text[index] != '"':
            if text[index] == "\\":
                out.append(text[index : index + 2])
                index += 2
            elif text[index] == "`":
                index = self.backquoted(index, out, in_double_quotes=True)
            elif text.startswith("$(", index):
                inner, index = self.copy(index + 2, ")")
                out.append("$(" + inner + ")")
                index += 1
            else:
                out.append(text[index])
                index += 1
        if index >= len(text):
            raise _Unfollowable
        out.append('"')
        return index + 1

    def backquoted(self, index: int, out: list[str], *, in_double_quotes: bool) -> int:
        text = self.text
        inner: list[str] = []
        unquoted = '$`\\"' if in_double_quotes else "$`\\"
        index += 1
        while index < len(text) and text[index] != "`":
            if text[index] == "\\" and index + 1 < len(text):
                following = text[index + 1]
                inner.append(following if following in unquoted else text[index : index + 2])
                index += 2
            else:
                inner.append(text[index])
                index += 1
        if index >= len(text):
            raise _Unfollowable
        rewritten, _ = _Backquotes("".join(inner)).copy(0, None)
        out.append("$(" + rewritten + ("\n)" if "#" in rewritten else ")"))
        return index + 1


def opaque_arithmetic(source: bytes) -> bytes | None:
    """The line with the inside of each ``$((...))`` that tree-sitter-bash cannot parse blanked out (a
    ``0`` and blanks, the same length), or None when there is none.

    bash parses ``$((1+))`` as a word and fails only when it evaluates it (``1+: syntax error: operand
    expected``, status 1); blanked, the line parses, and the expression's text is read from the
    original source at the same offsets.
    """
    from state.shell.parse import PARSER

    blanked = bytearray(source)
    start = source.find(b"$((")
    while start >= 0:
        end = _closing_parens(source, start + 3)
        if end is None:
            break
        inner = source[start + 3 : end]
        if PARSER.parse(b"echo $((" + inner + b"))").root_node.has_error:
            blanked[start + 3 : end] = b"0".ljust(len(inner))
        start = source.find(b"$((", end)
    return bytes(blanked) if bytes(blanked) != source else None


def _closing_parens(source: bytes, index: int) -> int | None:
    """Where the ``))`` closing an arithmetic expansion whose text starts at ``index`` begins."""
    depth = 0
    while index < len(source):
        char = source[index : index + 1]
        if char == b"(":
            depth += 1
        elif char == b")":
            if depth == 0:
                return index if source[index + 1 : index + 2] == b")" else None
            depth -= 1
        index += 1
    return None
