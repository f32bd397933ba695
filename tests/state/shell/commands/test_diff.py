"""diff: normal and unified output, brief mode, directories, exit statuses."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop

NUMBERS = "".join(f"{n}\n" for n in range(1, 11))


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/old.txt", "a\nb\nc\nd\n")
    await laptop.write("~/new.txt", "a\nB\nc\nd\ne\n")
    await laptop.write("~/n1.txt", NUMBERS)
    await laptop.write("~/n2.txt", NUMBERS.replace("2\n", "", 1).replace("9\n", "nine\n"))
    await laptop.write("~/x", "x")
    await laptop.write("~/y", "y")
    return laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("diff old.txt new.txt", "2c2\n< b\n---\n> B\n4a5\n> e\n"),
        ("diff n1.txt n2.txt", "2d1\n< 2\n9c8\n< 9\n---\n> nine\n"),
        ("diff x y", "1c1\n< x\n\\ No newline at end of file\n---\n> y\n\\ No newline at end of file\n"),
        ("diff -q old.txt new.txt", "Files old.txt and new.txt differ\n"),
        ("diff -i old.txt new.txt", "4a5\n> e\n"),
        ("printf 'a\\nb\\n' | diff - old.txt", "2a3,4\n> c\n> d\n"),
    ],
)
async def test_diff_writes_the_normal_format(files: Laptop, line: str, stdout: str) -> None:
    result = await files.run(line)
    assert (result.stdout, result.stderr, result.exit_status) == (stdout, "", 1)


@pytest.mark.anyio
async def test_diff_u_writes_unified_hunks_with_file_times(files: Laptop) -> None:
    assert (await files.run("diff -u old.txt new.txt")).stdout == (
        "--- old.txt\t2026-03-02 09:00:00.000000000 +0100\n"
        "+++ new.txt\t2026-03-02 09:00:00.000000000 +0100\n"
        "@@ -1,4 +1,5 @@\n a\n-b\n+B\n c\n d\n+e\n"
    )
    hunks = (await files.run("diff -U1 n1.txt n2.txt")).stdout.split("\n", 2)[2]
    assert hunks == "@@ -1,3 +1,2 @@\n 1\n-2\n 3\n@@ -8,3 +7,3 @@\n 8\n-9\n+nine\n 10\n"


@pytest.mark.anyio
async def test_diff_exits_0_for_equal_files_and_2_for_trouble(files: Laptop) -> None:
    assert (await files.run("diff old.txt old.txt")).exit_status == 0
    missing = await files.run("diff old.txt nofile")
    assert (missing.stderr, missing.exit_status) == ("diff: nofile: No such file or directory\n", 2)
    alone = await files.run("diff old.txt")
    assert alone.exit_status == 2


@pytest.mark.anyio
async def test_diff_compares_directories_entry_by_entry(files: Laptop) -> None:
    await files.out("mkdir -p l r && cp old.txt l/f && cp new.txt r/f && touch l/only")
    result = await files.run("diff l r")
    assert result.stdout == "diff l/f r/f\n2c2\n< b\n---\n> B\n4a5\n> e\nOnly in l: only\n"
    assert result.exit_status == 1


@pytest.mark.anyio
async def test_comm_splits_two_sorted_files_into_three_columns(files: Laptop) -> None:
    await files.write("~/c1", "a\nb\nc\n")
    await files.write("~/c2", "b\nc\nd\n")
    assert await files.out("comm c1 c2") == "a\n\t\tb\n\t\tc\n\td\n"
    assert await files.out("comm -12 c1 c2") == "b\nc\n"
    assert await files.out("comm -3 c1 c2") == "a\n\td\n"


@pytest.fixture
async def photos(laptop: Laptop) -> Laptop:
    for path, size in (("~/a.pdf", 5000), ("~/b.pdf", 6000)):
        await laptop.world.apply("files.write_file", {"path": path, "size": size})
    await laptop.out("cp a.pdf copy.pdf; mkdir d e; cp a.pdf d/x; cp b.pdf e/x; echo hi > d/t; echo ho > e/t")
    return laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout", "status"),
    [
        ("diff a.pdf b.pdf", "Binary files a.pdf and b.pdf differ\n", 1),
        ("diff -q a.pdf b.pdf", "Files a.pdf and b.pdf differ\n", 1),
        ("diff a.pdf copy.pdf", "", 0),
        ("diff -s a.pdf copy.pdf", "Files a.pdf and copy.pdf are identical\n", 0),
        ("diff -r d e", "diff -r d/t e/t\n1c1\n< hi\n---\n> ho\nBinary files d/x and e/x differ\n", 1),
    ],
)
async def test_files_without_text_are_compared_as_binary_files(
    photos: Laptop, line: str, stdout: str, status: int
) -> None:
    result = await photos.run(line)
    assert (result.stdout, result.stderr, result.exit_status) == (stdout, "", status)
