"""Parsing: what bash refuses is refused with bash's words, exit 2, and nothing runs."""

from __future__ import annotations

import pytest

from state.shell.parse import ShellSyntaxError, parse
from state.shell.syntax import AndOr, Literal, Pipeline, Simple
from state.world import World
from tests.state.shell.core_helpers import file_content, sh


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("echo )", "syntax error near unexpected token `)'"),
        ("fi", "syntax error near unexpected token `fi'"),
        ("done", "syntax error near unexpected token `done'"),
        ("| wc", "syntax error near unexpected token `|'"),
        ("&& ls", "syntax error near unexpected token `&&'"),
        ("echo a; ; echo b", "syntax error near unexpected token `;'"),
        ("echo a &&", "syntax error: unexpected end of file"),
        ("{ echo", "syntax error: unexpected end of file"),
        ("echo a >", "syntax error near unexpected token `newline'"),
    ],
)
def test_a_line_bash_refuses_is_a_syntax_error_with_bash_words(line: str, message: str) -> None:
    with pytest.raises(ShellSyntaxError) as raised:
        parse(line)
    assert str(raised.value) == message


def test_an_unterminated_quote_says_which_quote_is_missing() -> None:
    with pytest.raises(ShellSyntaxError, match="unexpected EOF while looking for matching `''"):
        parse("echo 'open")


def test_a_redirection_after_a_list_belongs_to_its_last_command() -> None:
    tree = parse("mkdir a && echo hi > f")
    assert isinstance(tree, AndOr)
    first, (_, last) = tree.first, tree.rest[0]
    assert isinstance(first, Simple) and first.redirects == ()
    assert isinstance(last, Simple) and [r.op for r in last.redirects] == [">"]


def test_an_escaped_blank_keeps_one_word() -> None:
    tree = parse("echo 'q'\\ x")
    assert isinstance(tree, Simple)
    assert len(tree.words) == 2
    assert tree.words[1].parts == (Literal("q ", quoted=True), Literal("x", quoted=False))


def test_a_heredoc_piped_on_its_first_line_is_a_pipeline() -> None:
    assert isinstance(parse("cat <<EOF | wc -l\na\nEOF"), Pipeline)


def test_the_same_line_is_parsed_once() -> None:
    assert parse("echo cached") is parse("echo cached")


@pytest.mark.anyio
async def test_a_syntax_error_runs_nothing_and_exits_2(world: World) -> None:
    result = await sh(world, "echo a > made.txt; echo )")
    assert (result.stdout, result.exit_status) == ("", 2)
    assert result.stderr == "bash: syntax error near unexpected token `)'\n"
    assert file_content(world, "/home/maya/made.txt") is None
