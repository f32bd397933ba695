"""The shared GNU option parser and the POSIX regular expression translation."""

from __future__ import annotations

import re

import pytest

from state.shell.commands._options import Spec, UsageError, parse_argv
from state.shell.commands._regex import RegexError, translate

SPEC = Spec(flags="abc", valued="n", long={"all": "a", "almost": "b", "lines": "n"})


@pytest.mark.parametrize(
    ("args", "given", "operands"),
    [
        (["-ab", "x"], [("a", ""), ("b", "")], ["x"]),
        (["-n5", "x"], [("n", "5")], ["x"]),
        (["-n", "5", "x"], [("n", "5")], ["x"]),
        (["-an5"], [("a", ""), ("n", "5")], []),
        (["x", "-a"], [("a", "")], ["x"]),
        (["--lines=3", "--all"], [("n", "3"), ("a", "")], []),
        (["--lines", "3"], [("n", "3")], []),
        (["--alm"], [("b", "")], []),
        (["--", "-a", "-"], [], ["-a", "-"]),
    ],
)
def test_options_are_parsed_as_gnu_getopt_does(
    args: list[str], given: list[tuple[str, str]], operands: list[str]
) -> None:
    parsed = parse_argv(args, SPEC)
    assert (parsed.given, parsed.operands) == (given, operands)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-z"], "invalid option -- 'z'"),
        (["-n"], "option requires an argument -- 'n'"),
        (["--nope"], "unrecognized option '--nope'"),
        (["--lines"], "option '--lines' requires an argument"),
        (["--all=1"], "option '--all' doesn't allow an argument"),
        (["--a"], "option '--a' is ambiguous; possibilities: '--all' '--almost'"),
    ],
)
def test_bad_options_give_gnus_messages(args: list[str], message: str) -> None:
    with pytest.raises(UsageError, match=re.escape(message)):
        parse_argv(args, SPEC)


@pytest.mark.parametrize(
    ("pattern", "extended", "matches", "misses"),
    [
        ("a\\{2\\}", False, "aa", "a{2}"),
        ("a{2}", False, "a{2}", "aa"),
        ("^(x)+$", True, "xx", "(x)+"),
        ("(x)+", False, "(x)+", "x"),
        ("[[:digit:]]", False, "7", "x"),
        ("[]x]", False, "]", "y"),
        ("[^[:space:]]", True, "z", " "),
        ("*a", False, "*a", "a"),
        ("a^b", False, "a^b", "ab"),
        ("\\<is\\>", False, "it is", "this"),
        ("[a\\]", False, "\\", "]"),
    ],
)
def test_posix_patterns_translate_to_python(pattern: str, extended: bool, matches: str, misses: str) -> None:
    compiled = re.compile(translate(pattern, extended))
    assert compiled.search(matches)
    assert not compiled.search(misses)


def test_an_unclosed_bracket_is_refused_with_gnus_words() -> None:
    with pytest.raises(RegexError, match=re.escape("Unmatched [, [^, [:, [., or [=")):
        translate("[abc", False)
