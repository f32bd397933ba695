"""grep: patterns, output modes, recursion, context and exit statuses."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/notes.txt", "Meeting at 10\nfoo bar\nfood truck\nFOO\nbaz 42\n")
    await laptop.write("~/docs/a.md", "foo in markdown\nnothing\n")
    await laptop.write("~/docs/sub/b.txt", "deep foo\n")
    await laptop.write("~/nums.txt", "".join(f"{n}\n" for n in range(1, 9)))
    return laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("grep foo notes.txt", "foo bar\nfood truck\n"),
        ("grep -i foo notes.txt", "foo bar\nfood truck\nFOO\n"),
        ("grep -v foo notes.txt", "Meeting at 10\nFOO\nbaz 42\n"),
        ("grep -n foo notes.txt", "2:foo bar\n3:food truck\n"),
        ("grep -c foo notes.txt", "2\n"),
        ("grep -w foo notes.txt", "foo bar\n"),
        ("grep -x FOO notes.txt", "FOO\n"),
        ("grep -o '[0-9][0-9]*' notes.txt", "10\n42\n"),
        ("grep -E 'fo+d|baz' notes.txt", "food truck\nbaz 42\n"),
        ("grep 'fo\\+d\\|baz' notes.txt", "food truck\nbaz 42\n"),
        ("grep '[[:digit:]]\\{2\\}' notes.txt", "Meeting at 10\nbaz 42\n"),
        ("grep -F 'a.' notes.txt", ""),
        ("grep -e Meeting -e baz notes.txt", "Meeting at 10\nbaz 42\n"),
        ("grep '^f.*k$' notes.txt", "food truck\n"),
        ("grep '\\<bar\\>' notes.txt", "foo bar\n"),
        ("grep -m 1 foo notes.txt", "foo bar\n"),
        ("echo 'a+b' | grep 'a+b'", "a+b\n"),
        ("cat notes.txt | grep -H baz", "(standard input):baz 42\n"),
    ],
)
async def test_grep_selects_lines_with_posix_patterns(files: Laptop, line: str, stdout: str) -> None:
    result = await files.run(line)
    assert result.stdout == stdout
    assert result.exit_status == (0 if stdout else 1)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        (
            "grep foo notes.txt docs/a.md",
            "notes.txt:foo bar\nnotes.txt:food truck\ndocs/a.md:foo in markdown\n",
        ),
        ("grep -h foo notes.txt docs/a.md", "foo bar\nfood truck\nfoo in markdown\n"),
        ("grep -l foo notes.txt docs/a.md nums.txt", "notes.txt\ndocs/a.md\n"),
        ("grep -L foo notes.txt docs/a.md nums.txt", "nums.txt\n"),
        ("grep -c foo notes.txt nums.txt", "notes.txt:2\nnums.txt:0\n"),
        ("grep -r foo docs", "docs/a.md:foo in markdown\ndocs/sub/b.txt:deep foo\n"),
        ("grep -rn foo docs --include='*.txt'", "docs/sub/b.txt:1:deep foo\n"),
        ("grep -r foo docs --exclude='*.txt'", "docs/a.md:foo in markdown\n"),
        ("grep -r foo docs --exclude-dir=sub", "docs/a.md:foo in markdown\n"),
        ("cd docs && grep -r foo", "a.md:foo in markdown\nsub/b.txt:deep foo\n"),
        ("grep -rl foo .", "./docs/a.md\n./docs/sub/b.txt\n./notes.txt\n"),
    ],
)
async def test_grep_names_files_when_searching_several_or_a_tree(
    files: Laptop, line: str, stdout: str
) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("grep -A1 4 nums.txt", "4\n5\n"),
        ("grep -B2 4 nums.txt", "2\n3\n4\n"),
        ("grep -C1 -e 2 -e 7 nums.txt", "1\n2\n3\n--\n6\n7\n8\n"),
        ("grep -n -A1 -e 2 -e 3 nums.txt", "2:2\n3:3\n4-4\n"),
    ],
)
async def test_grep_prints_context_with_group_separators(files: Laptop, line: str, stdout: str) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout", "stderr", "status"),
    [
        (
            "grep foo nofile notes.txt",
            "notes.txt:foo bar\nnotes.txt:food truck\n",
            "grep: nofile: No such file or directory\n",
            2,
        ),
        ("grep -s foo nofile", "", "", 2),
        ("grep -q foo nofile notes.txt", "", "grep: nofile: No such file or directory\n", 0),
        ("grep -q nothing-like-it notes.txt", "", "", 1),
        ("grep foo docs", "", "grep: docs: Is a directory\n", 2),
        ("grep -E '(' notes.txt", "", "grep: Unmatched ( or \\(\n", 2),
        (
            "grep",
            "",
            "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
            2,
        ),
        (
            "grep -j x notes.txt",
            "",
            "grep: invalid option -- 'j'\nUsage: grep [OPTION]... PATTERNS [FILE]...\n"
            "Try 'grep --help' for more information.\n",
            2,
        ),
        ("grep -P '\\d{2}' notes.txt", "Meeting at 10\nbaz 42\n", "", 0),
    ],
)
async def test_grep_exit_status_is_0_found_1_none_2_trouble(
    files: Laptop, line: str, stdout: str, stderr: str, status: int
) -> None:
    result = await files.run(line)
    assert (result.stdout, result.stderr, result.exit_status) == (stdout, stderr, status)
