"""Small commands: seq, yes, whoami, hostname, id, uname, md5sum and friends, base64, open."""

from __future__ import annotations

import base64 as b64
import binascii
import hashlib
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation

from state.shell.api import Context, FsError, LimitExceeded, command
from state.shell.commands._common import error, file_bytes
from state.shell.commands._options import Spec, parse, usage

_SEQ = Spec(valued="sf", flags="w", long={"separator": "s", "format": "f", "equal-width": "w"})


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text and "e" not in text.lower() else 0


def _seq_format(value: Decimal, decimals: int, fmt: str | None) -> str:
    if fmt is not None:
        return fmt % float(value)
    return f"{value:.{decimals}f}"


@command("seq")
def seq(ctx: Context, argv: list[str]) -> int:
    """Print numbers: ``seq LAST``, ``seq FIRST LAST``, ``seq FIRST STEP LAST``; ``-s SEP``, ``-w``, ``-f FMT``."""
    opts = parse(ctx, [argv[0], *_negatives_as_operands(argv[1:])], _SEQ)
    if opts is None:
        return 1
    operands = opts.operands
    if not operands:
        return usage(ctx, "seq", "missing operand")
    if len(operands) > 3:
        return usage(ctx, "seq", f"extra operand '{operands[3]}'")
    try:
        numbers = [Decimal(text) for text in operands]
    except InvalidOperation:
        bad = next(text for text in operands if not _is_number(text))
        return usage(ctx, "seq", f"invalid floating point argument: '{bad}'")
    first, step, last = (
        (Decimal(1), Decimal(1), numbers[0])
        if len(numbers) == 1
        else (numbers[0], Decimal(1), numbers[1])
        if len(numbers) == 2
        else tuple(numbers)
    )
    if step == 0:
        return usage(ctx, "seq", f"invalid Zero increment value: '{operands[1]}'")
    decimals = max(_decimals(text) for text in operands[:-1]) if len(operands) > 1 else 0
    fmt = opts.value("f")
    width = 0
    if opts.has("w"):
        width = max(len(_seq_format(first, decimals, fmt)), len(_seq_format(last, decimals, fmt)))
    separator = opts.value("s", "\n") or ""
    wrote = False
    for chunk in _seq_chunks(first, step, last, decimals, fmt):
        texts = [text.zfill(width) for text in chunk] if width else chunk
        ctx.out.write((separator if wrote else "") + separator.join(texts))
        wrote = True
    if wrote:
        ctx.out.write("\n")
    return 0


def _seq_chunks(
    first: Decimal, step: Decimal, last: Decimal, decimals: int, fmt: str | None
) -> Iterator[list[str]]:
    """The numbers in chunks, written as they come: the output limit stops ``seq 1 1000000000``."""
    chunk: list[str] = []
    value = first
    while (value <= last) if step > 0 else (value >= last):
        chunk.append(_seq_format(value, decimals, fmt))
        value += step
        if len(chunk) == 1000:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def _negatives_as_operands(args: list[str]) -> list[str]:
    """``seq -5 5``: a negative number is an operand, not an option."""
    out: list[str] = []
    for arg in args:
        out.extend(["--", arg] if arg[:1] == "-" and _is_number(arg) and "--" not in out else [arg])
    return out


