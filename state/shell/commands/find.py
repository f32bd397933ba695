"""find: walk trees and evaluate an expression of tests, operators and actions on every path."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from state.shell.api import Context, FsError, command
from state.shell.commands._common import Entry, base_name, blocks, error, walk
from state.shell.commands._find_tests import (
    FindError,
    Test,
    age_test,
    name_test,
    newer_test,
    regex_test,
    size_test,
    type_test,
)
from state.shell.commands._strftime import strftime

_NEWER_XY = re.compile(r"-newer[acmB][acmBt]")
_TAKES_VALUE = {
    "-name",
    "-iname",
    "-path",
    "-ipath",
    "-wholename",
    "-iwholename",
    "-type",
    "-maxdepth",
    "-mindepth",
    "-newer",
    "-mtime",
    "-mmin",
    "-size",
    "-printf",
    "-regex",
    "-iregex",
    "-user",
    "-group",
    "-perm",
}


@dataclass
class _Find:
    ctx: Context
    tokens: list[str]
    at: int = 0
    max_depth: int | None = None
    min_depth: int = 0
    depth_first: bool = False
    has_action: bool = False
    failed: bool = False
    pruned: set[str] = field(default_factory=set[str])
    batches: list[tuple[list[str], list[str]]] = field(default_factory=list[tuple[list[str], list[str]]])

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def value(self, predicate: str) -> str:
        if self.peek() is None:
            raise FindError(f"missing argument to `{predicate}'")
        return self.take()


def _or(find: _Find) -> Test:
    left = _and(find)
    while find.peek() in ("-o", "-or"):
        find.take()
        right = _and(find)
        left = _either(left, right)
    return left


def _either(left: Test, right: Test) -> Test:
    return lambda entry: left(entry) or right(entry)


def _both(left: Test, right: Test) -> Test:
    return lambda entry: left(entry) and right(entry)


def _and(find: _Find) -> Test:
    left = _unary(find)
    while find.peek() is not None and find.peek() not in ("-o", "-or", ")"):
        if find.peek() in ("-a", "-and"):
            find.take()
        left = _both(left, _unary(find))
    return left


def _unary(find: _Find) -> Test:
    token = find.peek()
    if token is None:
        raise FindError("expected an expression")
    if token in ("!", "-not"):
        find.take()
        inner = _unary(find)
        return lambda entry: not inner(entry)
    if token == "(":
        find.take()
        inner = _or(find)
        if find.peek() != ")":
            raise FindError(
                "invalid expression; I was expecting to find a ')' somewhere but did not see one."
            )
        find.take()
        return inner
    return _primary(find, find.take())


def _empty(find: _Find) -> Test:
    def test(entry: Entry) -> bool:
        if entry.stat.is_dir:
            return not find.ctx.fs.list_dir(entry.path)
        return entry.stat.size == 0

    return test


def _primary(find: _Find, predicate: str) -> Test:
    if predicate in _TAKES_VALUE:
        return _valued(find, predicate, find.value(predicate))
    if _NEWER_XY.fullmatch(predicate):
        if find.peek() is None:
            raise FindError(f"The '{predicate}' test needs an argument")
        return newer_test(find.ctx, predicate, find.take())
    if predicate in ("-depth", "-xdev", "-mount", "-follow", "-noleaf"):
        find.depth_first = find.depth_first or predicate == "-depth"
        return lambda entry: True
    simple: dict[str, Test] = {
        "-true": lambda entry: True,
        "-false": lambda entry: False,
        "-empty": _empty(find),
    }
    if predicate in simple:
        return simple[predicate]
    action = _action(find, predicate)
    if action is None:
        raise FindError(f"unknown predicate `{predicate}'")
    find.has_action = predicate != "-prune"
    return action


def _valued(find: _Find, predicate: str, value: str) -> Test:
    if predicate in ("-maxdepth", "-mindepth"):
        if not value.isdigit():
            raise FindError(f"Expected a positive decimal integer argument to {predicate}, but got '{value}'")
        if predicate == "-maxdepth":
            find.max_depth = int(value)
        else:
            find.min_depth = int(value)
        return lambda entry: True
    if predicate in ("-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename"):
        return name_test(value, "path" in predicate, predicate.startswith("-i"))
    if predicate in ("-mtime", "-mmin"):
        return age_test(find.ctx.now, predicate, value)
    if predicate in ("-user", "-group"):
        return lambda entry: value in (find.ctx.user, "1000")
    if predicate == "-perm":
        return lambda entry: True
    builders: dict[str, Callable[[], Test]] = {
        "-type": lambda: type_test(value),
        "-size": lambda: size_test(value),
        "-newer": lambda: newer_test(find.ctx, predicate, value),
        "-regex": lambda: regex_test(value, False),
        "-iregex": lambda: regex_test(value, True),
        "-printf": lambda: _printf(find, value),
    }
    if predicate == "-printf":
        find.has_action = True
    return builders[predicate]()


def _action(find: _Find, predicate: str) -> Test | None:
    ctx = find.ctx
    if predicate == "-print":
        return lambda entry: _write(ctx, entry.path + "\n")
    if predicate == "-print0":
        return lambda entry: _write(ctx, entry.path + "\0")
    if predicate == "-delete":
        find.depth_first = True
        return lambda entry: _delete(find, entry)
    if predicate == "-prune":
        return lambda entry: find.pruned.add(entry.path) is None
    if predicate in ("-exec", "-execdir", "-ok"):
        return _exec(find, predicate)
    if predicate == "-ls":
        return lambda entry: _write(ctx, entry.path + "\n")
    return None


def _write(ctx: Context, text: str) -> bool:
    ctx.out.write(text)
    return True


def _delete(find: _Find, entry: Entry) -> bool:
    if entry.depth == 0 and base_name(entry.path) in (".", ".."):
        return True
    try:
        if entry.stat.is_dir and find.ctx.fs.list_dir(entry.path):
            raise FsError(entry.path, "Directory not empty")
        find.ctx.fs.remove(entry.path)
    except FsError as failure:
        error(find.ctx, "find", f"cannot delete '{entry.path}': {failure.strerror}")
        find.failed = True
        return False
    return True


def _exec(find: _Find, predicate: str) -> Test:
    template: list[str] = []
    while True:
        token = find.peek()
        if token is None:
            raise FindError(f"missing argument to `{predicate}'")
        find.take()
        if token == ";" or (token == "+" and template and template[-1] == "{}"):
            break
        template.append(token)
    if not template:
        raise FindError(f"missing argument to `{predicate}'")
    if token == "+":
        batch: tuple[list[str], list[str]] = (template[:-1], [])
        find.batches.append(batch)
        return lambda entry: batch[1].append(entry.path) is None

    def run(entry: Entry) -> bool:
        argv = [arg.replace("{}", entry.path) for arg in template]
        status, output = find.ctx.run(argv)
        find.ctx.out.write(output)
        return status == 0

    return run


_PRINTF = re.compile(r"%([%pfhsdmuMgPtacykb]|[ATC][@+a-zA-Z])|\\([ntr0\\])")
_CTIME = "%a %b %e %H:%M:%S.0000000000 %Y"
_TIME_KEYS = {"@": "%s.0000000000", "+": "%Y-%m-%d+%H:%M:%S.0000000000", "T": "%H:%M:%S.0000000000",
              "S": "%S.0000000000"}  # fmt: skip
"""``%TK`` keys that are not plain strftime letters (GNU adds the fraction of a second)."""


def _printf(find: _Find, template: str) -> Test:
    def render(entry: Entry, code: str) -> str:
        fields = {
            "%": "%",
            "p": entry.path,
            "f": base_name(entry.path),
            "h": entry.path.rsplit("/", 1)[0] if "/" in entry.path else ".",
            "s": str(blocks(entry.stat) * 1024 if entry.stat.is_dir else entry.stat.size),
            "d": str(entry.depth),
            "m": "755" if entry.stat.is_dir else "644",
            "M": "drwxr-xr-x" if entry.stat.is_dir else "-rw-r--r--",
            "u": find.ctx.user,
            "g": find.ctx.user,
            "P": entry.path.split("/", 1)[1] if entry.depth and "/" in entry.path else "",
            "y": "d" if entry.stat.is_dir else "f",
            "k": str(blocks(entry.stat)),
            "b": str(blocks(entry.stat) * 2),
        }
        if code in ("t", "a", "c"):
            return strftime(_CTIME, entry.stat.modified_at)
        if len(code) == 2:
            # %T, %A and %C: the world keeps one time per file, its modification time
            return strftime(_TIME_KEYS.get(code[1], "%" + code[1]), entry.stat.modified_at)
        return fields[code]

    def test(entry: Entry) -> bool:
        escapes = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\"}
        text = _PRINTF.sub(lambda m: render(entry, m[1]) if m[1] else escapes[m[2]], template)
        find.ctx.out.write(text)
        return True

    return test


def _always(entry: Entry) -> bool:
    return True


def _post_order(entries: list[Entry]) -> list[Entry]:
    out: list[Entry] = []
    stack: list[Entry] = []
    for entry in entries:
        while stack and stack[-1].depth >= entry.depth:
            out.append(stack.pop())
        stack.append(entry)
    out.extend(reversed(stack))
    return out


def _split(argv: list[str]) -> tuple[list[str], list[str]]:
    index = 1
    while index < len(argv) and not (argv[index].startswith("-") or argv[index] in ("(", "!", ")")):
        index += 1
    return argv[1:index] or ["."], argv[index:]


@command("find")
def find(ctx: Context, argv: list[str]) -> int:
    """Walk each path (``.`` by default) and print what matches: ``-name -iname -path -type f|d -maxdepth
    -mindepth -newer -newermt -mtime -mmin -size -empty``, ``! -o -a ( )``, ``-print -print0 -printf -delete -prune``,
    ``-exec CMD {} ;`` and ``-exec CMD {} +``."""
    paths, expression = _split(argv)
    state = _Find(ctx, expression)
    try:
        test: Test = _or(state) if expression else _always
        if state.peek() is not None:
            raise FindError(f"paths must precede expression: `{state.peek()}'")
    except FindError as bad:
        error(ctx, "find", str(bad))
        return 1
    if not state.has_action:
        test = _both(test, lambda entry: _write(ctx, entry.path + "\n"))
    for path in paths:
        _walk_one(state, path, test)
    for template, found in state.batches:
        if found:
            status, output = ctx.run([*template, *found])
            ctx.out.write(output)
            state.failed = state.failed or status != 0
    return 1 if state.failed else 0


def _walk_one(state: _Find, path: str, test: Test) -> None:
    ctx = state.ctx
    stat = ctx.fs.stat(path)
    if stat is None:
        error(ctx, "find", f"'{path}': No such file or directory")
        state.failed = True
        return
    entries = walk(ctx, path, stat, max_depth=state.max_depth, prune=lambda entry: entry.path in state.pruned)
    if state.depth_first:
        entries = iter(_post_order(list(entries)))
    for entry in entries:
        if entry.depth >= state.min_depth:
            test(entry)
