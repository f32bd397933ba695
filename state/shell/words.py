"""Words of the concrete tree to :class:`~state.shell.syntax.Word`: quoting resolved part by part.

tree-sitter-bash has a few quirks this module smooths over: a ``${`` token may carry the blank before
it, an escaped blank (``'a'\\ b``) may split one word in two, and ``${v#PATTERN}`` keeps the pattern as
raw text. Text between child nodes is always taken from the source, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

import tree_sitter

from state.shell.heredoc import HeredocText, split_body
from state.shell.quoting import ansi_c, escaped, merged, separates, stray_dollars, unquoted, with_tilde
from state.shell.syntax import (
    Arithmetic,
    CommandSubstitution,
    Heredoc,
    Literal,
    Node,
    Parameter,
    Part,
    ProcessSubstitution,
    Word,
)

_RESERVED = frozenset({"then", "fi", "do", "done", "else", "elif", "esac", "}"})
_EXPANSIONS = frozenset({"simple_expansion", "expansion", "command_substitution", "arithmetic_expansion"})
_DOUBLE_QUOTE_ESCAPES = frozenset('$`"\\\n')
_PREFIX_OPERATORS = frozenset({"#", "!"})
_SECOND_OPERATORS = frozenset({"/", "//", "/#", "/%", ":"})

Body = Callable[[list[tree_sitter.Node]], Node]


TEST_PLACEHOLDER = "\x1a"
"""Stands in for a ``[`` command that tree-sitter-bash cannot parse as a test expression."""


def decode(source: bytes) -> str:
    """Source text, with any ``[`` the parser was shown as a placeholder restored."""
    text = source.decode()
    return text.replace(TEST_PLACEHOLDER, "[") if TEST_PLACEHOLDER in text else text


def reserved_word(text: str) -> bool:
    """Words that bash refuses as a command name (they only close or continue a compound command)."""
    return text in _RESERVED


class WordBuilder:
    def __init__(self, source: bytes, body: Body) -> None:
        self.source = source
        self.body = body

    def text(self, start: int, end: int) -> str:
        return decode(self.source[start:end])

    def node_text(self, node: tree_sitter.Node) -> str:
        return self.text(node.start_byte, node.end_byte)

    # -- words -----------------------------------------------------------------------------------

    def arguments(self, nodes: list[tree_sitter.Node]) -> tuple[Word, ...]:
        """Argument nodes as words, joining neighbours that bash reads as one word."""
        groups: list[list[Part]] = []
        previous_end = -1
        for node in nodes:
            if node.type == "comment":
                continue
            gap = self.text(previous_end, node.start_byte).replace("\\\n", "") if previous_end >= 0 else " "
            parts = self.parts(node)
            if groups and not separates(gap):
                groups[-1].extend(unquoted(gap))
                groups[-1].extend(parts)
            else:
                groups.append(list(parts))
            previous_end = node.end_byte
        return tuple(Word(with_tilde(stray_dollars(merged(g)))) for g in groups)

    def word(self, node: tree_sitter.Node, *, assignment: bool = False) -> Word:
        return Word(with_tilde(stray_dollars(merged(self.parts(node)))), assignment=assignment)

    def parts(self, node: tree_sitter.Node) -> list[Part]:
        kind = node.type
        if kind == "string" or kind == "translated_string":
            return self.double_quoted(node)
        if kind == "raw_string":
            return [Literal(self.node_text(node)[1:-1], quoted=True)]
        if kind == "ansi_c_string":
            return [Literal(ansi_c(self.node_text(node)[2:-1]), quoted=True)]
        if kind == "concatenation":
            return self.concatenation(node)
        if kind in _EXPANSIONS:
            return [self.expansion(node, quoted=False)]
        if kind == "regex":
            return self.reparsed(self.node_text(node))
        if kind == "process_substitution" and self.node_text(node).startswith("<("):
            inner = [c for c in node.children if c.type not in ("<(", ")")]
            return [ProcessSubstitution(self.body(inner))]
        return unquoted(self.node_text(node))

    def concatenation(self, node: tree_sitter.Node) -> list[Part]:
        parts: list[Part] = []
        position = node.start_byte
        for child in node.children:
            parts.extend(unquoted(self.text(position, child.start_byte)))
            parts.extend(self.parts(child))
            position = child.end_byte
        return parts

    def double_quoted(self, node: tree_sitter.Node) -> list[Part]:
        start = node.start_byte + (2 if self.node_text(node).startswith("$") else 1)
        end = node.end_byte - 1
        parts = self.span(node, start, end, quoted=True, escapes=_DOUBLE_QUOTE_ESCAPES)
        return parts or [Literal("", quoted=True)]

    def span(
        self, node: tree_sitter.Node, start: int, end: int, *, quoted: bool, escapes: frozenset[str] | None
    ) -> list[Part]:
        """The text of ``[start, end)`` with the expansions inside it as parts, the rest literal."""
        parts: list[Part] = []
        position = start
        for expansion in _expansions_in(node, start, end):
            begin = _expansion_start(expansion, self.source)
            parts.append(Literal(escaped(self.text(position, begin), escapes), quoted=quoted))
            parts.append(self.expansion(expansion, quoted=quoted))
            position = expansion.end_byte
        parts.append(Literal(escaped(self.text(position, end), escapes), quoted=quoted))
        return [p for p in parts if not (isinstance(p, Literal) and not p.text)]

    def flattened(self, nodes: list[tree_sitter.Node]) -> tuple[Word, ...]:
        """The words of a test expression (``[ ... ]``, ``[[ ... ]]``), operators included."""
        leaves: list[tree_sitter.Node] = []
        for node in nodes:
            _word_leaves(node, leaves)
        return self.arguments(leaves)

    # -- expansions ------------------------------------------------------------------------------

    def expansion(self, node: tree_sitter.Node, *, quoted: bool) -> Part:
        kind = node.type
        if kind == "simple_expansion":
            return Parameter(self.node_text(node).lstrip()[1:], "", None, None, quoted)
        if kind == "command_substitution":
            inner = [c for c in node.children if c.type not in ("$(", "`", ")")]
            return CommandSubstitution(self.body(inner), quoted)
        if kind == "arithmetic_expansion":
            start, end = _expansion_start(node, self.source) + 3, node.end_byte - 2
            text = self.text(start, end)
            if not _expansions_in(node, start, end) and ("$" in text or "`" in text):
                # An expression tree-sitter could not parse (see quirks.opaque_arithmetic).
                return Arithmetic(Word(merged(self.expanded(text)) or (Literal("", quoted=True),)), quoted)
            return Arithmetic(self.arithmetic_span(node, start, end), quoted)
        return self.parameter(node, quoted)

    def parameter(self, node: tree_sitter.Node, quoted: bool) -> Parameter:
        children = list(node.children)
        inner = children[1:-1] if len(children) >= 2 else []
        prefix = ""
        if inner and inner[0].type in _PREFIX_OPERATORS and len(inner) > 1:
            prefix = inner.pop(0).type
        if not inner:
            return Parameter(prefix or "", "", None, None, quoted)
        name, index = self.name_and_index(inner[0])
        operators = [c for c in inner[1:] if not c.is_named]
        if prefix:
            return Parameter(name, "length" if prefix == "#" else "!", None, None, quoted, index)
        if not operators:
            return Parameter(name, "", None, None, quoted, index)
        operator = operators[0]
        close = children[-1].start_byte
        second = operators[1] if len(operators) > 1 and operator.type in _SECOND_OPERATORS else None
        arg_end = second.start_byte if second is not None else close
        arg = self.argument(node, operator.end_byte, arg_end)
        arg2 = self.argument(node, second.end_byte, close) if second is not None else None
        return Parameter(name, operator.type, arg, arg2, quoted, index)

    def name_and_index(self, node: tree_sitter.Node) -> tuple[str, Word | None]:
        """A variable's name, and the index of ``name[index]``."""
        if node.type != "subscript":
            return self.node_text(node).strip(), None
        brackets = [c for c in node.children if c.type in ("[", "]")]
        name = self.node_text(node.children[0]).strip()
        if len(brackets) < 2:
            return name, None
        return name, self.argument(node, brackets[0].end_byte, brackets[-1].start_byte)

    def argument(self, node: tree_sitter.Node, start: int, end: int) -> Word:
        parts: list[Part] = []
        position = start
        for child in node.children:
            if child.start_byte < start or child.end_byte > end or not child.is_named:
                continue
            parts.extend(unquoted(self.text(position, child.start_byte)))
            parts.extend(self.parts(child))
            position = child.end_byte
        parts.extend(unquoted(self.text(position, end)))
        return Word(with_tilde(merged(parts)))

    def reparsed(self, text: str) -> list[Part]:
        """Raw pattern text (tree-sitter keeps ``${v#$p}``'s pattern unparsed) read as a word."""
        from state.shell.parse import PARSER, words_of

        source = b": " + text.encode()
        tree = PARSER.parse(source)
        command = tree.root_node.children[0] if tree.root_node.children else None
        if tree.root_node.has_error or command is None or command.type != "command":
            return unquoted(text)
        builder = words_of(source)
        parts: list[Part] = []
        position = 2
        for child in command.children_by_field_name("argument"):
            parts.extend(unquoted(builder.text(position, child.start_byte)))
            parts.extend(builder.parts(child))
            position = child.end_byte
        parts.extend(unquoted(builder.text(position, len(source))))
        return parts

    def arithmetic_span(self, node: tree_sitter.Node, start: int, end: int) -> Word:
        return Word(tuple(merged(self.span(node, start, end, quoted=True, escapes=None))))

    def document(self, document: HeredocText) -> Heredoc:
        """A here-document cut out before parsing: its body literal when quoted, else expanded."""
        if document.quoted:
            return Heredoc(Word((Literal(document.body, quoted=True),)), strip_tabs=False)
        parts = self.expanded(document.body)
        return Heredoc(Word(merged(parts) or (Literal("", quoted=True),)), strip_tabs=False)

    def expanded(self, text: str) -> list[Part]:
        """Text read as a here-document's body is: expansions in it, the rest literal."""
        parts: list[Part] = []
        for chunk, expansion in split_body(text):
            parts.extend(self.reparsed(chunk) if expansion else [Literal(chunk, quoted=True)])
        return parts

    def heredoc(self, redirect: tree_sitter.Node, strip_tabs: bool) -> Heredoc:
        start_node = next(c for c in redirect.children if c.type == "heredoc_start")
        delimiter = self.node_text(start_node)
        quoted = any(q in delimiter for q in "'\"\\")
        body = next((c for c in redirect.children if c.type == "heredoc_body"), None)
        end = next((c for c in redirect.children if c.type == "heredoc_end"), None)
        if body is None or end is None:
            return Heredoc(Word((Literal("", quoted=True),)), strip_tabs)
        begin = self.source.rfind(b"\n", 0, body.start_byte) + 1
        finish = self.source.rfind(b"\n", 0, end.start_byte) + 1
        if quoted:
            return Heredoc(Word((Literal(self.text(begin, finish), quoted=True),)), strip_tabs)
        return Heredoc(Word(tuple(merged(self.expanded(self.text(begin, finish))))), strip_tabs)


def _word_leaves(node: tree_sitter.Node, out: list[tree_sitter.Node]) -> None:
    """The pieces of a test expression that are words to bash: whole strings and expansions, and the
    leaves of everything else."""
    if node.type in ("binary_expression", "unary_expression", "parenthesized_expression",
                     "negated_expression", "postfix_expression", "ternary_expression") or (
        node.children and node.type in ("ERROR",)
    ):  # fmt: skip
        for child in node.children:
            _word_leaves(child, out)
        return
    out.append(node)


def _expansions_in(node: tree_sitter.Node, start: int, end: int) -> list[tree_sitter.Node]:
    found: list[tree_sitter.Node] = []
    for child in node.children:
        if child.end_byte <= start or child.start_byte >= end:
            continue
        if child.type in _EXPANSIONS:
            found.append(child)
        elif child.children:
            found.extend(_expansions_in(child, start, end))
    return found


def _expansion_start(node: tree_sitter.Node, source: bytes) -> int:
    """Where an expansion really starts (tree-sitter may count the blank before ``${`` as part of it)."""
    text = source[node.start_byte : node.end_byte]
    offsets = [i for i in (text.find(b"$"), text.find(b"`")) if i >= 0]
    return node.start_byte + (min(offsets) if offsets else 0)
