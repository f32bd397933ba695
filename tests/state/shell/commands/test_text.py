"""cat, head, tail, tac, rev, nl, tee, less."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop

LINES = "".join(f"line {n}\n" for n in range(1, 13))


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/lines.txt", LINES)
    await laptop.write("~/short.txt", "a\tb\n\n\nc")
    return laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("cat short.txt", "a\tb\n\n\nc"),
        ("cat -n short.txt", "     1\ta\tb\n     2\t\n     3\t\n     4\tc"),
        ("cat -b short.txt", "     1\ta\tb\n\n\n     2\tc"),
        ("cat -A short.txt", "a^Ib$\n$\n$\nc"),
        ("cat -s short.txt", "a\tb\n\nc"),
        ("echo piped | cat - short.txt", "piped\na\tb\n\n\nc"),
        ("less short.txt", "a\tb\n\n\nc"),
    ],
)
async def test_cat_prints_files_with_its_display_flags(files: Laptop, line: str, stdout: str) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
async def test_cat_reports_a_missing_file_and_a_directory_and_goes_on(files: Laptop) -> None:
    result = await files.run("mkdir dir; cat nofile dir short.txt")
    assert result.stdout == "a\tb\n\n\nc"
    assert result.stderr == "cat: nofile: No such file or directory\ncat: dir: Is a directory\n"
    assert result.exit_status == 1


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("head lines.txt", "".join(f"line {n}\n" for n in range(1, 11))),
        ("head -n 2 lines.txt", "line 1\nline 2\n"),
        ("head -3 lines.txt", "line 1\nline 2\nline 3\n"),
        ("head -n2 lines.txt", "line 1\nline 2\n"),
        ("head --lines=1 lines.txt", "line 1\n"),
        ("head -n -10 lines.txt", "line 1\nline 2\n"),
        ("head -c 8 lines.txt", "line 1\nl"),
        ("tail -n 2 lines.txt", "line 11\nline 12\n"),
        ("tail -1 lines.txt", "line 12\n"),
        ("tail -n +11 lines.txt", "line 11\nline 12\n"),
        ("tail -c 3 lines.txt", "12\n"),
        ("tail -n 1 short.txt", "c"),
        ("head -n 1 lines.txt short.txt", "==> lines.txt <==\nline 1\n\n==> short.txt <==\na\tb\n"),
        ("head -q -n 1 lines.txt short.txt", "line 1\na\tb\n"),
        ("printf 'x\\ny\\n' | tail -n 1", "y\n"),
    ],
)
async def test_head_and_tail_select_lines_and_bytes(files: Laptop, line: str, stdout: str) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr", "status"),
    [
        ("head -n x lines.txt", "head: invalid number of lines: 'x'\n", 1),
        ("head nofile", "head: cannot open 'nofile' for reading: No such file or directory\n", 1),
        ("tail -z9 lines.txt", "tail: invalid option -- 'z'\nTry 'tail --help' for more information.\n", 1),
        ("head -n", "head: option requires an argument -- 'n'\nTry 'head --help' for more information.\n", 1),
        ("mkdir d; tail d", "tail: error reading 'd': Is a directory\n", 1),
    ],
)
async def test_head_and_tail_complain_in_gnu_words(
    files: Laptop, line: str, stderr: str, status: int
) -> None:
    result = await files.run(line)
    assert (result.stderr, result.exit_status) == (stderr, status)


@pytest.mark.anyio
async def test_tac_rev_and_nl_reorder_reverse_and_number_lines(files: Laptop) -> None:
    assert await files.out("printf 'a\\nb\\nc\\n' | tac") == "c\nb\na\n"
    assert await files.out("printf 'abc\\nxy\\n' | rev") == "cba\nyx\n"
    assert await files.out("nl short.txt") == "     1\ta\tb\n       \n       \n     2\tc\n"
    assert await files.out("nl -b a -w 2 -s ': ' short.txt") == " 1: a\tb\n 2: \n 3: \n 4: c\n"


@pytest.mark.anyio
async def test_tee_copies_stdin_to_files_and_stdout_and_appends_with_a(files: Laptop) -> None:
    assert await files.out("echo one | tee copy.txt other.txt") == "one\n"
    assert await files.out("echo two | tee -a copy.txt") == "two\n"
    assert files.read("/home/maya/copy.txt") == "one\ntwo\n"
    assert files.read("/home/maya/other.txt") == "one\n"
