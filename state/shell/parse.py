"""Command lines to syntax trees: tree-sitter-bash does the grammar, this module turns its concrete tree
into :mod:`state.shell.syntax` nodes and refuses what bash would refuse with bash's words."""

from __future__ import annotations

from functools import lru_cache

import tree_sitter
import tree_sitter_bash

from state.shell.heredoc import MARKER, HeredocText, extract
from state.shell.quirks import (
    attach,
    backticks_as_dollar_parens,
    opaque_arithmetic,
    plain_test_commands,
    redirect_last,
    spaced_subshells,
)
from state.shell.syntax import (
    AndOr,
    ArithmeticCommand,
    ArithmeticFor,
    Assignment,
    Case,
    CaseItem,
    Conditional,
    For,
    FunctionDefinition,
    Group,
    If,
    Literal,
    Node,
    Pipeline,
    Redirect,
    Redirected,
    Sequence,
    Simple,
    Subshell,
    While,
    Word,
)
from state.shell.syntax_errors import ShellSyntaxError, error_message, near
from state.shell.words import WordBuilder, decode, reserved_word

PARSER = tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))
_SEPARATORS = frozenset({";", "&", "\n", ";;", "comment"})
_EMPTY = Sequence(())


@lru_cache(maxsize=512)
def parse(line: str) -> Node:
    """The syntax tree of a command line (cached: the same line parses once)."""
    text, documents = extract(line)
    return parse_source(text.encode(), documents)


def parse_source(source: bytes, documents: list[HeredocText] | None = None) -> Node:
    source = backticks_as_dollar_parens(source) or source
    tree = PARSER.parse(source)
    root = tree.root_node
    if root.has_error:
        for rewrite in (plain_test_commands, spaced_subshells):
            rewritten = rewrite(source)
            retried = PARSER.parse(rewritten).root_node if rewritten is not None else None
            if rewritten is not None and retried is not None and not retried.has_error:
                return _Converter(rewritten, documents).body(retried.children)
        blanked = opaque_arithmetic(source)
        retried = PARSER.parse(blanked).root_node if blanked is not None else None
        if retried is not None and not retried.has_error:
            # Same offsets: the tree of the blanked line, the text of the real one.
            return _Converter(source, documents).body(retried.children)
        raise ShellSyntaxError(error_message(root, source))
    return _Converter(source, documents).body(root.children)


def words_of(source: bytes) -> WordBuilder:
    """A word builder for another piece of source (a pattern or here-document part parsed alone)."""
    return _Converter(source).words


