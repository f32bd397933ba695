"""sort."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/people.txt", "bob 25\nAlice 30\ncarol 5\nalice 30\n")
    await laptop.write("~/sizes.txt", "1K\n200\n3M\n2G\n")
    await laptop.write("~/csv.txt", "b,2,x\na,10,y\nc,1,z\n")
    return laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("sort people.txt", "Alice 30\nalice 30\nbob 25\ncarol 5\n"),
        ("sort -r people.txt", "carol 5\nbob 25\nalice 30\nAlice 30\n"),
        ("sort -f people.txt", "Alice 30\nalice 30\nbob 25\ncarol 5\n"),
        ("sort -k2 -n people.txt", "carol 5\nbob 25\nAlice 30\nalice 30\n"),
        ("sort -k2,2nr -k1,1 people.txt", "Alice 30\nalice 30\nbob 25\ncarol 5\n"),
        ("sort -t, -k2 -n csv.txt", "c,1,z\nb,2,x\na,10,y\n"),
        ("sort -t , -k3r csv.txt", "c,1,z\na,10,y\nb,2,x\n"),
        ("sort -h sizes.txt", "200\n1K\n3M\n2G\n"),
        ("printf '10\\n9\\n-1\\n1.5\\n' | sort -n", "-1\n1.5\n9\n10\n"),
        ("printf 'b\\na\\nb\\n' | sort -u", "a\nb\n"),
        ("printf 'v1.10\\nv1.9\\nv1.2\\n' | sort -V", "v1.2\nv1.9\nv1.10\n"),
        ("printf 'b\\n_a\\nB\\n1\\n' | sort", "1\nB\n_a\nb\n"),
    ],
)
async def test_sort_orders_lines_in_c_locale_with_keys_and_modes(
    files: Laptop, line: str, stdout: str
) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
async def test_sort_writes_the_output_file_given_with_o_even_over_its_input(files: Laptop) -> None:
    await files.out("sort -o people.txt people.txt")
    assert files.read("/home/maya/people.txt") == "Alice 30\nalice 30\nbob 25\ncarol 5\n"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr", "status"),
    [
        ("sort -k 0 people.txt", "sort: field number is zero: invalid field specification '0'\n", 2),
        ("sort -t ab people.txt", "sort: multi-character tab 'ab'\n", 2),
        ("sort nofile", "sort: cannot read: nofile: No such file or directory\n", 2),
        ("sort -q", "sort: invalid option -- 'q'\nTry 'sort --help' for more information.\n", 2),
        ("printf 'b\\na\\n' | sort -c", "sort: -:2: disorder: a\n", 1),
    ],
)
async def test_sort_complains_in_gnu_words(files: Laptop, line: str, stderr: str, status: int) -> None:
    result = await files.run(line)
    assert (result.stderr, result.exit_status) == (stderr, status)
