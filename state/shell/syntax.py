"""The shell's syntax tree: what :mod:`state.shell.parse` makes of a command line and the interpreter runs.

Words keep, part by part, whether they were quoted, because expansion treats quoted and unquoted text
differently (field splitting, globbing). Nodes are frozen so a parsed line can be cached and re-run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Literal:
    """Text as written, quotes and backslashes removed; ``quoted`` text is never split nor globbed."""

    text: str
    quoted: bool


@dataclass(frozen=True, slots=True)
class Tilde:
    """A leading ``~`` or ``~user``."""

    user: str


@dataclass(frozen=True, slots=True)
class Parameter:
    """``$name`` or ``${name OP arg}``; ``op`` is ``""`` for a plain reference, ``"length"`` for ``${#name}``,
    ``"!"`` for indirection, else the operator as written (``:-``, ``%%``, ``//``, ``:`` ...)."""

    name: str
    op: str
    arg: Word | None
    arg2: Word | None
    quoted: bool
    index: Word | None = None
    """An array subscript: ``${a[2]}``, ``${a[@]}``."""


@dataclass(frozen=True, slots=True)
class CommandSubstitution:
    body: Node
    quoted: bool


@dataclass(frozen=True, slots=True)
class ProcessSubstitution:
    """``<(...)``: expands to the path of a pipe that holds the output of ``body``."""

    body: Node


@dataclass(frozen=True, slots=True)
class Arithmetic:
    """``$((...))``: the expression is a word whose expansion is evaluated as arithmetic."""

    expression: Word
    quoted: bool


Part = Literal | Tilde | Parameter | CommandSubstitution | ProcessSubstitution | Arithmetic


@dataclass(frozen=True, slots=True)
class Word:
    parts: tuple[Part, ...]
    assignment: bool = False
    """An assignment-like argument of ``export``/``local``: expanded without splitting or globbing."""


@dataclass(frozen=True, slots=True)
class Heredoc:
    body: Word
    strip_tabs: bool


@dataclass(frozen=True, slots=True)
class Redirect:
    """``fd op target``: ``op`` is one of ``> >> < >| &> &>> >& <& << <<<``; ``fd`` None means the default."""

    fd: int | None
    op: str
    target: Word | None
    heredoc: Heredoc | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    name: str
    value: Word
    append: bool = False
    index: Word | None = None
    """``a[INDEX]=value``."""
    items: tuple[Word, ...] | None = None
    """``a=(ITEM...)``: an array."""


@dataclass(frozen=True, slots=True)
class Simple:
    assignments: tuple[Assignment, ...]
    words: tuple[Word, ...]
    redirects: tuple[Redirect, ...] = ()


@dataclass(frozen=True, slots=True)
class Pipeline:
    commands: tuple[Node, ...]
    negated: bool = False


@dataclass(frozen=True, slots=True)
class AndOr:
    """``first && a || b``: each of ``rest`` runs depending on the status so far."""

    first: Node
    rest: tuple[tuple[str, Node], ...]


@dataclass(frozen=True, slots=True)
class Sequence:
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Redirected:
    body: Node
    redirects: tuple[Redirect, ...]


@dataclass(frozen=True, slots=True)
class If:
    branches: tuple[tuple[Node, Node], ...]
    otherwise: Node | None


@dataclass(frozen=True, slots=True)
class For:
    variable: str
    items: tuple[Word, ...] | None
    """None: the positional parameters (``for x; do``)."""
    body: Node


@dataclass(frozen=True, slots=True)
class ArithmeticFor:
    initial: Word | None
    condition: Word | None
    update: Word | None
    body: Node


@dataclass(frozen=True, slots=True)
class While:
    condition: Node
    body: Node
    until: bool = False


@dataclass(frozen=True, slots=True)
class CaseItem:
    patterns: tuple[Word, ...]
    body: Node | None
    terminator: str
    """``;;`` stops, ``;&`` runs the next body too, ``;;&`` tests the next patterns."""


@dataclass(frozen=True, slots=True)
class Case:
    subject: Word
    items: tuple[CaseItem, ...]


@dataclass(frozen=True, slots=True)
class Subshell:
    body: Node


@dataclass(frozen=True, slots=True)
class Group:
    body: Node


@dataclass(frozen=True, slots=True)
class FunctionDefinition:
    name: str
    body: Node


@dataclass(frozen=True, slots=True)
class ArithmeticCommand:
    """``((expression))``: status 0 when the expression is non-zero."""

    expression: Word


@dataclass(frozen=True, slots=True)
class Conditional:
    """``[[ ... ]]``: its words, operators included, as written."""

    words: tuple[Word, ...]


Node = (
    Simple
    | Pipeline
    | AndOr
    | Sequence
    | Redirected
    | If
    | For
    | ArithmeticFor
    | While
    | Case
    | Subshell
    | Group
    | FunctionDefinition
    | ArithmeticCommand
    | Conditional
)


def literal_word(text: str) -> Word:
    return Word((Literal(text, quoted=False),))