class _Converter:
    """Walks tree-sitter's concrete tree once, building syntax nodes."""

    def __init__(self, source: bytes, documents: list[HeredocText] | None = None) -> None:
        self.source = source
        self.documents = documents or []
        self.words = WordBuilder(source, self.body)

    def text(self, node: tree_sitter.Node) -> str:
        return decode(self.source[node.start_byte : node.end_byte])

    def body(self, children: list[tree_sitter.Node]) -> Node:
        """Statements separated by ``;``, ``&`` or newlines (``&`` runs in the foreground here)."""
        items: list[Node] = []
        for child in children:
            if child.type == ";;" or child.type == ";&" or child.type == ";;&":
                raise ShellSyntaxError(near(child.type))
            if child.is_named and child.type not in _SEPARATORS:
                items.append(self.statement(child))
        if len(items) == 1:
            return items[0]
        return Sequence(tuple(items))

    def statement(self, node: tree_sitter.Node) -> Node:
        handler = _STATEMENTS.get(node.type)
        if handler is None:
            raise ShellSyntaxError(near(self.text(node).split()[0] if self.text(node).split() else "newline"))
        return handler(self, node)

    # -- lists and pipelines ---------------------------------------------------------------------

    def list_(self, node: tree_sitter.Node) -> Node:
        """``a && b || c``; tree-sitter nests long chains to the left, so walk that spine, not recurse."""
        tails: list[list[tree_sitter.Node]] = []
        head = node
        while head.type == "list":
            parts = [c for c in head.children if c.type != "comment"]
            tails.append(parts[1:])
            head = parts[0]
        first = self.statement(head)
        rest: list[tuple[str, Node]] = []
        for tail in reversed(tails):
            operator = ""
            for child in tail:
                if child.type in ("&&", "||"):
                    operator = child.type
                elif child.is_named:
                    rest.append((operator, self.statement(child)))
        return AndOr(first, tuple(rest))

    def pipeline(self, node: tree_sitter.Node) -> Node:
        stages: list[Node] = []
        merge_stderr = False
        for child in node.children:
            if child.type in ("|", "|&"):
                merge_stderr = child.type == "|&"
                if merge_stderr and stages:
                    stages[-1] = Redirected(stages[-1], (Redirect(2, ">&", _literal("1")),))
            elif child.is_named and child.type != "comment":
                stages.append(self.statement(child))
        return Pipeline(tuple(stages))

    def negated(self, node: tree_sitter.Node) -> Node:
        inner = self.body([c for c in node.children if c.type != "!"])
        if isinstance(inner, Pipeline):
            return Pipeline(inner.commands, negated=not inner.negated)
        return Pipeline((inner,), negated=True)

    # -- simple commands -------------------------------------------------------------------------

    def command(self, node: tree_sitter.Node) -> Node:
        assignments: list[Assignment] = []
        arguments: list[tree_sitter.Node] = []
        redirects: list[Redirect] = []
        tail: Node | None = None
        for index, child in enumerate(node.children):
            field = node.field_name_for_child(index)
            if child.type == "variable_assignment" and not arguments:
                assignments.append(self.assignment(child))
            elif child.type == "command_name":
                name = self.text(child)
                if reserved_word(name) and child.named_children and child.named_children[0].type == "word":
                    raise ShellSyntaxError(near(name))
                arguments.append(child.named_children[0] if child.named_children else child)
            elif child.type in ("file_redirect", "herestring_redirect", "heredoc_redirect"):
                redirect, more = self.redirect(child)
                redirects.append(redirect)
                tail = more or tail
            elif field == "argument" or (child.is_named and child.type != "comment"):
                arguments.append(child)
        simple = Simple(tuple(assignments), self.words.arguments(arguments), tuple(redirects))
        return simple if tail is None else attach(simple, tail)

    def assignment(self, node: tree_sitter.Node) -> Assignment:
        name_node = node.child_by_field_name("name") or node.children[0]
        value_node = node.child_by_field_name("value")
        name, index = self.words.name_and_index(name_node)
        append = any(c.type == "+=" for c in node.children)
        if value_node is None:
            return Assignment(name, Word((Literal("", quoted=True),)), append, index)
        if value_node.type == "array":
            items = self.words.arguments([c for c in value_node.named_children if c.type != "comment"])
            return Assignment(name, Word(()), append, index, items)
        return Assignment(name, self.words.word(value_node, assignment=True), append, index)

    def declaration(self, node: tree_sitter.Node) -> Node:
        """``export``, ``local``, ``declare``...; an array value is assigned after the declaration."""
        words: list[Word] = [_literal(self.text(node.children[0]))]
        arrays: list[Assignment] = []
        for child in node.children[1:]:
            if child.type == "variable_assignment":
                assigned = self.assignment(child)
                if assigned.items is not None:
                    arrays.append(assigned)
                    words.append(_literal(assigned.name))
                else:
                    words.append(self.declared(assigned))
            elif child.is_named and child.type != "comment":
                words.extend(self.words.arguments([child]))
        declared = Simple((), tuple(words))
        return Sequence((declared, Simple(tuple(arrays), ()))) if arrays else declared

    def declared(self, assigned: Assignment) -> Word:
        operator = "+=" if assigned.append else "="
        return Word((Literal(assigned.name + operator, quoted=True), *assigned.value.parts), assignment=True)

    def assignments(self, node: tree_sitter.Node) -> Node:
        found = tuple(self.assignment(c) for c in node.named_children if c.type == "variable_assignment")
        return Simple(found, ())

    def lone_assignment(self, node: tree_sitter.Node) -> Node:
        return Simple((self.assignment(node),), ())

    def lone_redirect(self, node: tree_sitter.Node) -> Node:
        """A redirection alone, as tree-sitter-bash gives ``$(< file)``: a command with no words."""
        redirect, tail = self.redirect(node)
        simple = Simple((), (), (redirect,))
        return simple if tail is None else attach(simple, tail)

    # -- redirections ----------------------------------------------------------------------------

    def redirect(self, node: tree_sitter.Node) -> tuple[Redirect, Node | None]:
        fd: int | None = None
        operator = ""
        target: Word | None = None
        tail: Node | None = None
        heredoc = None
        for index, child in enumerate(node.children):
            field = node.field_name_for_child(index)
            if child.type == "file_descriptor":
                fd = int(self.text(child))
            elif not child.is_named and operator == "":
                operator = child.type
            elif child.type == "heredoc_start":
                heredoc = self.words.heredoc(node, operator == "<<-")
            elif child.type in ("pipeline", "list") or field == "right":
                tail = self.statement(child)
            elif child.type in ("file_redirect", "herestring_redirect"):
                more, _ = self.redirect(child)
                tail = Redirected(_EMPTY, (more,)) if tail is None else tail
            elif child.type in ("heredoc_body", "heredoc_end", "heredoc_content", "comment"):
                continue
            elif child.is_named and target is None:
                target = self.words.word(child)
        if node.type == "herestring_redirect":
            operator = "<<<"
        document = self._document(target) if operator == "<" else None
        if document is not None:
            return Redirect(fd, "<<", None, self.words.document(document)), tail
        return Redirect(fd, operator, target, heredoc), tail

    def _document(self, target: Word | None) -> HeredocText | None:
        """The here-document a ``< MARKER`` stands for (see :func:`state.shell.heredoc.extract`)."""
        if target is None or len(target.parts) != 1:
            return None
        part = target.parts[0]
        if not isinstance(part, Literal) or not part.text.startswith(MARKER):
            return None
        number = part.text[len(MARKER) :]
        return self.documents[int(number)] if number.isdigit() and int(number) < len(self.documents) else None

    def redirected(self, node: tree_sitter.Node) -> Node:
        body_node = node.child_by_field_name("body")
        redirects: list[Redirect] = []
        tails: list[Node] = []
        for child in node.children:
            if child.type in ("file_redirect", "herestring_redirect", "heredoc_redirect"):
                redirect, tail = self.redirect(child)
                redirects.append(redirect)
                if tail is not None:
                    tails.append(tail)
        body = self.statement(body_node) if body_node is not None else Simple((), ())
        if body_node is not None and body_node.type in ("list", "pipeline"):
            # tree-sitter-bash hangs `a && b > f` on the whole list; bash gives it to `b` alone.
            node_out = redirect_last(body, tuple(redirects))
        elif isinstance(body, Simple) and not any(isinstance(t, Redirected) for t in tails):
            node_out: Node = Simple(body.assignments, body.words, body.redirects + tuple(redirects))
        else:
            node_out = Redirected(body, tuple(redirects))
        for tail in tails:
            node_out = attach(node_out, tail)
        return node_out

    # -- compound commands -----------------------------------------------------------------------

    def if_(self, node: tree_sitter.Node) -> Node:
        branches: list[tuple[Node, Node]] = []
        otherwise: Node | None = None
        condition, body = self._condition_and_body(node.children)
        branches.append((condition, body))
        for child in node.children:
            if child.type == "elif_clause":
                branches.append(self._condition_and_body(child.children))
            elif child.type == "else_clause":
                otherwise = self.body(child.children[1:])
        return If(tuple(branches), otherwise)

    def _condition_and_body(self, children: list[tree_sitter.Node]) -> tuple[Node, Node]:
        condition: list[tree_sitter.Node] = []
        body: list[tree_sitter.Node] = []
        target = condition
        for child in children:
            if child.type == "then":
                target = body
            elif child.type in ("elif_clause", "else_clause", "fi"):
                break
            else:
                target.append(child)
        return self.body(condition), self.body(body)

    def for_(self, node: tree_sitter.Node) -> Node:
        variable = node.child_by_field_name("variable")
        body = node.child_by_field_name("body")
        values = node.children_by_field_name("value")
        has_in = any(c.type == "in" for c in node.children)
        items = self.words.arguments(values) if has_in else None
        return For(self.text(variable) if variable else "", items, self.do_group(body))

    def arithmetic_for(self, node: tree_sitter.Node) -> Node:
        marks = [c for c in node.children if c.type in ("((", ";", "))", "\n")]
        bounds = [c.end_byte if c.type == "((" else c.start_byte for c in marks]
        sections: list[Word | None] = []
        starts = [m.end_byte for m in marks[:-1]]
        for start, end in zip(starts, bounds[1:], strict=False):
            sections.append(self.words.arithmetic_span(node, start, end))
        while len(sections) < 3:
            sections.append(None)
        return ArithmeticFor(
            sections[0], sections[1], sections[2], self.do_group(node.child_by_field_name("body"))
        )

    def while_(self, node: tree_sitter.Node) -> Node:
        conditions = [c for c in node.children_by_field_name("condition") if c.is_named]
        body = node.child_by_field_name("body")
        until = node.children[0].type == "until"
        return While(self.body(conditions), self.do_group(body), until)

    def do_group(self, node: tree_sitter.Node | None) -> Node:
        if node is None:
            return _EMPTY
        if node.type != "do_group":
            return self.statement(node)
        return self.body([c for c in node.children if c.type not in ("do", "done")])

    def compound(self, node: tree_sitter.Node) -> Node:
        if node.children and node.children[0].type == "((":
            end = node.children[-1].start_byte
            return ArithmeticCommand(self.words.arithmetic_span(node, node.children[0].end_byte, end))
        return Group(self.body([c for c in node.children if c.type not in ("{", "}")]))

    def subshell(self, node: tree_sitter.Node) -> Node:
        return Subshell(self.body([c for c in node.children if c.type not in ("(", ")")]))

    def case(self, node: tree_sitter.Node) -> Node:
        subject = node.child_by_field_name("value")
        items: list[CaseItem] = []
        for child in node.children:
            if child.type == "case_item":
                items.append(self.case_item(child))
        return Case(self.words.word(subject) if subject else _literal(""), tuple(items))

    def case_item(self, node: tree_sitter.Node) -> CaseItem:
        patterns: list[tree_sitter.Node] = []
        body: list[tree_sitter.Node] = []
        terminator = ";;"
        seen_paren = False
        for index, child in enumerate(node.children):
            if child.type == ")" and not seen_paren:
                seen_paren = True
            elif child.type in (";;", ";&", ";;&"):
                terminator = child.type
            elif not seen_paren and node.field_name_for_child(index) == "value":
                patterns.append(child)
            elif seen_paren:
                body.append(child)
        words = tuple(self.words.word(p) for p in patterns)
        return CaseItem(words, self.body(body) if body else None, terminator)

    def function(self, node: tree_sitter.Node) -> Node:
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        converted = self.statement(body) if body is not None else _EMPTY
        redirects = [self.redirect(c)[0] for c in node.children_by_field_name("redirect")]
        if redirects:
            converted = Redirected(converted, tuple(redirects))
        return FunctionDefinition(self.text(name) if name else "", converted)

    def test(self, node: tree_sitter.Node) -> Node:
        opener = node.children[0].type
        inner = [c for c in node.children[1:-1]]
        words = self.words.flattened(inner)
        if opener == "[[":
            return Conditional(words)
        return Simple((), (_literal("["), *words, _literal("]")))

    def unset(self, node: tree_sitter.Node) -> Node:
        words = [_literal("unset"), *self.words.arguments(list(node.named_children))]
        return Simple((), tuple(words))

    def program(self, node: tree_sitter.Node) -> Node:
        return self.body(node.children)


def _literal(text: str) -> Word:
    return Word((Literal(text, quoted=False),))


_STATEMENTS = {
    "program": _Converter.program,
    "list": _Converter.list_,
    "pipeline": _Converter.pipeline,
    "negated_command": _Converter.negated,
    "command": _Converter.command,
    "declaration_command": _Converter.declaration,
    "unset_command": _Converter.unset,
    "variable_assignment": _Converter.lone_assignment,
    "variable_assignments": _Converter.assignments,
    "file_redirect": _Converter.lone_redirect,
    "redirected_statement": _Converter.redirected,
    "if_statement": _Converter.if_,
    "for_statement": _Converter.for_,
    "c_style_for_statement": _Converter.arithmetic_for,
    "while_statement": _Converter.while_,
    "compound_statement": _Converter.compound,
    "subshell": _Converter.subshell,
    "case_statement": _Converter.case,
    "function_definition": _Converter.function,
    "test_command": _Converter.test,
}
