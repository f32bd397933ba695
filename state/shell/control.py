"""Compound commands: ``if``, ``for``, ``while``/``until``, ``case``, subshells, groups, functions,
``((...))`` and ``[[ ... ]]``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from state.shell.arith import ArithmeticFailure, Variables, evaluate
from state.shell.conditional import Evaluator, TestFailure, Token
from state.shell.flow import BreakLoop, ContinueLoop
from state.shell.interpreter import Interpreter
from state.shell.patterns import matches
from state.shell.redirect import RedirectFailed, close_all, open_redirects
from state.shell.streams import Streams
from state.shell.syntax import (
    ArithmeticCommand,
    ArithmeticFor,
    Case,
    Conditional,
    For,
    FunctionDefinition,
    Group,
    If,
    Literal,
    Node,
    Redirected,
    Subshell,
    While,
    Word,
)

_CONDITIONAL_OPERATORS = frozenset(
    {"!", "(", ")", "&&", "||", "=", "==", "!=", "<", ">", "=~", "-eq", "-ne", "-lt", "-le", "-gt", "-ge",
     "-nt", "-ot", "-ef", "-e", "-f", "-d", "-s", "-r", "-w", "-x", "-a", "-h", "-L", "-n", "-z", "-b", "-c",
     "-p", "-S", "-t", "-g", "-u", "-k", "-O", "-G", "-N"}
)  # fmt: skip


def run_if(shell: Interpreter, node: If, streams: Streams) -> int:
    for condition, body in node.branches:
        if shell.condition(condition, streams) == 0:
            return shell.run(body, streams)
    return shell.run(node.otherwise, streams) if node.otherwise is not None else 0


def _loop_body(shell: Interpreter, body: Node, streams: Streams) -> tuple[int, bool]:
    """Run one iteration; the status and whether the loop goes on."""
    shell.loops += 1
    try:
        return shell.run(body, streams), True
    except BreakLoop as stop:
        if stop.levels > 1:
            raise BreakLoop(stop.levels - 1) from None
        return 0, False
    except ContinueLoop as skip:
        if skip.levels > 1:
            raise ContinueLoop(skip.levels - 1) from None
        return 0, True
    finally:
        shell.loops -= 1


def run_for(shell: Interpreter, node: For, streams: Streams) -> int:
    items = shell.expand.words(node.items) if node.items is not None else list(shell.state.positional)
    status = 0
    for item in items:
        shell.runtime.budget.iteration()
        shell.set_variable(node.variable, item)
        status, going = _loop_body(shell, node.body, streams)
        if not going:
            break
    return status


def run_arithmetic_for(shell: Interpreter, node: ArithmeticFor, streams: Streams) -> int:
    status = 0
    if node.initial is not None:
        _arith(shell, node.initial)
    while node.condition is None or _holds(shell, node.condition):
        shell.runtime.budget.iteration()
        status, going = _loop_body(shell, node.body, streams)
        if not going:
            break
        if node.update is not None:
            _arith(shell, node.update)
    return status


def run_while(shell: Interpreter, node: While, streams: Streams) -> int:
    status = 0
    while (shell.condition(node.condition, streams) == 0) != node.until:
        shell.runtime.budget.iteration()
        status, going = _loop_body(shell, node.body, streams)
        if not going:
            break
    return status


def run_case(shell: Interpreter, node: Case, streams: Streams) -> int:
    subject = shell.expand.string(node.subject)
    status = 0
    falling = False
    for item in node.items:
        if not falling and not any(matches(shell.expand.pattern(p), subject) for p in item.patterns):
            continue
        status = shell.run(item.body, streams) if item.body is not None else 0
        if item.terminator == ";;":
            return status
        falling = item.terminator == ";&"
    return status


def run_subshell(shell: Interpreter, node: Subshell, streams: Streams) -> int:
    budget = shell.runtime.budget
    budget.enter("subshells")
    try:
        return shell.fork().run_isolated(node.body, streams)
    finally:
        budget.leave()


def run_group(shell: Interpreter, node: Group, streams: Streams) -> int:
    return shell.run(node.body, streams)


def run_function_definition(shell: Interpreter, node: FunctionDefinition, streams: Streams) -> int:
    shell.state.functions[node.name] = node.body
    return 0


def run_redirected(shell: Interpreter, node: Redirected, streams: Streams) -> int:
    try:
        redirected, opened = open_redirects(shell, node.redirects, streams)
    except RedirectFailed as failed:
        streams.err.write(f"bash: {failed}\n")
        return 1
    try:
        return shell.run(node.body, redirected)
    finally:
        close_all(opened)


def _arith(shell: Interpreter, word: Word) -> int:
    return shell.expand.arithmetic(word)


def _holds(shell: Interpreter, condition: Word) -> bool:
    """A ``for ((...; CONDITION; ...))`` condition; an empty one always holds."""
    return not shell.expand.string(condition).strip() or _arith(shell, condition) != 0


def run_arithmetic(shell: Interpreter, node: ArithmeticCommand, streams: Streams) -> int:
    text = shell.expand.string(node.expression)
    try:
        value = evaluate(text, Variables(shell.get_or_empty, shell.set_variable))
    except ArithmeticFailure as failure:
        streams.err.write(f"bash: ((: {failure}\n")
        return 1
    return 0 if value != 0 else 1


def run_conditional(shell: Interpreter, node: Conditional, streams: Streams) -> int:
    tokens: list[Token] = []
    words = node.words
    for word in words:
        raw = _operator_text(word)
        tokens.append(Token(raw if raw is not None else shell.expand.string(word), raw is not None))
    evaluator = Evaluator(tokens, shell.fs, extended=True, pattern=lambda i: shell.expand.pattern(words[i]),
                          regex=lambda i: shell.expand.regex(words[i]))  # fmt: skip
    try:
        holds = evaluator.evaluate()
    except TestFailure as failure:
        if str(failure):
            streams.err.write(f"bash: conditional: {failure}\n")
        return 2
    finally:
        if evaluator.rematch is not None:
            shell.state.variables.pop("BASH_REMATCH", None)
            shell.state.arrays["BASH_REMATCH"] = dict(enumerate(evaluator.rematch))
    return 0 if holds else 1


def _operator_text(word: Word) -> str | None:
    if len(word.parts) == 1 and isinstance(word.parts[0], Literal) and not word.parts[0].quoted:
        text = word.parts[0].text
        return text if text in _CONDITIONAL_OPERATORS else None
    return None


COMPOUND: dict[type[Any], Callable[[Interpreter, Any, Streams], int]] = {
    If: run_if,
    For: run_for,
    ArithmeticFor: run_arithmetic_for,
    While: run_while,
    Case: run_case,
    Subshell: run_subshell,
    Group: run_group,
    FunctionDefinition: run_function_definition,
    Redirected: run_redirected,
    ArithmeticCommand: run_arithmetic,
    Conditional: run_conditional,
}
