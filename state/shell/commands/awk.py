"""awk: patterns and actions over records and fields (the common subset of POSIX awk, as mawk answers)."""

from __future__ import annotations

import re

from state.shell.api import Context, FsError, command
from state.shell.commands._awk_flow import AwkError, Exit, Next
from state.shell.commands._awk_grammar import parse_program
from state.shell.commands._awk_parse import AwkSyntaxError, Node, unescape
from state.shell.commands._awk_run import Awk
from state.shell.commands._awk_values import from_input, number, truth
from state.shell.commands._common import error

_ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", re.DOTALL)
_USAGE = "usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]\n"


def _options(ctx: Context, args: list[str]) -> tuple[list[tuple[str, str]], str | None, list[str]] | None:
    """The ``-F``/``-v``/``-f`` options, the program text (None if from ``-f``) and the operands."""
    given: list[tuple[str, str]] = []
    index = 0
    while index < len(args) and args[index].startswith("-") and args[index] != "-":
        arg = args[index]
        index += 1
        if arg == "--":
            break
        letter, value = arg[1:2], arg[2:]
        if letter not in ("F", "v", "f"):
            error(ctx, "awk", f"not an option: {arg}")
            return None
        if not value:
            if index >= len(args):
                error(ctx, "awk", f"option requires an argument -- {letter}")
                return None
            value = args[index]
            index += 1
        given.append((letter, value))
    if not any(letter == "f" for letter, _ in given):
        if index >= len(args):
            ctx.err.write(_USAGE)
            return None
        return given, args[index], args[index + 1 :]
    return given, None, args[index:]


def _records(awk: Awk, text: str) -> list[str]:
    separator = str(awk.vars["RS"])
    if separator == "":
        return [part for part in re.split(r"\n\n+", text.strip("\n")) if part]
    parts = text.split(separator[0] if separator else "\n")
    return parts[:-1] if parts and parts[-1] == "" else parts


def _selected(awk: Awk, item: Node, index: int, active: set[int]) -> bool:
    pattern = item.children[0]
    if item.kind == "rule":
        return pattern.kind == "empty" or truth(awk.eval(pattern))
    if index in active:
        if truth(awk.eval(item.children[1])):
            active.discard(index)
        return True
    if truth(awk.eval(pattern)):
        if not truth(awk.eval(item.children[1])):
            active.add(index)
        return True
    return False


def _record(awk: Awk, rules: list[Node], active: set[int], text: str) -> None:
    awk.vars["NR"] = number(awk.vars["NR"]) + 1
    awk.vars["FNR"] = number(awk.vars["FNR"]) + 1
    awk.set_record(text)
    try:
        for index, item in enumerate(rules):
            if _selected(awk, item, index, active):
                action = item.children[-1]
                if action.kind == "empty":
                    awk.write(str(awk.field(0)) + str(awk.vars["ORS"]), None)
                else:
                    awk.run(action)
    except Next:
        pass


def _inputs(awk: Awk, operands: list[str]) -> int:
    ctx = awk.ctx
    rules = [item for item in awk.program.children if item.kind in ("rule", "range")]
    active: set[int] = set()
    files = [operand for operand in operands if not _ASSIGNMENT.fullmatch(operand)]
    for operand in operands if files else [*operands, "-"]:
        assignment = _ASSIGNMENT.fullmatch(operand)
        if assignment:
            awk.set(assignment[1], from_input(unescape(assignment[2])))
            continue
        try:
            text = ctx.stdin if operand == "-" else ctx.fs.read_text(operand)
        except FsError as failure:
            error(ctx, "awk", f"cannot open {operand} ({failure.strerror})")
            return 2
        awk.vars["FILENAME"] = "" if operand == "-" else operand
        awk.vars["FNR"] = 0.0
        for record in _records(awk, text):
            _record(awk, rules, active, record)
    return 0


def _run(awk: Awk, operands: list[str]) -> int:
    items = awk.program.children
    status = 0
    try:
        for item in items:
            if item.kind == "begin":
                awk.run(item.children[0])
        if any(item.kind in ("rule", "range", "end") for item in items):
            status = _inputs(awk, operands)
    except Exit as exited:
        status = exited.status
    if status == 2:
        return status
    try:
        for item in items:
            if item.kind == "end":
                awk.run(item.children[0])
    except Exit as exited:
        status = exited.status
    return status


@command("awk")
def awk(ctx: Context, argv: list[str]) -> int:
    """Run an awk program over files or stdin: ``awk -F, '{print $2}' data.csv``,
    ``awk 'NR > 1 {sum += $3} END {print sum}'``; ``-v NAME=VALUE``, ``-f PROGRAM``."""
    parsed = _options(ctx, argv[1:])
    if parsed is None:
        return 2
    given, text, operands = parsed
    try:
        source = text if text is not None else "\n".join(ctx.fs.read_text(v) for k, v in given if k == "f")
        program = parse_program(source)
    except FsError as failure:
        error(ctx, "awk", f"couldn't open file {failure.path}: {failure.strerror}")
        return 2
    except AwkSyntaxError as bad:
        error(ctx, "awk", str(bad))
        return 2
    machine = Awk(ctx, program)
    for letter, value in given:
        assignment = _ASSIGNMENT.fullmatch(value)
        if letter == "F":
            machine.vars["FS"] = "\t" if value == "\\t" else unescape(value)
        elif letter == "v" and assignment:
            machine.vars[assignment[1]] = from_input(unescape(assignment[2]))
    try:
        status = _run(machine, operands)
    except AwkError as failure:
        error(ctx, "awk", f"run time error: {failure}")
        status = 2
    machine.flush()
    return status
