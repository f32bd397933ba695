"""Reading text: cat, head, tail, tac, rev, nl, tee, less and more."""

from __future__ import annotations

import re
from collections.abc import Callable

from state.shell.api import Context, FsError, command
from state.shell.commands._common import error, keep_lines, read_operand
from state.shell.commands._options import Spec, parse

_CAT = Spec(
    flags="nbEeTtAsuv",
    long={
        "number": "n",
        "number-nonblank": "b",
        "show-ends": "E",
        "show-tabs": "T",
        "show-all": "A",
        "squeeze-blank": "s",
        "show-nonprinting": "v",
    },
)


def _inputs(ctx: Context, name: str, operands: list[str]) -> tuple[list[tuple[str, str]], int]:
    """The text of each operand (stdin when none), and 1 if some could not be read."""
    found: list[tuple[str, str]] = []
    status = 0
    for operand in operands or ["-"]:
        try:
            found.append((operand, read_operand(ctx, operand)))
        except FsError as failure:
            error(ctx, name, f"{operand}: {failure.strerror}")
            status = 1
    return found, status


def _show(line: str, ends: bool, tabs: bool, nonprinting: bool) -> str:
    body, newline = (line[:-1], "\n") if line.endswith("\n") else (line, "")
    if tabs:
        body = body.replace("\t", "^I")
    if nonprinting and not _PRINTABLE.fullmatch(body):
        body = "".join(_caret(byte) for byte in body.encode(errors="surrogatepass"))
    elif ends and newline and body.endswith("\r"):
        body = body[:-1] + "^M"  # GNU cat -E shows a CRLF line end as ^M$
    return body + ("$" if ends and newline else "") + newline


_PRINTABLE = re.compile(r"[\t\x20-\x7e]*")


def _caret(byte: int) -> str:
    """One byte as ``cat -v`` shows it: ``^M`` for a control character, ``^?`` for DEL, ``M-`` before
    the byte less 128 for one above 127 (GNU cat shows a UTF-8 ``ü`` as ``M-CM-<``)."""
    prefix = "M-" if byte >= 128 else ""
    byte &= 0x7F
    if byte == 0x7F:
        return prefix + "^?"
    if byte < 32 and byte != 9:
        return prefix + "^" + chr(byte + 64)
    return prefix + chr(byte)


@command("cat")
def cat(ctx: Context, argv: list[str]) -> int:
    """Print files (or stdin) one after another; ``-n`` numbers lines, ``-A`` shows tabs and line ends."""
    opts = parse(ctx, argv, _CAT)
    if opts is None:
        return 1
    ends = opts.has("E", "e", "A")
    tabs = opts.has("T", "t", "A")
    nonprinting = opts.has("v", "e", "t", "A")
    nonblank = opts.has("b")
    number = opts.has("n") or nonblank
    inputs, status = _inputs(ctx, "cat", opts.operands)
    text = "".join(content for _, content in inputs)
    if not (ends or tabs or nonprinting or number or opts.has("s")):
        ctx.out.write(text)
        return status
    count = 0
    previous_blank = False
    for line in keep_lines(text):
        blank = line == "\n"
        if opts.has("s") and blank and previous_blank:
            continue
        previous_blank = blank
        prefix = ""
        if number and not (nonblank and blank):
            count += 1
            prefix = f"{count:6d}\t"
        ctx.out.write(prefix + _show(line, ends, tabs, nonprinting))
    return status


_HEAD = Spec(
    flags="qv",
    valued="nc",
    long={"lines": "n", "bytes": "c", "quiet": "q", "silent": "q", "verbose": "v"},
)
_TAIL = Spec(
    flags="qvfF",
    valued="nc",
    long={"lines": "n", "bytes": "c", "quiet": "q", "silent": "q", "verbose": "v", "follow": "f"},
)
_COUNT = re.compile(r"([+-]?)(\d+)([bkKmMG]?)")
_UNITS = {"": 1, "b": 512, "k": 1024, "K": 1024, "m": 1024**2, "M": 1024**2, "G": 1024**3}


def _obsolete_count(argv: list[str]) -> list[str]:
    """``head -5`` means ``head -n 5``."""
    if len(argv) > 1 and re.fullmatch(r"-\d+", argv[1]):
        return [argv[0], "-n", argv[1][1:], *argv[2:]]
    return argv


def _count(text: str) -> tuple[str, int] | None:
    match = _COUNT.fullmatch(text)
    if match is None:
        return None
    return match[1], int(match[2]) * _UNITS[match[3]]


def _head_part(text: str, by_bytes: bool, sign: str, count: int) -> str:
    if by_bytes:
        data = text.encode()
        part = data[: max(len(data) - count, 0)] if sign == "-" else data[:count]
        return part.decode(errors="replace")
    lines = keep_lines(text)
    return "".join(lines[: max(len(lines) - count, 0)] if sign == "-" else lines[:count])


def _tail_part(text: str, by_bytes: bool, sign: str, count: int) -> str:
    if by_bytes:
        data = text.encode()
        part = data[max(count - 1, 0) :] if sign == "+" else data[len(data) - count :] if count else b""
        return part.decode(errors="replace")
    lines = keep_lines(text)
    return "".join(
        lines[max(count - 1, 0) :] if sign == "+" else lines[len(lines) - count :] if count else []
    )


