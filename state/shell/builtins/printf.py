"""``printf FORMAT [ARG...]`` as bash's builtin: the format is reused until the arguments run out."""

from __future__ import annotations

import re

from state.shell import streams
from state.shell.api import Context, LimitExceeded, command
from state.shell.quoting import ansi_c

_SPEC = re.compile(
    r"%(?P<flags>[-+ #0]*)(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?(?P<conv>[diouxXfFeEgGcsbq%])"
)
_SAFE = re.compile(r"^[A-Za-z0-9_./:=@%+,\u00a0-\U0010ffff-]+$")
"""What ``%q`` leaves unquoted: in a UTF-8 locale that includes the printable letters beyond ASCII."""


class _Arguments:
    def __init__(self, values: list[str], room: int, limit: str) -> None:
        self.values = values
        self.position = 0
        self.failed = False
        self.messages: list[str] = []
        self.room = room
        """Bytes the output may still take before ``limit`` stops the line."""
        self.limit = limit

    def reserve(self, size: int) -> None:
        """Stop the line before a field of ``size`` bytes is built when it cannot fit: a width of
        ``2000000000`` must not hold gigabytes for a moment."""
        if size > self.room:
            raise LimitExceeded(
                self.limit, f"printf asked for a field of {size} bytes, more than the {self.room} bytes "
                f"the output may still take ({self.limit} limit)",
            )  # fmt: skip

    def spend(self, text: str) -> None:
        self.reserve(len(text) if text.isascii() else len(text.encode(errors="surrogatepass")))
        self.room -= len(text) if text.isascii() else len(text.encode(errors="surrogatepass"))

    def next(self) -> str:
        if self.position >= len(self.values):
            return ""
        self.position += 1
        return self.values[self.position - 1]

    def number(self, integer: bool) -> int | float:
        text = self.next()
        stripped = text.strip()
        if not stripped:
            return 0
        if stripped[0] in "'\"" and len(stripped) > 1:
            return ord(stripped[1])
        try:
            if integer:
                return (
                    int(stripped, 0)
                    if stripped.lower().startswith(("0x", "-0x"))
                    else int(stripped, 8 if re.fullmatch(r"-?0[0-7]+", stripped) else 10)
                )
            return float(stripped)
        except ValueError:
            self.failed = True
            self.messages.append(f"bash: printf: {text}: invalid number")
            leading = re.match(r"[+-]?\d+", stripped)
            return int(leading.group()) if leading else 0


@command("printf")
def printf(ctx: Context, argv: list[str]) -> int:
    arguments = argv[1:]
    variable = None
    if arguments[:1] == ["-v"] and len(arguments) > 1:
        variable, arguments = arguments[1], arguments[2:]
    if arguments[:1] == ["--"]:
        arguments = arguments[1:]
    if not arguments:
        ctx.err.write("printf: usage: printf [-v var] format [arguments]\n")
        return 2
    room, limit = streams.room(ctx.out if variable is None else None, ctx.limits.output_bytes)
    fmt, values = arguments[0], _Arguments(arguments[1:], room, limit)
    out: list[str] = []
    while True:
        stop = _format_once(fmt, values, out)
        if stop or values.position >= len(values.values) or values.position == 0:
            break
    text = "".join(out)
    if variable is not None:
        from state.shell.interpreter import shell_of

        shell_of(ctx).set_variable(variable, text)
    else:
        ctx.out.write(text)
    for message in values.messages:
        ctx.err.write(message + "\n")
    return 1 if values.failed else 0


def _format_once(fmt: str, values: _Arguments, out: list[str]) -> bool:
    """One pass over the format; True when ``\\c`` stopped the output."""
    position = 0
    for match in _SPEC.finditer(fmt):
        literal, stop = _escapes(fmt[position : match.start()])
        values.spend(literal)
        out.append(literal)
        if stop:
            return True
        position = match.end()
        text, stop = _conversion(match, values)
        values.spend(text)
        out.append(text)
        if stop:
            return True
    literal, stop = _escapes(fmt[position:])
    values.spend(literal)
    out.append(literal)
    return stop


def _escapes(text: str) -> tuple[str, bool]:
    if "\\" not in text:
        return text, False
    cut = text.find("\\c")
    if cut >= 0:
        return ansi_c(text[:cut]), True
    return ansi_c(text), False


def _conversion(match: re.Match[str], values: _Arguments) -> tuple[str, bool]:
    conv = match.group("conv")
    if conv == "%":
        return "%", False
    flags = match.group("flags") or ""
    width = match.group("width")
    precision = match.group("precision")
    if width == "*":
        width = str(int(values.number(True)))
    if precision == "*":
        precision = str(int(values.number(True)))
    numeric = conv in "diouxXfFeEgG"
    values.reserve(max(abs(int(width or 0)), int(precision or 0) if numeric else 0))
    spec = "%" + flags + (width or "") + ("." + precision if precision is not None else "")
    if conv in "diouxX":
        number = int(values.number(True))
        return (spec + ("d" if conv == "i" else conv)) % number, False
    if numeric:
        return (spec + conv) % float(values.number(False)), False
    if conv == "c":
        return _field(_first_byte(values.next()), flags, width, None), False
    if conv == "b":
        raw = values.next()
        text, stop = _escapes(raw.replace("\\0", "\\"))
        return _field(text, flags, width, precision), stop
    if conv == "q":
        return _field(_quoted(values.next()), flags, width, precision), False
    return _field(values.next(), flags, width, precision), False


def _field(text: str, flags: str, width: str | None, precision: str | None) -> str:
    """``%s`` as bash's printf makes it in a UTF-8 locale: width and precision count bytes, so
    ``%6s`` pads ``ü`` (two bytes) with four blanks and ``%.1s`` keeps half of it."""
    if text.isascii():
        return ("%" + flags + (width or "") + ("." + precision if precision is not None else "") + "s") % text
    data = text.encode(errors="surrogatepass")
    if precision is not None:
        data = data[: int(precision or 0)]
    size = int(width or 0)
    pad = " " * max(0, abs(size) - len(data))
    body = data.decode(errors="replace")
    return body + pad if "-" in flags or size < 0 else pad + body


def _first_byte(text: str) -> str:
    """``%c``: the argument's first byte (half of a two-byte character)."""
    return text[:1] if text[:1].isascii() else text[:1].encode()[:1].decode(errors="replace")


def _quoted(text: str) -> str:
    """``%q``: the argument quoted so the shell reads it back as it was."""
    if not text:
        return "''"
    if _SAFE.match(text):
        return text
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        escaped = text.encode("unicode_escape").decode().replace("'", "\\'")
        return f"$'{escaped}'"
    return re.sub(r"([^A-Za-z0-9_./:=@%+,\u00a0-\U0010ffff-])", r"\\\1", text)
