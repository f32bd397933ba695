"""Running a parsed sed script over a text: cycles, addresses and ranges, and every command."""

from __future__ import annotations

from dataclasses import dataclass, field

from state.shell.api import LimitExceeded
from state.shell.commands._sed_script import EMPTY_REGEX, Address, SedCommand
from state.shell.regexes import Match, UserRegex


@dataclass
class SedRun:
    lines: list[str]
    ends_with_newline: bool
    quiet: bool
    steps_left: int = 0
    index: int = 0
    pattern: str = ""
    hold: str = ""
    substituted: bool = False
    quit_status: int | None = None
    last_regex: UserRegex | None = None
    appended: list[str] = field(default_factory=list[str])
    out: list[str] = field(default_factory=list[str])

    @property
    def line_number(self) -> int:
        return self.index

    @property
    def is_last(self) -> bool:
        return self.index >= len(self.lines)

    def emit(self, text: str) -> None:
        self.out.append(text + "\n")

    def next_line(self) -> bool:
        if self.is_last:
            return False
        self.pattern = self.lines[self.index]
        self.index += 1
        return True

    def text(self) -> str:
        joined = "".join(self.out)
        if not self.ends_with_newline and self.is_last and joined.endswith("\n"):
            return joined[:-1]
        return joined


def execute(commands: list[SedCommand], text: str, quiet: bool, max_steps: int) -> SedRun:
    """Run the script over ``text``; more than ``max_steps`` commands (``:a;ba``) is a limit hit."""
    lines = text.split("\n")
    ends_with_newline = lines[-1] == ""
    if ends_with_newline:
        lines.pop()
    run = SedRun(lines if text else [], ends_with_newline or not text, quiet, steps_left=max_steps)
    for each in commands:
        each.active = False
    while run.quit_status is None and run.next_line():
        _cycle(commands, run)
    return run


def _cycle(commands: list[SedCommand], run: SedRun) -> None:
    run.substituted = False
    pc = 0
    autoprint = not run.quiet
    while pc < len(commands):
        command = commands[pc]
        run.steps_left -= 1
        if run.steps_left < 0:
            raise LimitExceeded("loop_iterations", "sed ran too many commands (an endless branch?): stopped")
        if not _selected(command, run):
            pc = command.jump + 1 if command.name == "{" else pc + 1
            continue
        outcome = _do(command, run)
        if outcome == "next":
            pc += 1
        elif outcome == "jump":
            pc = command.jump if command.jump >= 0 else len(commands)
        elif outcome == "restart":
            pc = 0
            run.substituted = False
        else:
            autoprint = autoprint and outcome != "silent-end"
            break
    if autoprint:
        run.emit(run.pattern)
    run.out.extend(run.appended)
    run.appended.clear()


def _match(address: Address, run: SedRun) -> bool:
    if address.last:
        return run.is_last
    if address.regex is not None:
        regex = run.last_regex if address.regex is EMPTY_REGEX else address.regex
        run.last_regex = regex
        return regex is not None and regex.search(run.pattern) is not None
    if address.step:
        return (
            run.line_number >= (address.line or 0)
            and (run.line_number - (address.line or 0)) % address.step == 0
        )
    return run.line_number == address.line


def _range_ends(command: SedCommand, second: Address, run: SedRun) -> bool:
    if second.relative is not None:
        return run.line_number >= command.range_end
    if second.line is not None and not second.step:
        return run.line_number >= second.line
    return _match(second, run)


def _selected(command: SedCommand, run: SedRun) -> bool:
    first, second = command.first, command.second
    if first is None:
        chosen = True
    elif second is None:
        chosen = _match(first, run)
    elif command.active:
        command.active = not _range_ends(command, second, run)
        chosen = True
    elif first.line == 0 and second.regex is not None and run.line_number == 1:
        command.active = not _match(second, run)
        chosen = True
    elif _match(first, run):
        chosen = True
        if second.relative is not None:
            command.range_end = run.line_number + second.relative
            command.active = second.relative > 0
        elif second.line is not None and not second.step:
            command.active = second.line > run.line_number
        else:
            command.active = not (second.last and run.is_last)
    else:
        chosen = False
    return chosen != command.negate


def _do(command: SedCommand, run: SedRun) -> str:
    name = command.name
    if name in "{}:#":
        return "next"
    if name == "s":
        return _substitute(command, run)
    if name in "bTt":
        taken = name == "b" or (run.substituted == (name == "t"))
        if name != "b":
            run.substituted = False
        return "jump" if taken else "next"
    simple = _SIMPLE.get(name)
    if simple is not None:
        return simple(command, run)
    return "next"


