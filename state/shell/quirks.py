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
