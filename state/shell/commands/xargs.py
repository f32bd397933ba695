"""xargs: build command lines from stdin and run them."""

from __future__ import annotations

import re

from state.shell.api import Context, command
from state.shell.commands._common import error
from state.shell.commands._options import Spec, parse, usage

_XARGS = Spec(
    flags="0rtpxi",
    valued="nIdLPsaE",
    long={
        "null": "0",
        "no-run-if-empty": "r",
        "verbose": "t",
        "max-args": "n",
        "replace": "I",
        "delimiter": "d",
        "max-lines": "L",
        "max-procs": "P",
        "max-chars": "s",
        "arg-file": "a",
    },
    permute=False,
)
_WORD = re.compile(r"""'([^']*)'|"([^"]*)"|\\(.)|([^\s'"\\]+)|(\s+)""", re.DOTALL)


def _words(text: str) -> list[str] | str:
    """Blank-separated words with quotes and backslashes, as xargs reads them (or its complaint)."""
    words: list[str] = []
    current: list[str] | None = None
    position = 0
    for match in _WORD.finditer(text):
        if match.start() != position:
            break
        position = match.end()
        if match[5] is not None:
            if current is not None:
                words.append("".join(current))
            current = None
            continue
        current = current or []
        current.append(next(group for group in match.groups()[:4] if group is not None))
    if position != len(text):
        quote = "single" if text[position] == "'" else "double"
        return f"unmatched {quote} quote; by default quotes are special to xargs unless you use the -0 option"
    if current is not None:
        words.append("".join(current))
    return words


def _separator(null: bool, delimiter: str) -> str:
    if null:
        return "\0"
    escapes = {"\\n": "\n", "\\t": "\t", "\\0": "\0", "\\\\": "\\"}
    return escapes.get(delimiter, delimiter[:1])


def _items(ctx: Context, text: str, null: bool, delimiter: str | None, per_line: bool) -> list[str] | None:
    if null or delimiter is not None:
        items = text.split(_separator(null, delimiter or ""))
        return items[:-1] if items and items[-1] == "" else items
    if per_line:
        return [line.lstrip() for line in text.split("\n") if line.strip()]
    words = _words(text)
    if isinstance(words, str):
        error(ctx, "xargs", words)
        return None
    return words


def _batches(items: list[str], size: int | None) -> list[list[str]]:
    if not size:
        return [items]
    return [items[i : i + size] for i in range(0, len(items), size)]


@command("xargs")
def xargs(ctx: Context, argv: list[str]) -> int:
    """Run a command (``echo`` by default) with words read from stdin as arguments: ``-n N`` per run,
    ``-I {}`` once per line with ``{}`` replaced, ``-0`` / ``-d`` other separators, ``-r`` not on empty input."""
    opts = parse(ctx, argv, _XARGS)
    if opts is None:
        return 1
    template = opts.operands or ["echo"]
    replace = opts.value("I") or ("{}" if opts.has("i") else None)
    count = opts.value("n") or opts.value("L")
    if count is not None and not count.isdigit():
        return usage(ctx, "xargs", f'invalid number "{count}" for -{opts.last_of("n", "L")} option')
    items = _items(ctx, ctx.stdin, opts.has("0"), opts.value("d"), replace is not None)
    if items is None:
        return 1
    if not items and (opts.has("r") or replace is not None):
        return 0
    if replace is not None:
        runs = [[arg.replace(replace, item) for arg in template] for item in items]
    else:
        runs = [[*template, *batch] for batch in _batches(items, int(count) if count else None)]
    worst = 0
    for run in runs:
        if opts.has("t", "p"):
            ctx.err.write(" ".join(run) + "\n")
        status, output = ctx.run(run)
        ctx.out.write(output)
        if status in (126, 127):
            return status
        if status == 255:
            error(ctx, "xargs", f"{run[0]}: exited with status 255; aborting")
            return 124
        worst = 123 if status else worst
    return worst
