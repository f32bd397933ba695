"""Columns and characters: cut, tr, paste, column."""

from __future__ import annotations

import re

from state.shell.api import Context, FsError, command
from state.shell.commands._common import error, lines_of, read_operand
from state.shell.commands._options import Options, Spec, parse, usage

_CUT = Spec(
    flags="snz",
    valued="dfcb",
    long={
        "delimiter": "d",
        "fields": "f",
        "characters": "c",
        "bytes": "b",
        "only-delimited": "s",
        "complement": "complement",
        "output-delimiter": "output-delimiter",
    },
    long_valued=frozenset({"output-delimiter"}),
)


def _ranges(text: str) -> list[tuple[int, int]] | str:
    """``1,3-5,7-`` as (first, last) pairs, 1-based; or GNU's complaint."""
    found: list[tuple[int, int]] = []
    for part in text.split(","):
        match = re.fullmatch(r"(\d*)(-?)(\d*)", part)
        if match is None or not (match[1] or match[3]) or (not match[2] and not match[1]):
            return f"invalid field value '{part}'" if part else "invalid byte or character range"
        first = int(match[1]) if match[1] else 1
        last = (int(match[3]) if match[3] else 1 << 62) if match[2] else first
        if first == 0 or (match[3] and int(match[3]) == 0):
            return "fields are numbered from 1"
        if last < first:
            return "invalid decreasing range"
        found.append((first, last))
    return found


def _selected(count: int, ranges: list[tuple[int, int]], complement: bool) -> list[int]:
    chosen = [i for i in range(1, count + 1) if any(a <= i <= b for a, b in ranges)]
    return [i for i in range(1, count + 1) if i not in chosen] if complement else chosen


def _cut_line(
    line: str, mode: str, ranges: list[tuple[int, int]], delimiter: str, out: str | None
) -> str | None:
    complement = False
    if mode.endswith("!"):
        mode, complement = mode[:-1], True
    if mode in "cb":
        if line.isascii():
            return "".join(line[i - 1] for i in _selected(len(line), ranges, complement))
        # GNU cut counts bytes for -c too, even in a UTF-8 locale: half a character may come out
        data = line.encode(errors="surrogatepass")
        return bytes(data[i - 1] for i in _selected(len(data), ranges, complement)).decode(errors="replace")
    if delimiter not in line:
        return None
    parts = line.split(delimiter)
    joiner = delimiter if out is None else out
    return joiner.join(parts[i - 1] for i in _selected(len(parts), ranges, complement))


_CutSetup = tuple[Options, str, list[tuple[int, int]], str]


def _cut_setup(ctx: Context, argv: list[str]) -> _CutSetup | int:
    opts = parse(ctx, argv, _CUT)
    if opts is None:
        return 1
    mode = opts.last_of("f", "c", "b")
    if mode is None:
        return usage(ctx, "cut", "you must specify a list of bytes, characters, or fields")
    delimiter = opts.value("d", "\t") or ""
    if len(delimiter) != 1:
        return usage(ctx, "cut", "the delimiter must be a single character")
    if opts.has("d") and mode != "f":
        return usage(ctx, "cut", "an input delimiter may be specified only when operating on fields")
    ranges = _ranges(opts.value(mode) or "")
    if isinstance(ranges, str):
        return usage(ctx, "cut", ranges)
    return opts, mode + ("!" if opts.has("complement") else ""), ranges, delimiter


@command("cut")
def cut(ctx: Context, argv: list[str]) -> int:
    """Select fields (``-d , -f 1,3``), characters (``-c 2-5``) or bytes (``-b``) of every line."""
    setup = _cut_setup(ctx, argv)
    if isinstance(setup, int):
        return setup
    opts, mode, ranges, delimiter = setup
    status = 0
    for operand in opts.operands or ["-"]:
        try:
            text = read_operand(ctx, operand)
        except FsError as failure:
            error(ctx, "cut", f"{operand}: {failure.strerror}")
            status = 1
            continue
        for line in lines_of(text):
            result = _cut_line(line, mode, ranges, delimiter, opts.value("output-delimiter"))
            if result is None and not opts.has("s"):
                result = line
            if result is not None:
                ctx.out.write(result + "\n")
    return status


_CLASSES = {
    "alpha": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "digit": "0123456789",
    "alnum": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "lower": "abcdefghijklmnopqrstuvwxyz",
    "upper": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "space": "\t\n\v\f\r ",
    "blank": "\t ",
    "punct": "".join(chr(c) for c in range(33, 127) if not chr(c).isalnum()),
    "xdigit": "0123456789ABCDEFabcdef",
    "cntrl": "".join(chr(c) for c in [*range(32), 127]),
    "print": "".join(chr(c) for c in range(32, 127)),
    "graph": "".join(chr(c) for c in range(33, 127)),
}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_TR_TOKEN = re.compile(r"\[:(\w+):\]|\[(.)\*(\d*)\]|\\([0-7]{1,3})|\\(.)|(.)-(.)|(.)", re.DOTALL)


def _unescape(text: str) -> str:
    return re.sub(r"\\([0-7]{1,3}|.)", lambda m: _escape_char(m[1]), text, flags=re.DOTALL)


def _escape_char(code: str) -> str:
    return chr(int(code, 8)) if code[0] in "01234567" else _ESCAPES.get(code, code)


