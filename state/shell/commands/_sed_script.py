"""Parsing sed scripts: addresses, ``s///`` with its flags, ``y``, text commands, blocks and labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from state.shell.commands._regex import RegexError, compile_posix
from state.shell.regexes import UserRegex, compile_user


class SedError(Exception):
    """A script sed refuses; the message is GNU's (``-e expression #1, char 5: unterminated `s' command``)."""


@dataclass
class Address:
    line: int | None = None
    last: bool = False
    regex: UserRegex | None = None
    step: int = 0
    """``first~step`` when non-zero."""
    relative: int | None = None
    """``addr1,+N``."""


@dataclass
class SedCommand:
    name: str
    first: Address | None = None
    second: Address | None = None
    negate: bool = False
    regex: UserRegex | None = None
    replacement: str = ""
    count: int = 1
    every: bool = False
    print_after: bool = False
    text: str = ""
    exit_status: int = 0
    table: dict[str, str] = field(default_factory=dict[str, str])
    jump: int = -1
    """For ``{``: the index of its ``}``; for ``b``/``t``: the index to go to (-1: end of script)."""
    active: bool = False
    range_end: int = 0


class _Reader:
    def __init__(self, script: str, number: int, extended: bool) -> None:
        self.script = script
        self.at = 0
        self.number = number
        self.extended = extended

    def fail(self, message: str, at: int | None = None) -> SedError:
        return SedError(f"-e expression #{self.number}, char {self.at if at is None else at}: {message}")

    def peek(self) -> str:
        return self.script[self.at] if self.at < len(self.script) else ""

    def take(self) -> str:
        char = self.peek()
        self.at += 1
        return char

    def skip_blanks(self) -> None:
        while self.peek() in (" ", "\t") and self.peek():
            self.at += 1

    def delimited(self, delimiter: str, what: str) -> str:
        """Text up to an unescaped ``delimiter`` (``\\delimiter`` becomes the delimiter itself)."""
        out: list[str] = []
        while True:
            char = self.take()
            if not char:
                raise self.fail(f"unterminated {what}", len(self.script))
            if char == "\\":
                following = self.take()
                out.append(following if following == delimiter else "\\" + following)
            elif char == delimiter:
                return "".join(out)
            else:
                out.append(char)

    def regex(self, pattern: str, flags: str = "") -> UserRegex | None:
        if pattern == "":
            return None
        try:
            ignore_case = "I" in flags or "i" in flags
            return compile_posix(pattern, self.extended, ignore_case, control=True)
        except RegexError as bad:
            raise self.fail(str(bad)) from None


def _address(reader: _Reader) -> Address | None:
    char = reader.peek()
    if char.isdigit():
        number = _number(reader)
        if reader.peek() == "~":
            reader.take()
            return Address(line=number, step=_number(reader))
        return Address(line=number)
    if char == "$":
        reader.take()
        return Address(last=True)
    if char in ("/", "\\"):
        reader.take()
        delimiter = reader.take() if char == "\\" else "/"
        pattern = reader.delimited(delimiter, "address regex")
        flags = ""
        while reader.peek() in ("I", "M"):
            flags += reader.take()
        return Address(regex=reader.regex(pattern, flags) or EMPTY_REGEX)
    return None


EMPTY_REGEX = compile_user("")
"""Stands for ``//``: the last regex used."""


def _number(reader: _Reader) -> int:
    start = reader.at
    while reader.peek().isdigit():
        reader.take()
    return int(reader.script[start : reader.at] or "0")


def _addresses(reader: _Reader, command: SedCommand) -> None:
    command.first = _address(reader)
    if command.first is not None and reader.peek() == ",":
        reader.take()
        reader.skip_blanks()
        if reader.peek() == "+":
            reader.take()
            command.second = Address(relative=_number(reader))
        else:
            command.second = _address(reader)
            if command.second is None:
                raise reader.fail("unexpected `,'")
    reader.skip_blanks()
    while reader.peek() == "!":
        reader.take()
        command.negate = True
        reader.skip_blanks()


