"""zip and unzip: real archives kept as base64 with their real size."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/docs/a.txt", "hello\n")
    await laptop.write("~/docs/sub/b.txt", "world\n")
    await laptop.write("~/rep.txt", "x" * 1000)
    return laptop


@pytest.mark.anyio
async def test_zip_builds_a_real_archive_stored_as_base64_with_its_byte_size(files: Laptop) -> None:
    out = await files.out("zip -r out.zip docs rep.txt")
    assert out == (
        "  adding: docs/ (stored 0%)\n  adding: docs/a.txt (stored 0%)\n  adding: docs/sub/ (stored 0%)\n"
        "  adding: docs/sub/b.txt (stored 0%)\n  adding: rep.txt (deflated 99%)\n"
    )
    row = files.world.conn.execute(
        "SELECT content, size, mime_type FROM file_node WHERE path = '/home/maya/out.zip'"
    ).fetchone()
    data = base64.b64decode(row[0])
    assert (row[1], row[2]) == (len(data), "application/zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["docs/", "docs/a.txt", "docs/sub/", "docs/sub/b.txt", "rep.txt"]
        assert archive.read("docs/sub/b.txt") == b"world\n"
    assert (
        await files.out("file out.zip")
        == "out.zip: Zip archive data, at least v2.0 to extract, compression method=deflate\n"
    )


@pytest.mark.anyio
async def test_zip_is_deterministic_and_updates_an_existing_archive(files: Laptop) -> None:
    await files.out("zip -q one.zip rep.txt && zip -q two.zip rep.txt")
    assert files.read("/home/maya/one.zip") == files.read("/home/maya/two.zip")
    assert await files.out("zip one.zip rep.txt docs/a.txt") == (
        "  updating: rep.txt (deflated 99%)\n  adding: docs/a.txt (stored 0%)\n"
    )


@pytest.mark.anyio
async def test_zip_with_nothing_to_add_exits_12(files: Laptop) -> None:
    result = await files.run("zip out.zip nofile")
    assert result.stdout == "\tzip warning: name not matched: nofile\n\nzip error: Nothing to do! (out.zip)\n"
    assert result.exit_status == 12


@pytest.mark.anyio
async def test_unzip_lists_and_extracts_and_asks_before_overwriting(files: Laptop) -> None:
    await files.out("zip -qr out.zip docs")
    assert await files.out("unzip -l out.zip") == (
        "Archive:  out.zip\n"
        "  Length      Date    Time    Name\n"
        "---------  ---------- -----   ----\n"
        "        0  2026-03-02 09:00   docs/\n"
        "        6  2026-03-02 09:00   docs/a.txt\n"
        "        0  2026-03-02 09:00   docs/sub/\n"
        "        6  2026-03-02 09:00   docs/sub/b.txt\n"
        "---------                     -------\n"
        "       12                     4 files\n"
    )
    assert await files.out("unzip out.zip -d copy") == (
        "Archive:  out.zip\n   creating: copy/docs/\n extracting: copy/docs/a.txt         \n"
        "   creating: copy/docs/sub/\n extracting: copy/docs/sub/b.txt     \n"
    )
    assert files.read("/home/maya/copy/docs/sub/b.txt") == "world\n"
    again = await files.run("unzip out.zip -d copy")
    assert again.exit_status == 1
    assert again.stderr.startswith("replace copy/docs/a.txt? [y]es, [n]o, [A]ll, [N]one, [r]ename:")
    await files.out("echo changed > copy/docs/a.txt && unzip -oq out.zip -d copy")
    assert files.read("/home/maya/copy/docs/a.txt") == "hello\n"


@pytest.mark.anyio
async def test_unzip_of_a_missing_archive_exits_9(files: Laptop) -> None:
    result = await files.run("unzip nothere.zip")
    assert result.stderr == "unzip:  cannot find or open nothere.zip, nothere.zip.zip or nothere.zip.ZIP.\n"
    assert result.exit_status == 9


async def _names(laptop: Laptop, archive: str) -> list[str]:
    listing = await laptop.out(f"unzip -l {archive}")
    return [line.split()[-1] for line in listing.splitlines()[3:-2]]


@pytest.mark.anyio
async def test_zip_leaves_out_names_matching_the_exclude_patterns(files: Laptop) -> None:
    out = await files.out("zip -r out.zip docs rep.txt -x '*.txt' -q")
    assert out == ""
    assert await _names(files, "out.zip") == ["docs/", "docs/sub/"]
    await files.out("zip -r two.zip docs -x 'docs/sub/*'")
    assert await _names(files, "two.zip") == ["docs/", "docs/a.txt"]


@pytest.mark.anyio
async def test_zip_without_an_exclude_pattern_is_a_usage_error(files: Laptop) -> None:
    result = await files.run("zip -r out.zip docs -x")
    assert result.exit_status == 16
    assert "option 'x' (exclude files matching patterns) requires a value" in result.stdout


@pytest.mark.anyio
async def test_zip_reads_names_from_stdin_with_at(files: Laptop) -> None:
    out = await files.out("find docs -name '*.txt' | zip list.zip -@")
    assert out == "  adding: docs/a.txt (stored 0%)\n  adding: docs/sub/b.txt (stored 0%)\n"
    assert await _names(files, "list.zip") == ["docs/a.txt", "docs/sub/b.txt"]


@pytest.mark.anyio
async def test_zip_d_deletes_matching_entries_and_warns_of_the_rest(files: Laptop) -> None:
    await files.out("zip -qr out.zip docs rep.txt")
    out = await files.out("zip -d out.zip 'docs/sub/*' nothere")
    assert out == "\tzip warning: name not matched: nothere\ndeleting: docs/sub/\ndeleting: docs/sub/b.txt\n"
    assert await _names(files, "out.zip") == ["docs/", "docs/a.txt", "rep.txt"]
    result = await files.run("zip -d out.zip zzz")
    assert (result.stdout, result.exit_status) == (
        "\tzip warning: name not matched: zzz\n\nzip error: Nothing to do! (out.zip)\n",
        12,
    )