def _head_or_tail(
    ctx: Context, argv: list[str], spec: Spec, part: Callable[[str, bool, str, int], str]
) -> int:
    name = argv[0]
    opts = parse(ctx, _obsolete_count(argv), spec)
    if opts is None:
        return 1
    kind = opts.last_of("n", "c") or "n"
    raw = opts.value(kind, "10") or "10"
    parsed = _count(raw)
    if parsed is None:
        what = "lines" if kind == "n" else "bytes"
        error(ctx, name, f"invalid number of {what}: '{raw}'")
        return 1
    sign, count = parsed
    operands = opts.operands or ["-"]
    headers = opts.has("v") or (len(operands) > 1 and not opts.has("q"))
    status = 0
    for index, operand in enumerate(operands):
        try:
            text = read_operand(ctx, operand)
        except FsError as failure:
            verb = "error reading" if failure.strerror == "Is a directory" else "cannot open"
            suffix = "" if verb == "error reading" else " for reading"
            error(ctx, name, f"{verb} '{operand}'{suffix}: {failure.strerror}")
            status = 1
            continue
        if headers:
            title = "standard input" if operand == "-" else operand
            ctx.out.write(("\n" if index else "") + f"==> {title} <==\n")
        ctx.out.write(part(text, kind == "c", sign, count))
    return status


@command("head")
def head(ctx: Context, argv: list[str]) -> int:
    """The first 10 lines of each file; ``-n N`` / ``-N`` lines, ``-c N`` bytes, ``-n -N`` all but the last N."""
    return _head_or_tail(ctx, argv, _HEAD, _head_part)


@command("tail")
def tail(ctx: Context, argv: list[str]) -> int:
    """The last 10 lines of each file; ``-n N`` / ``-N`` lines, ``-n +N`` from line N on, ``-c N`` bytes."""
    return _head_or_tail(ctx, argv, _TAIL, _tail_part)


@command("tac")
def tac(ctx: Context, argv: list[str]) -> int:
    """Print the lines of the files last to first."""
    opts = parse(ctx, argv, Spec())
    if opts is None:
        return 1
    status = 0
    for operand in opts.operands or ["-"]:
        try:
            text = read_operand(ctx, operand)
        except FsError as failure:
            error(ctx, "tac", f"failed to open '{operand}' for reading: {failure.strerror}")
            status = 1
            continue
        ctx.out.write("".join(reversed(keep_lines(text))))
    return status


@command("rev")
def rev(ctx: Context, argv: list[str]) -> int:
    """Reverse the characters of every line."""
    opts = parse(ctx, argv, Spec())
    if opts is None:
        return 1
    status = 0
    for operand in opts.operands or ["-"]:
        try:
            text = read_operand(ctx, operand)
        except FsError as failure:
            error(ctx, "rev", f"cannot open {operand}: {failure.strerror}")
            status = 1
            continue
        for line in keep_lines(text):
            body = line.removesuffix("\n")
            ctx.out.write(body[::-1] + line[len(body) :])
    return status


_NL = Spec(
    valued="bnwsv",
    long={
        "body-numbering": "b",
        "number-format": "n",
        "number-width": "w",
        "number-separator": "s",
        "starting-line-number": "v",
    },
)


def _nl_number(number: int, style: str, width: int) -> str:
    if style == "ln":
        return f"{number:<{width}d}"
    if style == "rz":
        return f"{number:0{width}d}"
    return f"{number:>{width}d}"


@command("nl")
def nl(ctx: Context, argv: list[str]) -> int:
    """Number the non-empty lines (``-b a`` all lines), ``-w`` width, ``-s`` separator, ``-n ln|rn|rz``."""
    opts = parse(ctx, argv, _NL)
    if opts is None:
        return 1
    every = opts.value("b", "t") == "a"
    style = opts.value("n", "rn") or "rn"
    width = int(opts.value("w", "6") or "6")
    separator = opts.value("s", "\t") or "\t"
    number = int(opts.value("v", "1") or "1")
    inputs, status = _inputs(ctx, "nl", opts.operands)
    for line in keep_lines("".join(text for _, text in inputs)):
        body = line.removesuffix("\n")
        if body or every:
            ctx.out.write(f"{_nl_number(number, style, width)}{separator}{body}\n")
            number += 1
        else:
            ctx.out.write(" " * (width + len(separator)) + "\n")
    return status


@command("tee")
def tee(ctx: Context, argv: list[str]) -> int:
    """Copy stdin to stdout and to each file (``-a`` appends)."""
    opts = parse(ctx, argv, Spec(flags="ai", long={"append": "a", "ignore-interrupts": "i"}))
    if opts is None:
        return 1
    status = 0
    for operand in opts.operands:
        try:
            ctx.fs.write_text(operand, ctx.stdin, append=opts.has("a"))
        except FsError as failure:
            error(ctx, "tee", f"{operand}: {failure.strerror}")
            status = 1
    ctx.out.write(ctx.stdin)
    return status


@command("less", "more")
def pager(ctx: Context, argv: list[str]) -> int:
    """Print the files: output is not a terminal, so a pager behaves as ``cat``."""
    name = argv[0]
    operands = [arg for arg in argv[1:] if not arg.startswith("-") or arg == "-"]
    inputs, status = _inputs(ctx, name, operands)
    for _, text in inputs:
        ctx.out.write(text)
    return status