def _print(command: SedCommand, run: SedRun) -> str:
    run.emit(run.pattern)
    return "next"


def _delete(command: SedCommand, run: SedRun) -> str:
    return "silent-end"


def _quit(command: SedCommand, run: SedRun) -> str:
    run.quit_status = command.exit_status
    return "end" if command.name == "q" else "silent-end"


def _append(command: SedCommand, run: SedRun) -> str:
    run.appended.append(command.text + "\n")
    return "next"


def _insert(command: SedCommand, run: SedRun) -> str:
    run.emit(command.text)
    return "next"


def _change(command: SedCommand, run: SedRun) -> str:
    if command.second is None or not command.active or command.negate:
        run.emit(command.text)
    return "silent-end"


def _line_number(command: SedCommand, run: SedRun) -> str:
    run.emit(str(run.line_number))
    return "next"


def _next(command: SedCommand, run: SedRun) -> str:
    if run.is_last:
        return "end"
    if command.name == "n":
        if not run.quiet:
            run.emit(run.pattern)
        run.next_line()
    else:
        current = run.pattern
        run.next_line()
        run.pattern = current + "\n" + run.pattern
    return "next"


def _delete_first(command: SedCommand, run: SedRun) -> str:
    if "\n" not in run.pattern:
        return "silent-end"
    run.pattern = run.pattern.split("\n", 1)[1]
    return "restart"


def _print_first(command: SedCommand, run: SedRun) -> str:
    run.emit(run.pattern.split("\n", 1)[0])
    return "next"


def _hold(command: SedCommand, run: SedRun) -> str:
    name = command.name
    if name == "h":
        run.hold = run.pattern
    elif name == "H":
        run.hold += "\n" + run.pattern
    elif name == "g":
        run.pattern = run.hold
    elif name == "G":
        run.pattern += "\n" + run.hold
    elif name == "x":
        run.pattern, run.hold = run.hold, run.pattern
    elif name == "z":
        run.pattern = ""
    return "next"


def _transliterate(command: SedCommand, run: SedRun) -> str:
    run.pattern = "".join(command.table.get(c, c) for c in run.pattern)
    return "next"


_SIMPLE = {
    "p": _print,
    "d": _delete,
    "q": _quit,
    "Q": _quit,
    "a": _append,
    "i": _insert,
    "c": _change,
    "=": _line_number,
    "n": _next,
    "N": _next,
    "D": _delete_first,
    "P": _print_first,
    "h": _hold,
    "H": _hold,
    "g": _hold,
    "G": _hold,
    "x": _hold,
    "z": _hold,
    "y": _transliterate,
}


def _substitute(command: SedCommand, run: SedRun) -> str:
    regex = run.last_regex if command.regex is EMPTY_REGEX else command.regex
    if regex is None:
        return "next"
    run.last_regex = regex
    pieces: list[str] = []
    position = 0
    done = False
    for occurrence, match in enumerate(regex.finditer(run.pattern), start=1):
        if occurrence < command.count or (done and not command.every):
            continue
        pieces.append(run.pattern[position : match.start()] + _expand(command.replacement, match))
        position = match.end()
        done = True
    if not done:
        return "next"
    run.pattern = "".join(pieces) + run.pattern[position:]
    run.substituted = True
    if command.print_after:
        run.emit(run.pattern)
    return "next"


def _expand(replacement: str, match: Match) -> str:
    """The replacement for one match: ``&``, ``\\1``-``\\9``, ``\\n``, and GNU's ``\\U \\L \\E \\u \\l``."""
    out: list[str] = []
    case = ""
    once = ""
    i = 0
    while i < len(replacement):
        char = replacement[i]
        piece = char
        if char == "&":
            piece = match.group(0)
        elif char == "\\" and i + 1 < len(replacement):
            i += 1
            code = replacement[i]
            if code.isdigit():
                piece = match.group(int(code)) or "" if int(code) <= (match.re.groups or 0) else ""
            elif code in "ULE":
                case = "" if code == "E" else code
                i += 1
                continue
            elif code in "ul":
                once = code
                i += 1
                continue
            else:
                piece = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}.get(code, code)
        piece = piece.upper() if case == "U" else piece.lower() if case == "L" else piece
        if once and piece:
            piece = (piece[0].upper() if once == "u" else piece[0].lower()) + piece[1:]
            once = ""
        out.append(piece)
        i += 1
    return "".join(out)