def _tr_set(text: str) -> list[str]:
    """The characters a ``tr`` set names, in order: ranges, classes, escapes, ``[c*n]``."""
    chars: list[str] = []
    for m in _TR_TOKEN.finditer(text):
        if m[1] is not None:
            chars.extend(_CLASSES.get(m[1], ""))
        elif m[2] is not None:
            chars.extend(m[2] * int(m[3] or "1"))
        elif m[4] is not None or m[5] is not None:
            chars.append(_escape_char(m[4] or m[5]))
        elif m[6] is not None:
            chars.extend(chr(c) for c in range(ord(m[6]), ord(m[7]) + 1))
        else:
            chars.append(m[8])
    return chars


_TR = Spec(
    flags="cCdst", long={"complement": "c", "delete": "d", "squeeze-repeats": "s", "truncate-set1": "t"}
)


def _tr_check(ctx: Context, sets: list[str], delete: bool, squeeze: bool) -> int:
    if not sets:
        return usage(ctx, "tr", "missing operand")
    needs_two = not delete and not (squeeze and len(sets) == 1)
    if needs_two and len(sets) == 1:
        ctx.err.write(f"tr: missing operand after '{sets[0]}'\nTwo strings must be given when translating.\n")
        ctx.err.write("Try 'tr --help' for more information.\n")
        return 1
    limit = 2 if needs_two or (delete and squeeze) else 1
    if len(sets) > limit:
        return usage(ctx, "tr", f"extra operand '{sets[limit]}'")
    return 0


@command("tr")
def tr(ctx: Context, argv: list[str]) -> int:
    """Translate (``tr a-z A-Z``), delete (``-d``) or squeeze (``-s``) characters of stdin; ``-c`` complements."""
    opts = parse(ctx, argv, _TR)
    if opts is None:
        return 1
    delete, squeeze, complement = opts.has("d"), opts.has("s"), opts.has("c", "C")
    status = _tr_check(ctx, opts.operands, delete, squeeze)
    if status:
        return status
    first = _tr_set(opts.operands[0])
    second = _tr_set(opts.operands[1]) if len(opts.operands) > 1 else []
    member = set(first)
    text = ctx.stdin
    if delete:
        text = "".join(c for c in text if (c in member) == complement)
        squeeze_set = set(second)
    elif second:
        text = _translate(text, first, second, complement)
        squeeze_set = set(second)
    else:
        squeeze_set = member
    if squeeze:
        text = _squeeze(text, squeeze_set, complement and not second)
    ctx.out.write(text)
    return 0


def _translate(text: str, first: list[str], second: list[str], complement: bool) -> str:
    if complement:
        member = set(first)
        return "".join(c if c in member else second[-1] for c in text)
    table: dict[str, str] = {}
    for index, char in enumerate(first):
        table[char] = second[min(index, len(second) - 1)]
    return "".join(table.get(c, c) for c in text)


def _squeeze(text: str, chars: set[str], complement: bool) -> str:
    out: list[str] = []
    for char in text:
        squeezable = (char in chars) != complement
        if out and out[-1] == char and squeezable:
            continue
        out.append(char)
    return "".join(out)


@command("paste")
def paste(ctx: Context, argv: list[str]) -> int:
    """Join corresponding lines of files with tabs (``-d`` other delimiters); ``-s`` joins each file's lines."""
    opts = parse(ctx, argv, Spec(flags="sz", valued="d", long={"serial": "s", "delimiters": "d"}))
    if opts is None:
        return 1
    delimiters = _unescape(opts.value("d", "\t") or "") or ""
    operands = opts.operands or ["-"]
    stdin_lines = lines_of(ctx.stdin)
    dashes = [i for i, operand in enumerate(operands) if operand == "-"]
    columns: list[list[str]] = []
    for index, operand in enumerate(operands):
        try:
            if operand == "-":
                share = stdin_lines[dashes.index(index) :: len(dashes)]
                columns.append(stdin_lines if opts.has("s") else share)
            else:
                columns.append(lines_of(ctx.fs.read_text(operand)))
        except FsError as failure:
            error(ctx, "paste", f"{operand}: {failure.strerror}")
            return 1
    rows = columns if opts.has("s") else _transpose(columns)
    for row in rows:
        ctx.out.write(_join_cycling(row, delimiters) + "\n")
    return 0


def _transpose(columns: list[list[str]]) -> list[list[str]]:
    height = max((len(column) for column in columns), default=0)
    return [[column[i] if i < len(column) else "" for column in columns] for i in range(height)]


def _join_cycling(row: list[str], delimiters: str) -> str:
    out = row[0] if row else ""
    for index, cell in enumerate(row[1:]):
        out += (delimiters[index % len(delimiters)] if delimiters else "") + cell
    return out


@command("column")
def column(ctx: Context, argv: list[str]) -> int:
    """Align columns: ``column -t`` (``-s`` input separators, ``-o`` output separator)."""
    opts = parse(ctx, argv, Spec(flags="tn", valued="so", long={"table": "t", "separator": "s"}))
    if opts is None:
        return 1
    text = "".join(read_operand(ctx, operand) for operand in opts.operands or ["-"])
    separators = opts.value("s")
    split = re.compile(f"[{re.escape(separators)}]+" if separators else r"[ \t]+")
    rows = [[cell for cell in split.split(line) if cell] for line in lines_of(text) if line.strip()]
    if not opts.has("t"):
        ctx.out.write("".join(line + "\n" for line in lines_of(text) if line.strip()))
        return 0
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(max(map(len, rows), default=0))]
    gap = opts.value("o", "  ") or "  "
    for row in rows:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])] + row[-1:]
        ctx.out.write(gap.join(cells) + "\n")
    return 0
