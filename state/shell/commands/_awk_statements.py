"""awk's statements: print and printf, if, loops, next, exit, return, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from state.shell.api import LimitExceeded
from state.shell.commands._awk_flow import Break, Continue, Exit, Next, Return
from state.shell.commands._awk_parse import Node
from state.shell.commands._awk_values import UNSET, Value, format_values, from_input, number, string, truth

if TYPE_CHECKING:
    from state.shell.commands._awk_run import Awk


def _block(awk: Awk, node: Node) -> None:
    for statement in node.children:
        awk.run(statement)


def _print(awk: Awk, node: Node) -> None:
    args = [c for c in node.children if c.kind != "redirect"]
    redirect = next((c for c in node.children if c.kind == "redirect"), None)
    if node.kind == "printf":
        values = [awk.eval(a) for a in args]
        text = format_values(string(values[0]), values[1:]) if values else ""
    else:
        output_format = string(awk.vars["OFMT"])
        values = [awk.eval(a) for a in args] if args else [awk.field(0)]
        text = string(awk.vars["OFS"]).join(string(v, output_format) for v in values) + string(
            awk.vars["ORS"]
        )
    awk.write(text, redirect)


def _if(awk: Awk, node: Node) -> None:
    if truth(awk.eval(node.children[0])):
        awk.run(node.children[1])
    elif len(node.children) > 2:
        awk.run(node.children[2])


def _loop_body(awk: Awk, body: Node) -> bool:
    """Run one pass of a loop's body; False when it broke out."""
    awk.steps += 1
    if awk.steps > awk.ctx.limits.loop_iterations * 10:
        raise LimitExceeded("loop_iterations", "awk ran too many loop iterations: stopped")
    try:
        awk.run(body)
    except Break:
        return False
    except Continue:
        pass
    return True


def _while(awk: Awk, node: Node) -> None:
    while truth(awk.eval(node.children[0])) and _loop_body(awk, node.children[1]):
        pass


def _do(awk: Awk, node: Node) -> None:
    while _loop_body(awk, node.children[0]) and truth(awk.eval(node.children[1])):
        pass


def _for(awk: Awk, node: Node) -> None:
    init, condition, step, body = node.children
    if init.kind != "empty":
        awk.run(init)
    while condition.kind == "empty" or truth(awk.eval(condition)):
        if not _loop_body(awk, body):
            break
        if step.kind != "empty":
            awk.run(step)


def _for_in(awk: Awk, node: Node) -> None:
    for key in list(awk.array(node.children[0].text)):
        awk.set(node.text, from_input(key))
        if not _loop_body(awk, node.children[1]):
            break


def _raise(error: type[Exception]) -> Callable[[Awk, Node], None]:
    def run(awk: Awk, node: Node) -> None:
        raise error()

    return run


def _exit(awk: Awk, node: Node) -> None:
    raise Exit(int(number(awk.eval(node.children[0]))) if node.children else 0)


def _return(awk: Awk, node: Node) -> None:
    raise Return(awk.eval(node.children[0]) if node.children else UNSET)


def _delete(awk: Awk, node: Node) -> None:
    array = awk.array(node.text)
    if node.children:
        array.pop(awk.key(node.children), None)
    else:
        array.clear()


def _discard(value: Value) -> None:
    """An expression statement is run for its effect (``x++``, ``sub(...)``)."""


STATEMENTS: dict[str, Callable[[Awk, Node], None]] = {
    "block": _block,
    "print": _print,
    "printf": _print,
    "if": _if,
    "while": _while,
    "do": _do,
    "for": _for,
    "forin": _for_in,
    "next": _raise(Next),
    "nextfile": _raise(Next),
    "break": _raise(Break),
    "continue": _raise(Continue),
    "exit": _exit,
    "return": _return,
    "delete": _delete,
    "expr": lambda awk, node: _discard(awk.eval(node.children[0])),
    "empty": lambda awk, node: None,
}
