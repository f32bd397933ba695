"""wc and uniq."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/a.txt", "one two\nthree\n")
    await laptop.write("~/b.txt", "x" * 120 + "\n")
    await laptop.write("~/dupes.txt", "a\na\nB\nb\nc\na\n")
    return laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("wc a.txt", " 2  3 14 a.txt\n"),
        ("wc -l a.txt", "2 a.txt\n"),
        ("wc -w < a.txt", "3\n"),
        ("wc -c a.txt b.txt", " 14 a.txt\n121 b.txt\n135 total\n"),
        ("wc a.txt b.txt", "  2   3  14 a.txt\n  1   1 121 b.txt\n  3   4 135 total\n"),
        ("echo hello world | wc", "      1       2      12\n"),
        ("printf 'hi' | wc -l", "0\n"),
        ("echo café | wc -m -c", "      5       6\n"),
    ],
)
async def test_wc_counts_with_gnu_column_widths(files: Laptop, line: str, stdout: str) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
async def test_wc_reports_missing_files_and_still_prints_the_total(files: Laptop) -> None:
    result = await files.run("wc -l a.txt nofile")
    assert result.stdout == " 2 a.txt\n 2 total\n"
    assert result.stderr == "wc: nofile: No such file or directory\n"
    assert result.exit_status == 1


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("uniq dupes.txt", "a\nB\nb\nc\na\n"),
        ("uniq -c dupes.txt", "      2 a\n      1 B\n      1 b\n      1 c\n      1 a\n"),
        ("uniq -d dupes.txt", "a\n"),
        ("uniq -u dupes.txt", "B\nb\nc\na\n"),
        ("uniq -i -c dupes.txt", "      2 a\n      2 B\n      1 c\n      1 a\n"),
        ("sort dupes.txt | uniq -c", "      1 B\n      3 a\n      1 b\n      1 c\n"),
        ("printf 'x 1\\ny 1\\n' | uniq -f 1", "x 1\n"),
    ],
)
async def test_uniq_collapses_adjacent_lines(files: Laptop, line: str, stdout: str) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
async def test_uniq_writes_to_an_output_file_when_given_one(files: Laptop) -> None:
    await files.out("uniq dupes.txt out.txt")
    assert files.read("/home/maya/out.txt") == "a\nB\nb\nc\na\n"


@pytest.mark.anyio
async def test_a_file_without_text_counts_its_real_size_but_cat_has_no_bytes_to_print(laptop: Laptop) -> None:
    await laptop.world.apply("files.write_file", {"path": "~/a.pdf", "size": 5000})
    assert await laptop.out("wc -c a.pdf; cat a.pdf | wc -c; stat -c %s a.pdf") == "5000 a.pdf\n0\n5000\n"
