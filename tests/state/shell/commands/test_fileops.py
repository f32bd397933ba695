"""mkdir, rmdir, rm, touch, cp, mv."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/a.txt", "A\n")
    await laptop.write("~/b.txt", "B\n")
    await laptop.write("~/d/inner.txt", "inner\n")
    await laptop.write("~/d/sub/deep.txt", "deep\n")
    return laptop


@pytest.mark.anyio
async def test_mkdir_p_makes_parents_and_v_tells_each_one(files: Laptop) -> None:
    out = await files.out("mkdir -pv x/y/z")
    assert (
        out
        == "mkdir: created directory 'x'\nmkdir: created directory 'x/y'\nmkdir: created directory 'x/y/z'\n"
    )
    assert await files.out("mkdir -p x/y && ls x") == "y\n"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        ("mkdir d", "mkdir: cannot create directory 'd': File exists\n"),
        ("mkdir no/such", "mkdir: cannot create directory 'no/such': No such file or directory\n"),
        ("mkdir a.txt/x", "mkdir: cannot create directory 'a.txt/x': Not a directory\n"),
        ("mkdir", "mkdir: missing operand\nTry 'mkdir --help' for more information.\n"),
        ("rmdir d", "rmdir: failed to remove 'd': Directory not empty\n"),
        ("rmdir nope", "rmdir: failed to remove 'nope': No such file or directory\n"),
        ("rmdir a.txt", "rmdir: failed to remove 'a.txt': Not a directory\n"),
    ],
)
async def test_mkdir_and_rmdir_refuse_as_gnu_does(files: Laptop, line: str, stderr: str) -> None:
    result = await files.run(line)
    assert (result.stderr, result.exit_status) == (stderr, 1)


@pytest.mark.anyio
async def test_rmdir_p_removes_emptied_parents(files: Laptop) -> None:
    await files.out("mkdir -p e/f/g && rmdir -p e/f/g")
    assert await files.out("ls") == "a.txt\nb.txt\nd\n"


@pytest.mark.anyio
async def test_rm_removes_files_and_trees_for_good(files: Laptop) -> None:
    assert await files.out("rm -v a.txt") == "removed 'a.txt'\n"
    out = await files.out("rm -rv d")
    assert out == (
        "removed 'd/inner.txt'\nremoved 'd/sub/deep.txt'\nremoved directory 'd/sub'\nremoved directory 'd'\n"
    )
    assert await files.out("ls") == "b.txt\n"
    trashed = files.world.conn.execute(
        "SELECT count(*) FROM file_node WHERE trashed_at IS NOT NULL"
    ).fetchone()
    assert trashed[0] == 0


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr", "status"),
    [
        ("rm nofile", "rm: cannot remove 'nofile': No such file or directory\n", 1),
        ("rm -f nofile", "", 0),
        ("rm d", "rm: cannot remove 'd': Is a directory\n", 1),
        ("rm -d d", "rm: cannot remove 'd': Directory not empty\n", 1),
        (
            "rm -rf /",
            "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n",
            1,
        ),
        ("rm -rf .", "rm: refusing to remove '.' or '..' directory: skipping '.'\n", 1),
        ("rm -r d/..", "rm: refusing to remove '.' or '..' directory: skipping 'd/..'\n", 1),
        ("rm", "rm: missing operand\nTry 'rm --help' for more information.\n", 1),
    ],
)
async def test_rm_refuses_what_gnu_refuses(files: Laptop, line: str, stderr: str, status: int) -> None:
    result = await files.run(line)
    assert (result.stderr, result.exit_status) == (stderr, status)
    assert files.read("/home/maya/a.txt") == "A\n"


@pytest.mark.anyio
async def test_touch_creates_files_and_sets_times_from_d_t_and_r(files: Laptop) -> None:
    await files.out("touch new.txt && touch -d '2024-01-02 03:04' a.txt && touch -t 202312241830.15 b.txt")
    assert files.read("/home/maya/new.txt") == ""
    assert (
        await files.out("date -r a.txt '+%F %T'; date -r b.txt '+%F %T'")
        == "2024-01-02 03:04:00\n2023-12-24 18:30:15\n"
    )
    await files.out("touch -r a.txt new.txt && touch -c ghost.txt")
    assert await files.out("date -r new.txt +%F") == "2024-01-02\n"
    assert files.read("/home/maya/ghost.txt") is None
    bad = await files.run("touch -d 'not a date' a.txt")
    assert (bad.stderr, bad.exit_status) == ("touch: invalid date format 'not a date'\n", 1)


@pytest.mark.anyio
async def test_cp_copies_files_into_directories_and_trees_with_r(files: Laptop) -> None:
    assert await files.out("cp -v a.txt c.txt") == "'a.txt' -> 'c.txt'\n"
    await files.out("cp a.txt b.txt d")
    assert await files.out("ls d") == "a.txt\nb.txt\ninner.txt\nsub\n"
    await files.out("cp -r d e && cp -r d e")
    assert files.read("/home/maya/e/sub/deep.txt") == "deep\n"
    assert files.read("/home/maya/e/d/sub/deep.txt") == "deep\n"
    await files.out("cp -n b.txt a.txt")
    assert files.read("/home/maya/a.txt") == "A\n"
    await files.out("cp b.txt a.txt")
    assert files.read("/home/maya/a.txt") == "B\n"


@pytest.mark.anyio
async def test_cp_p_keeps_the_modification_time(files: Laptop) -> None:
    await files.out("touch -d 2020-05-05 a.txt && cp -p a.txt kept.txt && cp a.txt fresh.txt")
    assert await files.out("date -r kept.txt +%F; date -r fresh.txt +%F") == "2020-05-05\n2026-03-02\n"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        ("cp d x", "cp: -r not specified; omitting directory 'd'\n"),
        ("cp a.txt a.txt", "cp: 'a.txt' and 'a.txt' are the same file\n"),
        ("cp nofile x", "cp: cannot stat 'nofile': No such file or directory\n"),
        ("cp a.txt no/x", "cp: cannot create regular file 'no/x': No such file or directory\n"),
        ("cp -r d d/sub", "cp: cannot copy a directory, 'd', into itself, 'd/sub/d'\n"),
        ("cp a.txt b.txt nodir", "cp: target 'nodir': No such file or directory\n"),
        ("cp a.txt b.txt a.txt", "cp: target 'a.txt' is not a directory\n"),
        (
            "cp a.txt",
            "cp: missing destination file operand after 'a.txt'\nTry 'cp --help' for more information.\n",
        ),
        ("mv nofile x", "mv: cannot stat 'nofile': No such file or directory\n"),
        ("mv d d/sub", "mv: cannot move 'd' to a subdirectory of itself, 'd/sub/d'\n"),
        ("mv a.txt a.txt", "mv: 'a.txt' and 'a.txt' are the same file\n"),
        ("mv a.txt no/x", "mv: cannot move 'a.txt' to 'no/x': No such file or directory\n"),
        ("mkdir -p t/a.txt && mv a.txt t", "mv: cannot overwrite directory 't/a.txt' with non-directory\n"),
    ],
)
async def test_cp_and_mv_refuse_as_gnu_does(files: Laptop, line: str, stderr: str) -> None:
    result = await files.run(line)
    assert (result.stderr, result.exit_status) == (stderr, 1)


@pytest.mark.anyio
async def test_mv_renames_moves_into_directories_and_replaces_files(files: Laptop) -> None:
    assert await files.out("mv -v a.txt renamed.txt") == "renamed 'a.txt' -> 'renamed.txt'\n"
    await files.out("mv renamed.txt b.txt d && mv -t d/sub d/b.txt")
    assert await files.out("find d -type f") == "d/inner.txt\nd/renamed.txt\nd/sub/b.txt\nd/sub/deep.txt\n"
    await files.write("~/x.txt", "x\n")
    await files.out("mv x.txt d/inner.txt")
    assert files.read("/home/maya/d/inner.txt") == "x\n"
    await files.write("~/y.txt", "y\n")
    await files.out("mv -n y.txt d/inner.txt")
    assert files.read("/home/maya/y.txt") == "y\n"


@pytest.mark.anyio
async def test_chmod_accepts_valid_modes_and_changes_nothing_the_world_keeps(files: Laptop) -> None:
    assert (
        await files.out("chmod +x a.txt && chmod 755 a.txt d && chmod -R u=rw,go=r d && chmod -x a.txt") == ""
    )
    assert (await files.out("ls -l a.txt")).startswith("-rw-r--r-- 1 maya maya")
    bad = await files.run("chmod abc a.txt")
    assert (bad.stderr, bad.exit_status) == (
        "chmod: invalid mode: 'abc'\nTry 'chmod --help' for more information.\n",
        1,
    )
    missing = await files.run("chmod 644 nofile")
    assert (missing.stderr, missing.exit_status) == (
        "chmod: cannot access 'nofile': No such file or directory\n",
        1,
    )


@pytest.mark.anyio
async def test_cp_r_with_a_trailing_slash_copies_into_an_existing_directory(files: Laptop) -> None:
    await files.out("mkdir e && cp -r d/ e/")
    assert await files.out("find e") == "e\ne/d\ne/d/inner.txt\ne/d/sub\ne/d/sub/deep.txt\n"
    await files.out("cp -r d/ fresh")
    assert files.read("/home/maya/fresh/sub/deep.txt") == "deep\n"


@pytest.mark.anyio
async def test_rm_i_asks_on_stderr_and_reads_the_answers_from_stdin(files: Laptop) -> None:
    declined = await files.run("rm -i a.txt b.txt < /dev/null")
    assert declined.stderr == "rm: remove regular file 'a.txt'? rm: remove regular file 'b.txt'? "
    assert (declined.exit_status, files.read("/home/maya/a.txt")) == (0, "A\n")
    await files.run("printf 'y\\nn\\n' | rm -i a.txt b.txt")
    assert (files.read("/home/maya/a.txt"), files.read("/home/maya/b.txt")) == (None, "B\n")
    once = await files.run("rm -I -r d < /dev/null")
    assert once.stderr == "rm: remove 1 argument recursively? "
    assert await files.out("printf 'y\\ny\\ny\\ny\\ny\\ny\\n' | rm -ri d 2>/dev/null; ls") == "b.txt\n"
