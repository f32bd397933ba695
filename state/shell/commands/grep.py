"""grep: search lines of files (or stdin, or trees with ``-r``) for POSIX regular expressions."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from state.shell.api import Context, FsError, command
from state.shell.commands._common import base_name, error, lines_of, looks_binary, stat_or_none, walk
from state.shell.commands._options import Options, Spec, parse
from state.shell.commands._regex import RegexError, compile_posix
from state.shell.regexes import IGNORECASE, UserRegex, compile_user
from state.shell.regexes import error as regex_error

_USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
_GREP = Spec(
    flags="ivnclLrRwxEFGPohHqsyzUIaTZb",
    valued="ABCefmd",
    long={
        "ignore-case": "i",
        "invert-match": "v",
        "line-number": "n",
        "count": "c",
        "files-with-matches": "l",
        "files-without-match": "L",
        "recursive": "r",
        "dereference-recursive": "R",
        "word-regexp": "w",
        "line-regexp": "x",
        "extended-regexp": "E",
        "fixed-strings": "F",
        "basic-regexp": "G",
        "perl-regexp": "P",
        "only-matching": "o",
        "no-filename": "h",
        "with-filename": "H",
        "quiet": "q",
        "silent": "q",
        "no-messages": "s",
        "text": "a",
        "after-context": "A",
        "before-context": "B",
        "context": "C",
        "regexp": "e",
        "file": "f",
        "max-count": "m",
        "include": "include",
        "exclude": "exclude",
        "exclude-dir": "exclude-dir",
        "color": "color",
        "colour": "color",
    },
    long_valued=frozenset({"include", "exclude", "exclude-dir"}),
    long_optional=frozenset({"color"}),
    usage_status=2,
    usage_text=_USAGE,
)


@dataclass
class _Search:
    regex: UserRegex
    opts: Options
    with_name: bool
    before: int
    after: int
    max_count: int | None
    flags: frozenset[str] = frozenset()
    """The options given, for quick tests in the per-line loops."""
    selected_any: bool = False
    failed: bool = False
    groups_printed: bool = False
    out: list[str] = field(default_factory=list[str])
    binary: list[str] = field(default_factory=list[str])
    """Binary files with a selected line: GNU grep says so on stderr instead of printing the line."""
    literals: tuple[str, ...] | None = None
    """Set when every pattern is a plain string (casefolded with -i): a file without any of them has
    no selected line, so it is not searched line by line (GNU grep, too, searches whole buffers)."""


def _patterns(ctx: Context, opts: Options) -> list[str] | None:
    patterns = list(opts.values("e"))
    for path in opts.values("f"):
        try:
            patterns.extend(lines_of(ctx.fs.read_text(path)))
        except FsError as failure:
            error(ctx, "grep", f"{path}: {failure.strerror}")
            return None
    if not opts.has("e", "f"):
        if not opts.operands:
            ctx.err.write(
                "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
            )
            return None
        patterns.extend(opts.operands.pop(0).split("\n"))
    return patterns


def _regex(patterns: list[str], opts: Options) -> UserRegex:
    syntax = opts.last_of("E", "F", "G", "P")
    pieces: list[str] = []
    for pattern in patterns:
        if syntax == "P":
            text = _perl(pattern)
        else:
            text = re.escape(pattern) if syntax == "F" else compile_posix(pattern, syntax == "E").pattern
        if opts.has("x"):
            text = rf"\A(?:{text})\Z"
        elif opts.has("w"):
            text = rf"(?<!\w)(?:{text})(?!\w)"
        pieces.append(text)
    flags = IGNORECASE if opts.has("i", "y") else 0
    joined = "|".join(f"(?:{piece})" for piece in pieces) if pieces else "(?!)"
    return compile_user(joined, flags, shown="\n".join(patterns))


def _perl(pattern: str) -> str:
    """A Perl pattern (``-P``) is Python's own syntax, near enough; refused with GNU's words if not."""
    try:
        compile_user(pattern)
    except regex_error as failure:
        raise RegexError(str(failure)) from None
    return pattern


def _number(text: str | None) -> int | None:
    return int(text) if text is not None and text.isdigit() else None


@command("grep", "egrep", "fgrep")
def grep(ctx: Context, argv: list[str]) -> int:
    """Print lines matching a pattern: ``-i -v -n -c -l -L -r -w -x -E -F -o -h -H -q -s -A -B -C -m``,
    ``--include=GLOB``. Exit 0 when a line is selected, 1 when none is, 2 on an error."""
    opts = parse(ctx, argv, _GREP)
    if opts is None:
        return 2
    if argv[0] != "grep":
        opts.given.insert(0, ("E" if argv[0] == "egrep" else "F", ""))
    patterns = _patterns(ctx, opts)
    if patterns is None:
        return 2
    try:
        regex = _regex(patterns, opts)
    except RegexError as bad:
        error(ctx, "grep", str(bad))
        return 2
    recursive = opts.has("r", "R")
    context = _number(opts.value("C")) or 0
    search = _Search(
        regex,
        opts,
        with_name=(len(opts.operands) > 1 or recursive or opts.has("H")) and not opts.has("h"),
        before=_number(opts.value("B")) or context,
        after=_number(opts.value("A")) or context,
        max_count=_number(opts.value("m")),
        flags=frozenset(key for key, _ in opts.given),
        literals=_literals(patterns, opts),
    )
    for name, text in _targets(ctx, opts, search):
        _search_file(search, name, text)
        ctx.out.write("".join(search.out))
        search.out.clear()
        for binary in search.binary:
            ctx.err.write(f"grep: {binary}: binary file matches\n")
        search.binary.clear()
        if search.selected_any and opts.has("q"):
            return 0
    if search.failed and not (opts.has("q") and search.selected_any):
        return 2
    return 0 if search.selected_any else 1


def _included(opts: Options, name: str) -> bool:
    base = base_name(name)
    if any(fnmatch.fnmatchcase(base, glob) for glob in opts.values("exclude")):
        return False
    includes = opts.values("include")
    return not includes or any(fnmatch.fnmatchcase(base, glob) for glob in includes)


def _targets(ctx: Context, opts: Options, search: _Search) -> Iterator[tuple[str, str]]:
    recursive = opts.has("r", "R")
    operands = opts.operands or (["."] if recursive else ["-"])
    for operand in operands:
        if operand == "-":
            yield ("(standard input)", ctx.stdin)
            continue
        stat = stat_or_none(ctx, operand)
        if stat is not None and stat.is_dir and recursive:
            yield from _tree(ctx, opts, operand, hide_dot=not opts.operands)
        elif stat is None or not _included(opts, operand):
            if stat is None:
                _fail(ctx, search, f"{operand}: No such file or directory")
        elif stat.is_dir:
            _fail(ctx, search, f"{operand}: Is a directory")
        else:
            yield (operand, ctx.fs.read_text(operand))


def _tree(ctx: Context, opts: Options, top: str, hide_dot: bool) -> list[tuple[str, str]]:
    stat = ctx.fs.stat(top)
    if stat is None:
        return []
    excluded_dirs = opts.values("exclude-dir")

    def skip(entry_path: str) -> bool:
        return any(fnmatch.fnmatchcase(base_name(entry_path), glob) for glob in excluded_dirs)

    found: list[tuple[str, str]] = []
    for entry in walk(ctx, top, stat, prune=lambda entry: entry.depth > 0 and skip(entry.path)):
        if entry.stat.is_dir or not _included(opts, entry.path):
            continue
        name = entry.path.removeprefix("./") if hide_dot else entry.path
        found.append((name, ctx.fs.read_text(entry.path)))
    return found


def _fail(ctx: Context, search: _Search, message: str) -> None:
    search.failed = True
    if "s" not in search.flags:
        error(ctx, "grep", message)


_SPECIAL = frozenset(".[]*^$\\+?(){}|")


def _literals(patterns: list[str], opts: Options) -> tuple[str, ...] | None:
    fixed = opts.last_of("E", "F", "G", "P") == "F"
    if opts.has("v") or not patterns or any(not p or (not fixed and _SPECIAL & set(p)) for p in patterns):
        return None
    return tuple(p.casefold() for p in patterns) if opts.has("i", "y") else tuple(patterns)


def _cannot_match(search: _Search, text: str) -> bool:
    if search.literals is None:
        return False
    haystack = text.casefold() if search.opts.has("i", "y") else text
    return not any(literal in haystack for literal in search.literals)


def _search_file(search: _Search, name: str, text: str) -> None:
    flags = search.flags
    lines = lines_of(text)
    find, invert = search.regex.search, "v" in flags
    if _cannot_match(search, text):
        selected: list[int] = []
    else:
        selected = [i for i, line in enumerate(lines) if (find(line) is not None) != invert]
    if search.max_count is not None:
        selected = selected[: search.max_count]
    search.selected_any = search.selected_any or bool(selected)
    if "q" in flags:
        return
    if "l" in flags or "L" in flags:
        if bool(selected) == ("l" in flags):
            search.out.append(name + "\n")
        return
    if "c" in flags:
        search.out.append((f"{name}:" if search.with_name else "") + f"{len(selected)}\n")
        return
    if selected and "a" not in flags and looks_binary(text):
        search.binary.append(name)
        return
    _print_lines(search, name, lines, selected)


def _prefix(search: _Search, name: str, number: int, separator: str) -> str:
    prefix = f"{name}{separator}" if search.with_name else ""
    return prefix + (f"{number + 1}{separator}" if "n" in search.flags else "")


def _print_lines(search: _Search, name: str, lines: list[str], selected: list[int]) -> None:
    if not (search.before or search.after or "o" in search.flags):
        search.out.extend(_prefix(search, name, index, ":") + lines[index] + "\n" for index in selected)
        return
    chosen = set(selected)
    shown: list[int] = []
    for index in selected:
        first = max(index - search.before, 0)
        last = min(index + search.after, len(lines) - 1)
        if search.max_count is not None and index == selected[-1]:
            last = index
        shown.extend(i for i in range(first, last + 1) if not shown or i > shown[-1])
    previous: int | None = None
    for index in shown:
        if (search.before or search.after) and (previous is None or index != previous + 1):
            if search.groups_printed:
                search.out.append("--\n")
            search.groups_printed = True
        previous = index
        if index not in chosen:
            search.out.append(_prefix(search, name, index, "-") + lines[index] + "\n")
        elif "o" in search.flags:
            _print_parts(search, name, index, lines[index])
        else:
            search.out.append(_prefix(search, name, index, ":") + lines[index] + "\n")


def _print_parts(search: _Search, name: str, index: int, line: str) -> None:
    if "v" in search.flags:
        return
    for match in search.regex.finditer(line):
        if match.group():
            search.out.append(_prefix(search, name, index, ":") + match.group() + "\n")
