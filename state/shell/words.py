"""Words of the concrete tree to :class:`~state.shell.syntax.Word`: quoting resolved part by part.

tree-sitter-bash has a few quirks this module smooths over: a ``${`` token may carry the blank before
it, an escaped blank (``'a'\\ b``) may split one word in two, and ``${v#PATTERN}`` keeps the pattern as
raw text. Text between child nodes is always taken from the source, so nothing typed is lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import tree_sitter

from state.shell.heredoc import HeredocText, split_body
from state.shell.syntax import (
    Arithmetic,
    CommandSubstitution,
    Heredoc,
    Literal,
    Node,
    Parameter,
    Part,
    ProcessSubstitution,
    Tilde,
    Word,
)

_RESERVED = frozenset({"then", "fi", "do", "done", "else", "elif", "esac", "}"})
_EXPANSIONS = frozenset({"simple_expansion", "expansion", "command_substitution", "arithmetic_expansion"})
_DOUBLE_QUOTE_ESCAPES = frozenset('$`"\\\n')
_ANSI_C = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f",
           "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}  # fmt: skip
_PREFIX_OPERATORS = frozenset({"#", "!"})
_STRAY_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
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
            if groups and not _separates(gap):
                groups[-1].extend(_unquoted(gap))
                groups[-1].extend(parts)
            else:
                groups.append(list(parts))
            previous_end = node.end_byte
        return tuple(Word(_with_tilde(_stray_dollars(_merged(g)))) for g in groups)

    def word(self, node: tree_sitter.Node, *, assignment: bool = False) -> Word:
        return Word(_with_tilde(_stray_dollars(_merged(self.parts(node)))), assignment=assignment)

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
        return _unquoted(self.node_text(node))

    def concatenation(self, node: tree_sitter.Node) -> list[Part]:
        parts: list[Part] = []
        position = node.start_byte
        for child in node.children:
            parts.extend(_unquoted(self.text(position, child.start_byte)))
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
            parts.append(Literal(_escaped(self.text(position, begin), escapes), quoted=quoted))
            parts.append(self.expansion(expansion, quoted=quoted))
            position = expansion.end_byte
        parts.append(Literal(_escaped(self.text(position, end), escapes), quoted=quoted))
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
                return Arithmetic(Word(_merged(self.expanded(text)) or (Literal("", quoted=True),)), quoted)
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
            parts.extend(_unquoted(self.text(position, child.start_byte)))
            parts.extend(self.parts(child))
            position = child.end_byte
        parts.extend(_unquoted(self.text(position, end)))
        return Word(_with_tilde(_merged(parts)))

    def reparsed(self, text: str) -> list[Part]:
        """Raw pattern text (tree-sitter keeps ``${v#$p}``'s pattern unparsed) read as a word."""
        from state.shell.parse import PARSER, words_of

        source = b": " + text.encode()
        tree = PARSER.parse(source)
        command = tree.root_node.children[0] if tree.root_node.children else None
        if tree.root_node.has_error or command is None or command.type != "command":
            return _unquoted(text)
        builder = words_of(source)
        parts: list[Part] = []
        position = 2
        for child in command.children_by_field_name("argument"):
            parts.extend(_unquoted(builder.text(position, child.start_byte)))
            parts.extend(builder.parts(child))
            position = child.end_byte
        parts.extend(_unquoted(builder.text(position, len(source))))
        return parts

    def arithmetic_span(self, node: tree_sitter.Node, start: int, end: int) -> Word:
        return Word(tuple(_merged(self.span(node, start, end, quoted=True, escapes=None))))

    def document(self, document: HeredocText) -> Heredoc:
        """A here-document cut out before parsing: its body literal when quoted, else expanded."""
        if document.quoted:
            return Heredoc(Word((Literal(document.body, quoted=True),)), strip_tabs=False)
        parts = self.expanded(document.body)
        return Heredoc(Word(_merged(parts) or (Literal("", quoted=True),)), strip_tabs=False)

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
        return Heredoc(Word(tuple(_merged(self.expanded(self.text(begin, finish))))), strip_tabs)


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


def _separates(gap: str) -> bool:
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


def _escaped(text: str, escapes: frozenset[str] | None) -> str:
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


def _unquoted(text: str) -> list[Part]:
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


def _merged(parts: list[Part]) -> tuple[Part, ...]:
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


def _stray_dollars(parts: tuple[Part, ...]) -> tuple[Part, ...]:
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


def _with_tilde(parts: tuple[Part, ...]) -> tuple[Part, ...]:
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
