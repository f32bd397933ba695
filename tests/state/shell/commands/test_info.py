"""stat, du and file."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/a.txt", "hello\n")
    await laptop.write("~/big.txt", "x" * 5000)
    await laptop.write("~/d/sub/b.txt", "b\n")
    await laptop.write("~/empty", "")
    return laptop


@pytest.mark.anyio
async def test_stat_prints_gnus_long_format_and_c_formats(files: Laptop) -> None:
    out = await files.out("stat a.txt")
    lines = out.split("\n")
    assert lines[0] == "  File: a.txt"
    assert lines[1] == "  Size: 6         \tBlocks: 8          IO Block: 4096   regular file"
    assert lines[3] == "Access: (0644/-rw-r--r--)  Uid: ( 1000/    maya)   Gid: ( 1000/    maya)"
    assert lines[5] == "Modify: 2026-03-02 09:00:00.000000000 +0100"
    formatted = await files.out("stat -c '%n|%s|%y|%Y|%F|%a|%U' a.txt d empty")
    assert formatted == (
        "a.txt|6|2026-03-02 09:00:00.000000000 +0100|1772438400|regular file|644|maya\n"
        "d|4096|2026-03-02 09:00:00.000000000 +0100|1772438400|directory|755|maya\n"
        "empty|0|2026-03-02 09:00:00.000000000 +0100|1772438400|regular empty file|644|maya\n"
    )
    missing = await files.run("stat nofile")
    assert (missing.stderr, missing.exit_status) == (
        "stat: cannot statx 'nofile': No such file or directory\n",
        1,
    )


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("du d", "8\td/sub\n12\td\n"),
        ("du -a d", "4\td/sub/b.txt\n8\td/sub\n12\td\n"),
        ("du -s d", "12\td\n"),
        ("du -sh d", "12K\td\n"),
        ("du -c a.txt big.txt", "4\ta.txt\n8\tbig.txt\n12\ttotal\n"),
        ("du -h --max-depth=0 .", "28K\t.\n"),
        ("du -sh a.txt empty", "4.0K\ta.txt\n0\tempty\n"),
    ],
)
async def test_du_counts_1k_blocks_as_ls_does(files: Laptop, line: str, stdout: str) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
async def test_file_describes_content_in_the_words_of_file_5(files: Laptop) -> None:
    await files.write("~/script.sh", "#!/bin/bash\necho hi\n")
    await files.write("~/data.json", '{"a": [1, 2]}\n')
    await files.write("~/page.html", "<!DOCTYPE html>\n<html></html>\n")
    await files.write("~/uni.txt", "café\n")
    await files.write("~/crlf.txt", "a\r\nb\r\n")
    await files.world.apply(
        "files.write_file", {"path": "~/photo.jpg", "size": 123456, "mime_type": "image/jpeg"}
    )
    await files.world.apply(
        "files.write_file", {"path": "~/paper.pdf", "size": 5000, "mime_type": "application/pdf"}
    )
    out = await files.out(
        "file a.txt d empty big.txt script.sh data.json page.html uni.txt crlf.txt photo.jpg paper.pdf"
    )
    assert out == (
        "a.txt:     ASCII text\n"
        "d:         directory\n"
        "empty:     empty\n"
        "big.txt:   ASCII text, with very long lines (5000), with no line terminators\n"
        "script.sh: Bourne-Again shell script, ASCII text executable\n"
        "data.json: JSON text data\n"
        "page.html: HTML document, ASCII text\n"
        "uni.txt:   Unicode text, UTF-8 text\n"
        "crlf.txt:  ASCII text, with CRLF line terminators\n"
        "photo.jpg: JPEG image data, JFIF standard 1.01\n"
        "paper.pdf: PDF document, version 1.4\n"
    )
    assert await files.out("file -b a.txt; file --mime-type photo.jpg; file -i uni.txt") == (
        "ASCII text\nphoto.jpg: image/jpeg\nuni.txt: text/plain; charset=utf-8\n"
    )
    assert await files.out("file nofile") == "nofile: cannot open `nofile' (No such file or directory)\n"


@pytest.mark.anyio
async def test_file_calls_three_lines_of_equal_comma_fields_csv_text(files: Laptop) -> None:
    await files.write("~/budget.csv", 'item,"cost, EUR"\nrent,900\nfood,300\n')
    await files.write("~/two.csv", "a,b\n1,2\n")
    await files.write("~/ragged.csv", "a,b\n1,2,3\n4,5\n")
    assert await files.out("file budget.csv two.csv ragged.csv") == (
        "budget.csv: CSV text\ntwo.csv:    ASCII text\nragged.csv: ASCII text\n"
    )
