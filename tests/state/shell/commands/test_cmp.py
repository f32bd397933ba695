"""cmp: the first differing byte, -s, -l, -b, -n, files that end early, and photos without bytes."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/x", "ab\ncd\n")
    await laptop.write("~/y", "ab\ncx\n")
    await laptop.write("~/z", "ab\n")
    await laptop.write("~/p", "ab")
    await laptop.write("~/e", "")
    await laptop.world.apply(
        "files.write_file", {"path": "~/a.jpg", "size": 4000, "metadata": {"camera": "X"}}
    )
    await laptop.world.apply(
        "files.write_file", {"path": "~/b.jpg", "size": 4000, "metadata": {"camera": "Y"}}
    )
    return laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout", "stderr", "status"),
    [
        ("cmp x x", "", "", 0),
        ("cmp x y", "x y differ: byte 5, line 2\n", "", 1),
        ("cmp -b x y", "x y differ: byte 5, line 2 is 144 d 170 x\n", "", 1),
        ("cmp -l x y", "5 144 170\n", "", 1),
        ("cmp -n 4 x y", "", "", 0),
        ("cmp -s x y", "", "", 1),
        ("cmp x z", "", "cmp: EOF on z after byte 3, line 1\n", 1),
        ("cmp p x", "", "cmp: EOF on p after byte 2, in line 1\n", 1),
        ("cmp e x", "", "cmp: EOF on e which is empty\n", 1),
        ("printf 'ab\\ncd\\n' | cmp - y", "- y differ: byte 5, line 2\n", "", 1),
        ("cmp x nope", "", "cmp: nope: No such file or directory\n", 2),
        ("cmp -s x nope", "", "", 2),
        ("cmp x .", "", "cmp: .: Is a directory\n", 2),
        ("cmp", "", "cmp: missing operand after 'cmp'\ncmp: Try 'cmp --help' for more information.\n", 2),
        ("cmp -q x y", "", "cmp: invalid option -- 'q'\ncmp: Try 'cmp --help' for more information.\n", 2),
    ],
)
async def test_cmp_answers_as_gnu_does(
    files: Laptop, line: str, stdout: str, stderr: str, status: int
) -> None:
    result = await files.run(line)
    assert (result.stdout, result.stderr, result.exit_status) == (stdout, stderr, status)


@pytest.mark.anyio
async def test_cmp_tells_photos_apart_by_their_details_and_a_copy_is_the_same(files: Laptop) -> None:
    result = await files.run("cmp -s a.jpg b.jpg; echo $?; cp a.jpg c.jpg; cmp a.jpg c.jpg && echo same")
    assert (result.stdout, result.stderr) == ("1\nsame\n", "")
