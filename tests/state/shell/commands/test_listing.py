"""ls: names one per line, the long format, sorting, recursion and errors."""

from __future__ import annotations

import pytest

from state.errors import LimitReached
from state.shell.api import Limits
from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/b.txt", "hello\n")
    await laptop.write("~/a.log", "x" * 5000)
    await laptop.write("~/.hidden", "")
    await laptop.write("~/Docs/sub/deep.md", "deep\n")
    await laptop.out("touch -d '2024-01-02 03:04' a.log && touch -d '2026-02-27 10:00' Docs/sub/deep.md")
    return laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("ls", "Docs\na.log\nb.txt\n"),
        ("ls -a", ".\n..\n.hidden\nDocs\na.log\nb.txt\n"),
        ("ls -A", ".hidden\nDocs\na.log\nb.txt\n"),
        ("ls -r", "b.txt\na.log\nDocs\n"),
        ("ls -S", "a.log\nDocs\nb.txt\n"),
        ("ls -t", "Docs\nb.txt\na.log\n"),
        ("ls -tr", "a.log\nb.txt\nDocs\n"),
        ("ls -F", "Docs/\na.log\nb.txt\n"),
        ("ls -1 Docs", "sub\n"),
        ("ls -d Docs", "Docs\n"),
        ("ls b.txt Docs", "b.txt\n\nDocs:\nsub\n"),
        ("ls -R Docs", "Docs:\nsub\n\nDocs/sub:\ndeep.md\n"),
        ("ls *.txt", "b.txt\n"),
        ("ls -s", "total 16\n4 Docs\n8 a.log\n4 b.txt\n"),
    ],
)
async def test_ls_lists_names_one_per_line_in_c_order(files: Laptop, line: str, stdout: str) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
async def test_ls_l_writes_gnus_long_format_with_totals_and_dates(files: Laptop) -> None:
    assert await files.out("ls -l") == (
        "total 16\n"
        "drwxr-xr-x 3 maya maya 4096 Mar  2 09:00 Docs\n"
        "-rw-r--r-- 1 maya maya 5000 Jan  2  2024 a.log\n"
        "-rw-r--r-- 1 maya maya    6 Mar  2 09:00 b.txt\n"
    )
    assert await files.out("ls -la Docs") == (
        "total 12\n"
        "drwxr-xr-x 3 maya maya 4096 Mar  2 09:00 .\n"
        "drwxr-xr-x 3 maya maya 4096 Mar  2 09:00 ..\n"
        "drwxr-xr-x 2 maya maya 4096 Mar  2 09:00 sub\n"
    )
    assert await files.out("ls -lh a.log b.txt") == (
        "-rw-r--r-- 1 maya maya 4.9K Jan  2  2024 a.log\n-rw-r--r-- 1 maya maya    6 Mar  2 09:00 b.txt\n"
    )
    assert await files.out("ls -ld Docs") == "drwxr-xr-x 3 maya maya 4096 Mar  2 09:00 Docs\n"


@pytest.mark.anyio
async def test_ls_reports_a_missing_operand_with_exit_2_after_listing_the_rest(files: Laptop) -> None:
    result = await files.run("ls nofile b.txt")
    assert result.stdout == "b.txt\n"
    assert result.stderr == "ls: cannot access 'nofile': No such file or directory\n"
    assert result.exit_status == 2


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        ("ls -j", "ls: invalid option -- 'j'\n"),
        ("ls --foo", "ls: unrecognized option '--foo'\n"),
        ("ls --all=yes", "ls: option '--all' doesn't allow an argument\n"),
        ("ls --al", "ls: option '--al' is ambiguous; possibilities: '--all' '--almost-all'\n"),
    ],
)
async def test_ls_answers_bad_options_as_gnu_with_exit_2(files: Laptop, line: str, stderr: str) -> None:
    result = await files.run(line)
    assert result.stderr == stderr + "Try 'ls --help' for more information.\n"
    assert result.exit_status == 2


@pytest.mark.anyio
async def test_ls_long_options_and_unique_prefixes_work(files: Laptop) -> None:
    assert await files.out("ls --almost-all --reverse") == "b.txt\na.log\nDocs\n.hidden\n"
    assert await files.out("ls --recur Docs/sub") == "Docs/sub:\ndeep.md\n"


@pytest.mark.anyio
@pytest.mark.parametrize("line", ["ls -R deep", "du deep", "find deep", "grep -r x deep", "cp -r deep copy"])
async def test_recursion_stops_at_the_depth_limit(
    files: Laptop, monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    await files.out("mkdir -p deep/1/2/3/4/5 && touch deep/1/2/3/4/5/x")
    monkeypatch.setattr("state.shell.run.LIMITS", Limits(depth=3))
    with pytest.raises(LimitReached, match="deeper than 3"):
        await files.run(line)
    assert files.read("/home/maya/copy/1/2/3/4/5/x") is None


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("full-iso", "2024-01-05 09:03:07.000000000 +0100 old.txt\n"),
        ("long-iso", "2024-01-05 09:03 old.txt\n"),
        ("iso", "2024-01-05  old.txt\n"),
        ("posix-iso", "2024-01-05  old.txt\n"),
        ("posix-locale", "Jan  5  2024 old.txt\n"),
        ("+%Y/%m/%d", "2024/01/05 old.txt\n"),
    ],
)
async def test_ls_time_style_formats_the_time_of_the_long_listing(
    laptop: Laptop, style: str, expected: str
) -> None:
    await laptop.out("touch -d '2024-01-05 09:03:07' old.txt")
    assert (await laptop.out(f"ls -l --time-style={style} old.txt")).endswith(" 0 " + expected)


@pytest.mark.anyio
async def test_ls_full_time_is_a_long_listing_in_full_iso(laptop: Laptop) -> None:
    await laptop.out("touch -d '2024-01-05 09:03:07' old.txt")
    assert (await laptop.out("ls --full-time old.txt")).endswith(
        " 0 2024-01-05 09:03:07.000000000 +0100 old.txt\n"
    )


@pytest.mark.anyio
async def test_ls_refuses_an_unknown_time_style(laptop: Laptop) -> None:
    result = await laptop.run("ls -l --time-style=bogus")
    assert result.exit_status == 2
    assert result.stderr.startswith("ls: invalid argument 'bogus' for 'time style'\nValid arguments are:\n")
