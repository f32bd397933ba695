"""diff: line differences (Myers' minimal edit script) in GNU's normal and unified formats."""

from __future__ import annotations

import re
from dataclasses import dataclass

from state.shell.api import Context, FsError, Stat, command
from state.shell.commands._common import base_name, error, file_bytes, join_path, without_text
from state.shell.commands._options import Options, Spec, parse
from state.shell.commands._strftime import strftime

_DIFF = Spec(
    flags="uqrsiwbBNa",
    valued="U",
    long={
        "unified": "U",
        "brief": "q",
        "recursive": "r",
        "report-identical-files": "s",
        "ignore-case": "i",
        "ignore-all-space": "w",
        "ignore-space-change": "b",
        "ignore-blank-lines": "B",
        "new-file": "N",
        "text": "a",
    },
    usage_status=2,
)
_NO_NEWLINE = "\\ No newline at end of file\n"


@dataclass(frozen=True)
class _Hunk:
    """Lines ``old[a1:a2]`` replaced by ``new[b1:b2]`` (0-based, end exclusive)."""

    a1: int
    a2: int
    b1: int
    b2: int


def _edit_script(old: list[str], new: list[str]) -> list[_Hunk]:
    """The changed regions of a shortest edit script (Myers), in order."""
    n, m = len(old), len(new)
    frontier: dict[int, int] = {1: 0}
    trace: list[dict[int, int]] = []
    for d in range(n + m + 1):
        trace.append(dict(frontier))
        for k in range(-d, d + 1, 2):
            go_down = k == -d or (k != d and frontier.get(k - 1, -1) < frontier.get(k + 1, -1))
            x = frontier.get(k + 1, 0) if go_down else frontier.get(k - 1, 0) + 1
            y = x - k
            while x < n and y < m and old[x] == new[y]:
                x, y = x + 1, y + 1
            frontier[k] = x
            if x >= n and y >= m:
                return _hunks(_backtrack(trace, n, m), n, m)
    return []


def _backtrack(trace: list[dict[int, int]], n: int, m: int) -> list[tuple[int, int]]:
    """The matched line pairs of the path found, in order."""
    x, y = n, m
    matches: list[tuple[int, int]] = []
    for d in range(len(trace) - 1, -1, -1):
        frontier = trace[d]
        k = x - y
        go_down = k == -d or (k != d and frontier.get(k - 1, -1) < frontier.get(k + 1, -1))
        previous_k = k + 1 if go_down else k - 1
        previous_x = frontier.get(previous_k, 0)
        previous_y = previous_x - previous_k
        while x > previous_x and y > previous_y:
            x, y = x - 1, y - 1
            matches.append((x, y))
        if d > 0:
            x, y = previous_x, previous_y
    return list(reversed(matches))


def _hunks(matches: list[tuple[int, int]], n: int, m: int) -> list[_Hunk]:
    hunks: list[_Hunk] = []
    a = b = 0
    for x, y in [*matches, (n, m)]:
        if x > a or y > b:
            hunks.append(_Hunk(a, x, b, y))
        a, b = x + 1, y + 1
    return hunks


def _range(start: int, end: int) -> str:
    """GNU's ``a,b`` line range (1-based) or a single line number."""
    return f"{start + 1},{end}" if end - start > 1 else str(end if end > start else start)


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _show(prefix: str, line: str) -> str:
    return prefix + line if line.endswith("\n") else prefix + line + "\n" + _NO_NEWLINE


def _normal(old: list[str], new: list[str], hunks: list[_Hunk]) -> str:
    out: list[str] = []
    for h in hunks:
        if h.a1 == h.a2:
            out.append(f"{h.a1}a{_range(h.b1, h.b2)}\n")
        elif h.b1 == h.b2:
            out.append(f"{_range(h.a1, h.a2)}d{h.b1}\n")
        else:
            out.append(f"{_range(h.a1, h.a2)}c{_range(h.b1, h.b2)}\n")
        out.extend(_show("< ", line) for line in old[h.a1 : h.a2])
        if h.a1 != h.a2 and h.b1 != h.b2:
            out.append("---\n")
        out.extend(_show("> ", line) for line in new[h.b1 : h.b2])
    return "".join(out)


def _unified_range(start: int, length: int) -> str:
    first = start + 1 if length else start
    return str(first) if length == 1 else f"{first},{length}"


def _groups(hunks: list[_Hunk], context: int) -> list[list[_Hunk]]:
    groups: list[list[_Hunk]] = []
    for hunk in hunks:
        if groups and hunk.a1 - groups[-1][-1].a2 <= 2 * context:
            groups[-1].append(hunk)
        else:
            groups.append([hunk])
    return groups


