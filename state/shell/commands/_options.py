"""GNU-style option parsing shared by the commands: ``-la``, ``-n5`` / ``-n 5``, ``--long``,
``--long=value``, unique prefixes of long options, ``--`` and options mixed with operands.

Errors are GNU's words (``ls: invalid option -- 'q'`` then ``Try 'ls --help' for more information.``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from state.shell.api import Context


@dataclass(frozen=True)
class Spec:
    """The options a command accepts.

    ``flags`` are short options without an argument, ``valued`` short options with one. ``long`` maps a
    long name to the short letter (or a made-up key) it stands for; a key in ``long_valued`` takes a value.
    """

    flags: str = ""
    valued: str = ""
    long: dict[str, str] = field(default_factory=dict[str, str])
    long_valued: frozenset[str] = frozenset()
    long_optional: frozenset[str] = frozenset()
    """Keys of long options whose value is optional and only given with ``=`` (``--color[=WHEN]``)."""
    usage_status: int = 1
    usage_text: str = ""
    """What follows the error line instead of ``Try 'NAME --help' ...`` (grep and sed print their usage)."""
    permute: bool = True
    """Options may follow operands (GNU); ``False`` stops at the first operand (``xargs``, ``find``)."""


@dataclass
class Options:
    """Options in the order given (key, value) and the operands."""

    given: list[tuple[str, str]]
    operands: list[str]

    def has(self, *keys: str) -> bool:
        return any(key in keys for key, _ in self.given)

    def value(self, key: str, default: str | None = None) -> str | None:
        """The last value given for ``key`` (GNU: the last one wins)."""
        found = [value for k, value in self.given if k == key]
        return found[-1] if found else default

    def values(self, key: str) -> list[str]:
        return [value for k, value in self.given if k == key]

    def last_of(self, *keys: str) -> str | None:
        """Which of ``keys`` was given last (``-l`` after ``-1``)."""
        found = [k for k, _ in self.given if k in keys]
        return found[-1] if found else None


class UsageError(Exception):
    """A bad command line; the message is GNU's first line."""


def usage(ctx: Context, name: str, message: str, status: int = 1, usage_text: str = "") -> int:
    """Report a usage error as GNU does and give its exit status."""
    ctx.err.write(f"{name}: {message}\n" + (usage_text or f"Try '{name} --help' for more information.\n"))
    return status


def parse(ctx: Context, argv: list[str], spec: Spec) -> Options | None:
    """The options of ``argv``, or None after reporting a usage error (return ``spec.usage_status``)."""
    try:
        return parse_argv(argv[1:], spec)
    except UsageError as error:
        usage(ctx, argv[0], str(error), usage_text=spec.usage_text)
        return None


def parse_argv(args: list[str], spec: Spec) -> Options:
    given: list[tuple[str, str]] = []
    operands: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        index += 1
        if arg == "--":
            operands.extend(args[index:])
            break
        if arg.startswith("--"):
            index = _long(arg[2:], args, index, spec, given)
        elif arg.startswith("-") and arg != "-":
            index = _short(arg[1:], args, index, spec, given)
        elif spec.permute:
            operands.append(arg)
        else:
            operands.extend(args[index - 1 :])
            break
    return Options(given, operands)


def _short(cluster: str, args: list[str], index: int, spec: Spec, given: list[tuple[str, str]]) -> int:
    for position, letter in enumerate(cluster):
        if letter in spec.valued:
            rest = cluster[position + 1 :]
            if rest:
                given.append((letter, rest))
            elif index < len(args):
                given.append((letter, args[index]))
                index += 1
            else:
                raise UsageError(f"option requires an argument -- '{letter}'")
            return index
        if letter not in spec.flags:
            raise UsageError(f"invalid option -- '{letter}'")
        given.append((letter, ""))
    return index


def _long(text: str, args: list[str], index: int, spec: Spec, given: list[tuple[str, str]]) -> int:
    name, equals, value = text.partition("=")
    full = _long_name(name, spec)
    key = spec.long[full]
    takes_value = key in spec.long_valued or (len(key) == 1 and key in spec.valued)
    if key in spec.long_optional:
        given.append((key, value))
        return index
    if equals and not takes_value:
        raise UsageError(f"option '--{full}' doesn't allow an argument")
    if takes_value and not equals:
        if index >= len(args):
            raise UsageError(f"option '--{full}' requires an argument")
        value = args[index]
        index += 1
    given.append((key, value))
    return index


def _long_name(name: str, spec: Spec) -> str:
    if name in spec.long:
        return name
    matches = [full for full in spec.long if full.startswith(name)]
    if len({spec.long[full] for full in matches}) == 1:
        return matches[0]
    if not matches:
        raise UsageError(f"unrecognized option '--{name}'")
    possibilities = " ".join(f"'--{full}'" for full in matches)
    raise UsageError(f"option '--{name}' is ambiguous; possibilities: {possibilities}")
