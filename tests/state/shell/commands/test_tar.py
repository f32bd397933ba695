"""tar: real, deterministic archives kept as base64 with their real size."""

from __future__ import annotations

import base64
import gzip
import io
import tarfile

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/docs/a.txt", "hi\n")
    await laptop.write("~/docs/sub/b.txt", "yo\n")
    return laptop


@pytest.mark.anyio
async def test_tar_czf_makes_a_real_gzipped_archive_and_tzf_lists_it(files: Laptop) -> None:
    assert await files.out("tar -czvf out.tar.gz docs") == "docs/\ndocs/a.txt\ndocs/sub/\ndocs/sub/b.txt\n"
    row = files.world.conn.execute(
        "SELECT content, size, mime_type FROM file_node WHERE path = '/home/maya/out.tar.gz'"
    ).fetchone()
    data = base64.b64decode(row[0])
    assert (row[1], row[2]) == (len(data), "application/gzip")
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(data))) as archive:
        member = archive.getmember("docs/sub/b.txt")
        assert (member.uname, member.size) == ("maya", 3)
    assert await files.out("tar tzf out.tar.gz") == "docs/\ndocs/a.txt\ndocs/sub/\ndocs/sub/b.txt\n"
    assert (await files.out("tar -tvzf out.tar.gz")).split("\n")[1] == (
        "-rw-r--r-- maya/maya         3 2026-03-02 09:00 docs/a.txt"
    )
    assert await files.out("file out.tar.gz") == (
        "out.tar.gz: gzip compressed data, from Unix, original size modulo 2^32 10240\n"
    )


@pytest.mark.anyio
async def test_tar_is_deterministic_and_extracts_with_c_into_a_directory(files: Laptop) -> None:
    await files.out("tar -czf a.tgz docs && tar -czf b.tgz docs")
    assert files.read("/home/maya/a.tgz") == files.read("/home/maya/b.tgz")
    assert await files.out("mkdir out && tar -xzf a.tgz -C out && cat out/docs/sub/b.txt") == "yo\n"
    assert await files.out("tar -xOzf a.tgz docs/a.txt") == "hi\n"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        (
            "tar -xf nothere.tar",
            "tar: nothere.tar: Cannot open: No such file or directory\ntar: Error is not recoverable: exiting now\n",
        ),
        (
            "tar -czf x.tgz nothere docs",
            "tar: nothere: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n",
        ),
        (
            "tar",
            "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\nTry 'tar --help' or 'tar --usage' for more information.\n",
        ),
    ],
)
async def test_tar_fails_with_status_2_in_gnu_words(files: Laptop, line: str, stderr: str) -> None:
    result = await files.run(line)
    assert (result.stderr, result.exit_status) == (stderr, 2)


@pytest.mark.anyio
async def test_a_gzip_bomb_stops_at_the_file_size_limit(files: Laptop) -> None:
    from state.errors import LimitReached

    bomb = gzip.compress(b"\0" * 20_000_000, mtime=0)
    await files.world.apply(
        "files.write_file",
        {
            "path": "~/bomb.tgz",
            "content": base64.b64encode(bomb).decode(),
            "size": len(bomb),
            "mime_type": "application/gzip",
        },
    )
    with pytest.raises(LimitReached, match="unpacks to more than"):
        await files.run("tar -tzf bomb.tgz")