def _unified(old: list[str], new: list[str], hunks: list[_Hunk], context: int) -> str:
    out: list[str] = []
    for group in _groups(hunks, context):
        start_a = max(group[0].a1 - context, 0)
        start_b = group[0].b1 - (group[0].a1 - start_a)
        end_a = min(group[-1].a2 + context, len(old))
        end_b = group[-1].b2 + (end_a - group[-1].a2)
        out.append(
            f"@@ -{_unified_range(start_a, end_a - start_a)} +{_unified_range(start_b, end_b - start_b)} @@\n"
        )
        a = start_a
        for hunk in group:
            out.extend(_show(" ", line) for line in old[a : hunk.a1])
            out.extend(_show("-", line) for line in old[hunk.a1 : hunk.a2])
            out.extend(_show("+", line) for line in new[hunk.b1 : hunk.b2])
            a = hunk.a2
        out.extend(_show(" ", line) for line in old[a:end_a])
    return "".join(out)


def _key(line: str, opts: Options) -> str:
    if opts.has("w"):
        line = re.sub(r"\s+", "", line)
    elif opts.has("b"):
        line = re.sub(r"[ \t]+", " ", line).replace(" \n", "\n")
    return line.lower() if opts.has("i") else line


def _label(ctx: Context, name: str, stat: Stat | None) -> str:
    moment = stat.modified_at if stat is not None else ctx.now
    stamp = (
        strftime("%Y-%m-%d %H:%M:%S", moment) + f".{moment.microsecond * 1000:09d} " + strftime("%z", moment)
    )
    return f"{name}\t{stamp}"


def _compare_files(ctx: Context, opts: Options, names: tuple[str, str], texts: tuple[str, str]) -> int:
    old, new = _lines(texts[0]), _lines(texts[1])
    keyed_old, keyed_new = [_key(line, opts) for line in old], [_key(line, opts) for line in new]
    hunks = _edit_script(keyed_old, keyed_new)
    if not hunks:
        if opts.has("s"):
            ctx.out.write(f"Files {names[0]} and {names[1]} are identical\n")
        return 0
    if opts.has("q"):
        ctx.out.write(f"Files {names[0]} and {names[1]} differ\n")
        return 1
    unified = opts.value("U") if opts.has("U") else ("3" if opts.has("u") else None)
    if unified is None:
        ctx.out.write(_normal(old, new, hunks))
        return 1
    stats = [None if name == "-" else ctx.fs.stat(name) for name in names]
    ctx.out.write(f"--- {_label(ctx, names[0], stats[0])}\n+++ {_label(ctx, names[1], stats[1])}\n")
    ctx.out.write(_unified(old, new, hunks, int(unified)))
    return 1


def _read(ctx: Context, name: str) -> str:
    return ctx.stdin if name == "-" else ctx.fs.read_text(name)


def _compare(ctx: Context, opts: Options, first: str, second: str) -> int:
    stats = [None if name == "-" else ctx.fs.stat(name) for name in (first, second)]
    for name, stat in zip((first, second), stats, strict=True):
        if name != "-" and stat is None and not opts.has("N"):
            error(ctx, "diff", f"{name}: No such file or directory")
            return 2
    one, two = stats
    if one is not None and two is not None and one.is_dir and two.is_dir:
        return _compare_directories(ctx, opts, first, second)
    if one is not None and one.is_dir:
        first = join_path(first, base_name(second))
    elif two is not None and two.is_dir:
        second = join_path(second, base_name(first))
    for name in (first, second):
        if name != "-" and ctx.fs.stat(name) is None and not opts.has("N"):
            error(ctx, "diff", f"{name}: No such file or directory")
            return 2
    try:
        texts = (
            "" if ctx.fs.stat(first) is None and first != "-" else _read(ctx, first),
            "" if ctx.fs.stat(second) is None and second != "-" else _read(ctx, second),
        )
        if _without_text(ctx, first, texts[0]) or _without_text(ctx, second, texts[1]):
            return _compare_binary(ctx, opts, (first, second))
    except FsError as failure:
        error(ctx, "diff", f"{failure.path}: {failure.strerror}")
        return 2
    return _compare_files(ctx, opts, (first, second), texts)


def _without_text(ctx: Context, name: str, text: str) -> bool:
    return name != "-" and without_text(ctx.fs.stat(name), text)


