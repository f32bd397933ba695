"""cut, tr, paste, column."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/data.csv", "name,age,city\nana,31,Lisbon\nbo,27,Oslo\nno commas here\n")
    await laptop.write("~/abc.txt", "a\nb\nc\n")
    return laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("cut -d, -f1 data.csv", "name\nana\nbo\nno commas here\n"),
        ("cut -d , -f 1,3 data.csv", "name,city\nana,Lisbon\nbo,Oslo\nno commas here\n"),
        ("cut -d, -f2- -s data.csv", "age,city\n31,Lisbon\n27,Oslo\n"),
        ("cut -d, -f1 --complement data.csv", "age,city\n31,Lisbon\n27,Oslo\nno commas here\n"),
        (
            "cut -d, -f1,2 --output-delimiter=' | ' data.csv",
            "name | age\nana | 31\nbo | 27\nno commas here\n",
        ),
        ("echo abcdef | cut -c2-4,6", "bcdf\n"),
        ("echo abcdef | cut -c -2", "ab\n"),
        ("printf 'a\\tb\\tc\\n' | cut -f2", "b\n"),
    ],
)
async def test_cut_selects_fields_and_characters(files: Laptop, line: str, stdout: str) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        ("cut data.csv", "cut: you must specify a list of bytes, characters, or fields\n"),
        ("cut -f0 data.csv", "cut: fields are numbered from 1\n"),
        ("cut -d ab -f1 data.csv", "cut: the delimiter must be a single character\n"),
    ],
)
async def test_cut_refuses_bad_lists_as_gnu_does(files: Laptop, line: str, stderr: str) -> None:
    result = await files.run(line)
    assert result.stderr == stderr + "Try 'cut --help' for more information.\n"
    assert result.exit_status == 1


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("echo hello | tr a-z A-Z", "HELLO\n"),
        ("echo hello | tr '[:lower:]' '[:upper:]'", "HELLO\n"),
        ("echo hello | tr -d l", "heo\n"),
        ("echo 'a  b   c' | tr -s ' '", "a b c\n"),
        ("echo hello | tr -c 'a-z\\n' X", "hello\n"),
        ("echo 'a1b2' | tr -cd '[:digit:]'", "12"),
        ("printf 'a\\nb\\n' | tr '\\n' ,", "a,b,"),
        ("echo abc | tr abc x", "xxx\n"),
        ("echo hello | tr -s l L", "heLo\n"),
    ],
)
async def test_tr_translates_deletes_and_squeezes(files: Laptop, line: str, stdout: str) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
async def test_tr_needs_two_sets_to_translate(files: Laptop) -> None:
    result = await files.run("echo x | tr a")
    assert result.stderr == (
        "tr: missing operand after 'a'\nTwo strings must be given when translating.\n"
        "Try 'tr --help' for more information.\n"
    )
    assert result.exit_status == 1


@pytest.mark.anyio
async def test_paste_joins_lines_of_files_and_serial_joins_one_file(files: Laptop) -> None:
    assert await files.out("paste abc.txt abc.txt") == "a\ta\nb\tb\nc\tc\n"
    assert await files.out("paste -s -d, abc.txt") == "a,b,c\n"
    assert await files.out("paste - - < abc.txt") == "a\tb\nc\t\n"


@pytest.mark.anyio
async def test_column_t_aligns_whitespace_separated_columns(files: Laptop) -> None:
    assert await files.out("printf 'a bb c\\nddd e f\\n' | column -t") == "a    bb  c\nddd  e   f\n"
    assert await files.out("head -2 data.csv | column -t -s,") == "name  age  city\nana   31   Lisbon\n"
