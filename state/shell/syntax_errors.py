"""Syntax errors in bash's words: which token tree-sitter-bash choked on, said as bash says it."""

from __future__ import annotations

import tree_sitter

_CONTROL_TOKENS = frozenset(
    {")", ";;", ";&", ";;&", ";", "|", "||", "&&", "&", "|&", "then", "fi", "do", "done", "else", "elif", "esac",
     "}", "in"}
)  # fmt: skip
_OPENERS = frozenset({"if", "while", "until", "for", "case", "{", "(", "!", "select", "function"})
_REDIRECT_TOKENS = frozenset({">", ">>", "<", "<<", "<<-", "<<<", ">&", "<&", "&>", "&>>", ">|", "<>"})


class ShellSyntaxError(Exception):
    """A line bash would refuse to run; the message is bash's, without the ``bash: `` prefix."""


def _first_error(node: tree_sitter.Node) -> tree_sitter.Node | None:
    if node.type == "ERROR" or node.is_missing:
        return node
    for child in node.children:
        if child.has_error or child.is_missing:
            found = _first_error(child)
            if found is not None:
                return found
    return None


def _leaves(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    if not node.children:
        return [node]
    return [leaf for child in node.children for leaf in _leaves(child)]


def error_message(root: tree_sitter.Node, source: bytes) -> str:
    error = _first_error(root)
    if error is None:
        return "syntax error: unexpected end of file"
    at_end = not source[error.end_byte :].strip()
    text = source[error.start_byte : error.end_byte].decode(errors="replace").strip()
    if error.is_missing:
        if at_end:
            return "syntax error: unexpected end of file"
        return near(_next_token(source, error.end_byte))
    if text[:1] in ("'", '"', "`") and at_end and text.count(text[0]) % 2 == 1:
        return f"unexpected EOF while looking for matching `{text[0]}'\nbash: syntax error: unexpected end of file"
    return _token_in_error(error, source, at_end)


def _token_in_error(error: tree_sitter.Node, source: bytes, at_end: bool) -> str:
    leaves = [leaf for leaf in _leaves(error) if leaf.end_byte > leaf.start_byte]
    for index, leaf in enumerate(leaves):
        token = source[leaf.start_byte : leaf.end_byte].decode(errors="replace").strip()
        if index == 0 and token in _OPENERS:
            continue
        if token in _REDIRECT_TOKENS:
            following = leaves[index + 1 :]
            if not following:
                return near(_next_token(source, leaf.end_byte))
            return near(source[following[0].start_byte : following[0].end_byte].decode().strip())
        if token in _CONTROL_TOKENS or token in ("$(", "${", "$((", "(("):
            if token in ("$(", "${", "$((", "((") and at_end:
                return "syntax error: unexpected end of file"
            return near(token if token not in ("$(", "$((", "${") else "(")
    if at_end:
        return "syntax error: unexpected end of file"
    first = (
        source[leaves[0].start_byte : leaves[0].end_byte].decode(errors="replace").strip() if leaves else ""
    )
    return near(first or "newline")


def _next_token(source: bytes, offset: int) -> str:
    rest = source[offset:].decode(errors="replace").lstrip(" \t")
    if not rest or rest.startswith("\n"):
        return "newline"
    return rest.split()[0]


def near(token: str) -> str:
    return f"syntax error near unexpected token `{token}'"
