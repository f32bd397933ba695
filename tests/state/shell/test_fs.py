"""The world's files as the shell's file system: the files service's rows, never the host."""

from __future__ import annotations

import pytest

from state.shell.api import FsError
from state.shell.fs import WorldFileSystem
from state.world import World
from tests.state.shell.core_helpers import file_content, out, sh


@pytest.mark.anyio
async def test_files_written_by_the_shell_are_rows_the_files_service_reads(world: World) -> None:
    await sh(world, "echo 'hello' > notes.md")
    row = world.conn.execute(
        "SELECT id, parent, name, mime_type, size, created_at, modified_at FROM file_node WHERE path = ?",
        ("/home/maya/notes.md",),
    ).fetchone()
    assert row[0].startswith("file_")
    assert tuple(row)[1:] == (
        "/home/maya",
        "notes.md",
        "text/markdown",
        6,
        "2026-03-02T08:00:00Z",
        "2026-03-02T08:00:00Z",
    )


@pytest.mark.anyio
async def test_files_of_the_files_service_are_seen_by_the_shell(world: World) -> None:
    await world.apply(
        "files.write_file", {"path": "~/Documents/plan.txt", "content": "a plan\n", "parents": True}
    )
    assert await out(world, "read line < Documents/plan.txt; echo $line; echo Documents/*") == (
        "a plan\nDocuments/plan.txt\n"
    )


@pytest.mark.anyio
async def test_trashed_files_do_not_exist_for_the_shell(world: World) -> None:
    await world.apply("files.write_file", {"path": "~/old.txt", "content": "x"})
    await world.apply("files.delete_file", {"path": "~/old.txt"})
    result = await sh(world, "[ -e old.txt ] || echo gone; echo *.txt")
    assert result.stdout == "gone\n*.txt\n"


@pytest.mark.anyio
@pytest.mark.parametrize("path", ["/proc/self/environ", "/etc/passwd", "/dev/sda", "../../../../etc/shadow"])
async def test_host_paths_do_not_exist(world: World, path: str) -> None:
    result = await sh(world, f"read x < {path}")
    assert result.stderr == f"bash: {path}: No such file or directory\n"


@pytest.mark.anyio
async def test_dot_dot_at_the_root_stays_at_the_root(world: World) -> None:
    assert await out(world, "cd /../../..; pwd; cd ../home/maya/../..; pwd") == "/\n/\n"


@pytest.mark.anyio
async def test_the_file_system_maps_failures_to_glibc_words(world: World) -> None:
    await sh(world, "echo x > f.txt; echo y > g.txt")
    async with world.transaction() as tx:
        fs = WorldFileSystem(tx, "laptop", "/home/maya")
        cases = [
            (lambda: fs.read_text("missing"), "No such file or directory"),
            (lambda: fs.read_text("/home"), "Is a directory"),
            (lambda: fs.read_text("f.txt/inner"), "Not a directory"),
            (lambda: fs.make_dir("f.txt"), "File exists"),
            (lambda: fs.remove("/home"), "Directory not empty"),
            (lambda: fs.move("/home", "/home/maya/x"), "Invalid argument"),
        ]
        for action, strerror in cases:
            with pytest.raises(FsError) as raised:
                action()
            assert raised.value.strerror == strerror


@pytest.mark.anyio
async def test_move_copy_remove_and_walk_keep_the_tree_consistent(world: World) -> None:
    async with world.transaction() as tx:
        fs = WorldFileSystem(tx, "laptop", "/home/maya")
        fs.make_dir("a/b", parents=True)
        fs.write_text("a/b/c.txt", "c")
        fs.write_text("a.txt", "top")
        fs.copy("a", "copy", recursive=True)
        fs.move("a", "moved")
        assert fs.walk("/home/maya") == [
            "/home/maya",
            "/home/maya/a.txt",
            "/home/maya/copy",
            "/home/maya/copy/b",
            "/home/maya/copy/b/c.txt",
            "/home/maya/moved",
            "/home/maya/moved/b",
            "/home/maya/moved/b/c.txt",
        ]
        fs.remove("moved", recursive=True)
        assert fs.list_dir(".") == ["a.txt", "copy"]
        assert fs.glob("*/*/*.txt") == ["copy/b/c.txt"]
    parents = world.conn.execute(
        "SELECT parent FROM file_node WHERE path = '/home/maya/copy/b/c.txt'"
    ).fetchone()
    assert parents[0] == "/home/maya/copy/b"


@pytest.mark.anyio
async def test_dev_null_swallows_writes_and_reads_empty(world: World) -> None:
    result = await sh(world, 'echo gone > /dev/null; read x < /dev/null; echo "[$x]"')
    assert result.stdout == "[]\n"
    assert file_content(world, "/dev/null") is None