def _substitute(reader: _Reader, command: SedCommand) -> None:
    delimiter = reader.take()
    if not delimiter or delimiter in "\n\\":
        raise reader.fail("unterminated `s' command")
    pattern = reader.delimited(delimiter, "`s' command")
    command.replacement = reader.delimited(delimiter, "`s' command")
    flags = ""
    while reader.peek() and reader.peek() not in ";\n}#":
        char = reader.take()
        if char in "gpiIm" or char.isdigit():
            flags += char
        elif char not in " \t":
            raise reader.fail("unknown option to `s'")
    digits = "".join(c for c in flags if c.isdigit())
    command.count = int(digits) if digits else 1
    command.every = "g" in flags
    command.print_after = "p" in flags
    command.regex = reader.regex(pattern, flags) or EMPTY_REGEX


def _transliterate(reader: _Reader, command: SedCommand) -> None:
    delimiter = reader.take()
    source = _unescape(reader.delimited(delimiter, "`y' command"))
    target = _unescape(reader.delimited(delimiter, "`y' command"))
    if len(source) != len(target):
        raise reader.fail("strings for `y' command are different lengths")
    command.table = dict(zip(source, target, strict=True))


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), text, flags=re.DOTALL)


def _text_argument(reader: _Reader) -> str:
    """The text of ``a``, ``i``, ``c``: ``a text`` or ``a\\`` and the next line (GNU's one-liner form too)."""
    reader.skip_blanks()
    if reader.peek() == "\\":
        reader.take()
        if reader.peek() == "\n":
            reader.take()
        else:
            reader.skip_blanks()
    start = reader.at
    while reader.peek() and reader.peek() != "\n":
        reader.at += 2 if reader.peek() == "\\" else 1
    return _unescape(reader.script[start : reader.at])


def _label(reader: _Reader) -> str:
    reader.skip_blanks()
    start = reader.at
    while reader.peek() and reader.peek() not in ";\n":
        reader.take()
    return reader.script[start : reader.at].strip()


def _arguments(reader: _Reader, command: SedCommand) -> None:
    name = command.name
    if name == "s":
        _substitute(reader, command)
    elif name == "y":
        _transliterate(reader, command)
    elif name in "aic":
        command.text = _text_argument(reader)
    elif name in "btT:":
        command.text = _label(reader)
        if name == ":" and not command.text:
            raise reader.fail('":" lacks a label')
    elif name in "qQlL":
        reader.skip_blanks()
        command.exit_status = _number(reader)
    elif name in "rwRW":
        command.text = _label(reader)


_NAMES = set("{}=aicdDgGhHlnNpPqQsxybtT:rwRWz#")


def parse_script(script: str, number: int, extended: bool, commands: list[SedCommand]) -> None:
    """Append the commands of one ``-e`` expression to ``commands``."""
    reader = _Reader(script, number, extended)
    while True:
        while reader.peek() in (" ", "\t", "\n", ";") and reader.peek():
            reader.take()
        if not reader.peek():
            return
        command = SedCommand("")
        _addresses(reader, command)
        name = reader.take()
        if name not in _NAMES:
            raise reader.fail(f"unknown command: `{name}'" if name else "missing command")
        command.name = name
        if name == "#":
            _label(reader)
            continue
        _arguments(reader, command)
        commands.append(command)
        reader.skip_blanks()
        if name != "{" and reader.peek() and reader.peek() not in ";\n}#":
            raise reader.fail("extra characters after command", reader.at + 1)


def link(commands: list[SedCommand], number: int) -> None:
    """Pair blocks' braces and point branches at their labels."""
    opened: list[int] = []
    labels = {command.text: index for index, command in enumerate(commands) if command.name == ":"}
    for index, command in enumerate(commands):
        if command.name == "{":
            opened.append(index)
        elif command.name == "}":
            if not opened:
                raise SedError(f"-e expression #{number}, char 0: unexpected `}}'")
            commands[opened.pop()].jump = index
        elif command.name in "btT":
            if command.text and command.text not in labels:
                raise SedError(
                    f"-e expression #{number}, char 0: can't find label for jump to `{command.text}'"
                )
            command.jump = labels[command.text] if command.text else -1
    if opened:
        raise SedError(f"-e expression #{number}, char 0: unmatched `{{'")
