"""cmp: compare two files byte by byte, as GNU diffutils' ``cmp`` does.

Files the world holds no bytes of (photos, PDFs) are compared by their stand-in bytes
(:meth:`~state.shell.api.FileSystem.read_bytes`): a copy is the same, another file differs.
"""

from __future__ import annotations

from state.shell.api import Context, FsError, command
from state.shell.commands._common import error, file_bytes
from state.shell.commands._options import Spec, parse, usage

_CMP = Spec(
    flags="bls",
    valued="n",
    long={"print-bytes": "b", "verbose": "l", "quiet": "s", "silent": "s", "bytes": "n"},
    long_valued=frozenset({"n"}),
    usage_status=2,
    usage_text="cmp: Try 'cmp --help' for more information.\n",
)
_TRY = _CMP.usage_text


@command("cmp")
def cmp(ctx: Context, argv: list[str]) -> int:
    """Compare two files byte by byte: ``A B differ: byte N, line M`` at the first difference, ``-s``
    nothing (the exit status only), ``-l`` every differing byte, ``-b`` the bytes too, ``-n N`` at most
    N bytes. ``-`` (or a missing second file) is stdin. Exit 0 same, 1 different, 2 trouble."""
    opts = parse(ctx, argv, _CMP)
    if opts is None:
        return 2
    names = opts.operands
    if not names:
        return usage(ctx, "cmp", "missing operand after 'cmp'", 2, _TRY)
    if len(names) > 2:
        return usage(ctx, "cmp", f"extra operand '{names[2]}'", 2, _TRY)
    first, second = names[0], names[1] if len(names) == 2 else "-"
    limit = opts.value("n")
    if limit is not None and not limit.isdigit():
        return usage(ctx, "cmp", f"invalid --bytes value '{limit}'", 2, _TRY)
    silent = opts.has("s")
    data: list[bytes] = []
    for name in (first, second):
        try:
            data.append(ctx.stdin.encode() if name == "-" else file_bytes(ctx, name))
        except FsError as failure:
            if not silent:
                error(ctx, "cmp", f"{name}: {failure.strerror}")
            return 2
    one, two = (part if limit is None else part[: int(limit)] for part in data)
    if silent:
        return int(one != two)
    if opts.has("l"):
        return _every_difference(ctx, (first, second), one, two, opts.has("b"))
    return _first_difference(ctx, (first, second), one, two, opts.has("b"))


def _first_difference(ctx: Context, names: tuple[str, str], one: bytes, two: bytes, show: bool) -> int:
    common = min(len(one), len(two))
    at = next((i for i in range(common) if one[i] != two[i]), None)
    if at is not None:
        line = one[:at].count(b"\n") + 1
        shown = f" is {one[at]:o} {_printable(one[at])} {two[at]:o} {_printable(two[at])}" if show else ""
        ctx.out.write(f"{names[0]} {names[1]} differ: byte {at + 1}, line {line}{shown}\n")
        return 1
    if len(one) == len(two):
        return 0
    _end_of_file(ctx, names[0] if len(one) < len(two) else names[1], one[:common], with_line=True)
    return 1


def _every_difference(ctx: Context, names: tuple[str, str], one: bytes, two: bytes, show: bool) -> int:
    common = min(len(one), len(two))
    width = len(str(common))
    for i in range(common):
        if one[i] != two[i]:
            ctx.out.write(f"{i + 1:>{width}} {_byte(one[i], show)} {_byte(two[i], show)}".rstrip() + "\n")
    if len(one) != len(two):
        _end_of_file(ctx, names[0] if len(one) < len(two) else names[1], one[:common], with_line=False)
        return 1
    return int(one != two)


def _byte(value: int, show: bool) -> str:
    """A byte as ``cmp -l`` writes it: octal, and with ``-b`` the character (``M-`` / ``^`` for others)."""
    return f"{value:>3o} {_printable(value):<4}" if show else f"{value:>3o}"


def _printable(value: int) -> str:
    meta = "M-" if value >= 128 else ""
    value &= 127
    if value < 32:
        return f"{meta}^{chr(value + 64)}"
    if value == 127:
        return f"{meta}^?"
    return meta + chr(value)


def _end_of_file(ctx: Context, shorter: str, common: bytes, *, with_line: bool) -> None:
    """GNU's note on stderr that one file is a prefix of the other."""
    if not common:
        error(ctx, "cmp", f"EOF on {shorter} which is empty")
        return
    if not with_line:
        error(ctx, "cmp", f"EOF on {shorter} after byte {len(common)}")
        return
    lines = common.count(b"\n")
    where = f"line {lines}" if common.endswith(b"\n") else f"in line {lines + 1}"
    error(ctx, "cmp", f"EOF on {shorter} after byte {len(common)}, {where}")