@command("yes")
def yes(ctx: Context, argv: list[str]) -> int:
    """Print ``y`` (or the arguments) over and over, without end: the line stops at a limit.

    Its output goes to the caller, a file or a pipe, and each is bounded (``output_bytes``,
    ``file_bytes``): writing on hits that limit and the line is rolled back. Unlike bash, ``yes | head
    -n 3`` hits it too: the stages of a pipeline run one after the other, so ``yes`` cannot learn that
    ``head`` has had enough. Output thrown away (``> /dev/null``) stops it at the largest of those
    limits, as ``output_bytes``.
    """
    line = (" ".join(argv[1:]) if len(argv) > 1 else "y") + "\n"
    chunk = line * max(1, 8192 // len(line))
    size, written = len(chunk.encode()), 0
    most = max(ctx.limits.output_bytes, ctx.limits.file_bytes)
    while written <= most:
        ctx.out.write(chunk)
        written += size
    raise LimitExceeded("output_bytes", f"yes wrote {written} bytes and does not stop (output_bytes limit)")


@command("whoami")
def whoami(ctx: Context, argv: list[str]) -> int:
    """The user's login name."""
    ctx.out.write(ctx.user + "\n")
    return 0


@command("hostname")
def hostname(ctx: Context, argv: list[str]) -> int:
    """The device's host name (``-s`` short)."""
    name = ctx.hostname.split(".")[0] if "-s" in argv[1:] else ctx.hostname
    ctx.out.write(name + "\n")
    return 0


@command("id")
def id_(ctx: Context, argv: list[str]) -> int:
    """The user's ids: ``uid=1000(maya) gid=1000(maya) groups=1000(maya)``; ``-u``, ``-g``, ``-G``, ``-n``."""
    opts = parse(ctx, argv, Spec(flags="ugGnr", long={"user": "u", "group": "g", "groups": "G", "name": "n"}))
    if opts is None:
        return 1
    if opts.has("u", "g", "G"):
        ctx.out.write((ctx.user if opts.has("n") else "1000") + "\n")
        return 0
    user = ctx.user
    ctx.out.write(f"uid=1000({user}) gid=1000({user}) groups=1000({user})\n")
    return 0


def _system(ctx: Context) -> dict[str, str]:
    device_os = ctx.os or "Linux"
    if device_os.lower().startswith(("macos", "mac os", "darwin", "os x")):
        return {
            "s": "Darwin",
            "n": ctx.hostname,
            "r": "24.0.0",
            "v": "Darwin Kernel Version 24.0.0: Tue Sep 24 23:39:07 PDT 2024; root:xnu-11215.1.12~1/RELEASE_ARM64_T6000",
            "m": "arm64",
            "p": "arm",
            "o": "Darwin",
        }
    return {
        "s": "Linux",
        "n": ctx.hostname,
        "r": "6.8.0-45-generic",
        "v": "#45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024",
        "m": "x86_64",
        "p": "x86_64",
        "i": "x86_64",
        "o": "GNU/Linux",
    }


@command("uname")
def uname(ctx: Context, argv: list[str]) -> int:
    """The system's name (``Linux``, or ``Darwin`` on a Mac); ``-a``, ``-s -n -r -v -m -p -i -o``."""
    spec = Spec(
        flags="asnrvmpio",
        long={"all": "a", "kernel-name": "s", "nodename": "n", "kernel-release": "r", "machine": "m"},
    )
    opts = parse(ctx, argv, spec)
    if opts is None:
        return 1
    if opts.operands:
        return usage(ctx, "uname", f"extra operand '{opts.operands[0]}'")
    system = _system(ctx)
    wanted = "snrvmpio" if opts.has("a") else "".join(key for key in "snrvmpio" if opts.has(key)) or "s"
    if opts.has("a"):
        wanted = "".join(
            key for key in wanted if key in system and not (key in "pi" and system[key] == "unknown")
        )
    ctx.out.write(" ".join(system.get(key, "unknown") for key in wanted) + "\n")
    return 0


def _digest(name: str, make: Callable[[bytes], str]) -> Callable[[Context, list[str]], int]:
    def run(ctx: Context, argv: list[str]) -> int:
        opts = parse(ctx, argv, Spec(flags="btcz", long={"binary": "b", "text": "t", "check": "c"}))
        if opts is None:
            return 1
        status = 0
        for operand in opts.operands or ["-"]:
            try:
                data = ctx.stdin.encode() if operand == "-" else file_bytes(ctx, operand)
            except FsError as failure:
                error(ctx, name, f"{operand}: {failure.strerror}")
                status = 1
                continue
            ctx.out.write(f"{make(data)}  {operand}\n")
        return status

    run.__doc__ = f"The {name.removesuffix('sum').upper()} checksum of each file: ``HASH  NAME``."
    return run


command("md5sum")(_digest("md5sum", lambda data: hashlib.md5(data, usedforsecurity=False).hexdigest()))
command("sha1sum")(_digest("sha1sum", lambda data: hashlib.sha1(data, usedforsecurity=False).hexdigest()))
command("sha256sum")(_digest("sha256sum", lambda data: hashlib.sha256(data).hexdigest()))


@command("base64")
def base64(ctx: Context, argv: list[str]) -> int:
    """Encode to base64 (lines of 76, ``-w N``; ``-w 0`` one line), or decode with ``-d``."""
    opts = parse(ctx, argv, Spec(flags="di", valued="w", long={"decode": "d", "wrap": "w"}))
    if opts is None:
        return 1
    source = opts.operands[0] if opts.operands else "-"
    try:
        data = ctx.stdin.encode() if source == "-" else file_bytes(ctx, source, stand_in=False)
    except FsError as failure:
        error(ctx, "base64", f"{source}: {failure.strerror}")
        return 1
    if opts.has("d"):
        try:
            decoded = b64.b64decode(b"".join(data.split()), validate=True)
        except (binascii.Error, ValueError):
            error(ctx, "base64", "invalid input")
            return 1
        ctx.out.write(decoded.decode(errors="replace"))
        return 0
    encoded = b64.b64encode(data).decode()
    width = int(opts.value("w", "76") or "76")
    lines = [encoded[i : i + width] for i in range(0, len(encoded), width)] if width else [encoded]
    ctx.out.write("".join(line + "\n" for line in lines if line))
    return 0


@command("open")
def open_(ctx: Context, argv: list[str]) -> int:
    """On a Mac, open files in their application (nothing to print); elsewhere there is no ``open``."""
    if _system(ctx)["s"] != "Darwin":
        ctx.err.write("bash: open: command not found\n")
        return 127
    for operand in argv[1:]:
        if not operand.startswith("-") and ctx.fs.stat(operand) is None:
            ctx.err.write(f"The file {ctx.fs.resolve(operand)} does not exist.\n")
            return 1
    return 0