def _compare_binary(ctx: Context, opts: Options, names: tuple[str, str]) -> int:
    """Files the world has no bytes of (photos, PDFs) are binary: compared by their stand-in bytes,
    reported as GNU reports binary files."""
    if _bytes(ctx, names[0]) == _bytes(ctx, names[1]):
        if opts.has("s"):
            ctx.out.write(f"Files {names[0]} and {names[1]} are identical\n")
        return 0
    kind = "Files" if opts.has("q") else "Binary files"
    ctx.out.write(f"{kind} {names[0]} and {names[1]} differ\n")
    return 1


def _bytes(ctx: Context, name: str) -> bytes:
    if name == "-":
        return ctx.stdin.encode()
    return b"" if ctx.fs.stat(name) is None else file_bytes(ctx, name)


def _compare_directories(ctx: Context, opts: Options, first: str, second: str) -> int:
    left, right = set(ctx.fs.list_dir(first)), set(ctx.fs.list_dir(second))
    status = 0
    for name in sorted(left | right, key=lambda n: n.encode()):
        a, b = join_path(first, name), join_path(second, name)
        if name not in right or name not in left:
            ctx.out.write(f"Only in {first if name in left else second}: {name}\n")
            status = max(status, 1)
            continue
        sa, sb = ctx.fs.stat(a), ctx.fs.stat(b)
        if sa is not None and sb is not None and sa.is_dir and sb.is_dir:
            if opts.has("r"):
                status = max(status, _compare_directories(ctx, opts, a, b))
            else:
                ctx.out.write(f"Common subdirectories: {a} and {b}\n")
            continue
        if not opts.has("q") and _differs(ctx, a, b) and not (_binary(ctx, a) or _binary(ctx, b)):
            ctx.out.write(f"diff {_flags(opts)}{a} {b}\n")
        status = max(status, _compare(ctx, opts, a, b))
    return status


def _binary(ctx: Context, name: str) -> bool:
    try:
        return _without_text(ctx, name, ctx.fs.read_text(name))
    except FsError:
        return False


def _differs(ctx: Context, a: str, b: str) -> bool:
    try:
        return file_bytes(ctx, a) != file_bytes(ctx, b)
    except FsError:
        return True


def _flags(opts: Options) -> str:
    letters = "".join(key for key, _ in opts.given if len(key) == 1 and key != "U")
    return f"-{letters} " if letters else ""


@command("diff")
def diff(ctx: Context, argv: list[str]) -> int:
    """Compare two files line by line (or two directories): normal output, ``-u`` / ``-U N`` unified,
    ``-q`` only whether they differ, ``-r``, ``-i``, ``-w``. Exit 0 same, 1 different, 2 trouble."""
    opts = parse(ctx, argv, _DIFF)
    if opts is None:
        return 2
    if len(opts.operands) != 2:
        where = opts.operands[-1] if opts.operands else argv[0]
        message = (
            f"missing operand after '{where}'"
            if len(opts.operands) < 2
            else f"extra operand '{opts.operands[2]}'"
        )
        ctx.err.write(f"diff: {message}\ndiff: Try 'diff --help' for more information.\n")
        return 2
    return _compare(ctx, opts, opts.operands[0], opts.operands[1])


@command("comm")
def comm(ctx: Context, argv: list[str]) -> int:
    """Compare two sorted files: lines only in the first, only in the second, and in both, in three
    tab-indented columns; ``-1 -2 -3`` hide a column (``comm -12 a b`` prints the common lines)."""
    opts = parse(ctx, argv, Spec(flags="123", long={"check-order": "c", "nocheck-order": "n"}))
    if opts is None:
        return 1
    if len(opts.operands) != 2:
        where = opts.operands[-1] if opts.operands else ""
        message = f"missing operand after '{where}'" if opts.operands else "missing operand"
        if len(opts.operands) > 2:
            message = f"extra operand '{opts.operands[2]}'"
        ctx.err.write(f"comm: {message}\nTry 'comm --help' for more information.\n")
        return 1
    try:
        left, right = (_read(ctx, name).splitlines() for name in opts.operands)
    except FsError as failure:
        error(ctx, "comm", f"{failure.path}: {failure.strerror}")
        return 1
    shown = [column for column in "123" if not opts.has(column)]
    for column, line in _merge(left, right):
        if column in shown:
            ctx.out.write("\t" * shown.index(column) + line + "\n")
    return 0


def _merge(left: list[str], right: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    i = j = 0
    while i < len(left) or j < len(right):
        if j >= len(right) or (i < len(left) and left[i].encode() < right[j].encode()):
            out.append(("1", left[i]))
            i += 1
        elif i >= len(left) or right[j].encode() < left[i].encode():
            out.append(("2", right[j]))
            j += 1
        else:
            out.append(("3", left[i]))
            i, j = i + 1, j + 1
    return out
