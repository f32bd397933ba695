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


@pytest.mark.anyio
async def test_tmp_exists_on_every_device_and_its_files_are_ordinary_rows(world: World) -> None:
    assert await out(world, "ls /; ls -a /tmp; echo draft > /tmp/a.txt; cd /tmp && pwd && cat a.txt") == (
        "home\ntmp\n.\n..\n/tmp\ndraft\n"
    )
    row = world.conn.execute("SELECT parent, content FROM file_node WHERE path = '/tmp/a.txt'").fetchone()
    assert tuple(row) == ("/tmp", "draft\n")
    assert world.conn.execute("SELECT count(*) FROM file_node WHERE path = '/tmp'").fetchone()[0] == 0
    assert (await sh(world, "[ -d /tmp ] && ls /tmp", device="phone")).stdout == ""


@pytest.mark.anyio
async def test_tmp_can_be_emptied_but_not_removed_or_moved(world: World) -> None:
    result = await sh(world, "mkdir -p /tmp/d/e; touch /tmp/f; rm -r /tmp; ls -A /tmp; mv /tmp x; rmdir /tmp")
    assert (result.stdout, result.exit_status) == ("", 1)
    assert result.stderr == (
        "rm: cannot remove '/tmp': Device or resource busy\n"
        "mv: cannot move '/tmp' to 'x': Device or resource busy\n"
        "rmdir: failed to remove '/tmp': Device or resource busy\n"
    )
    assert (await sh(world, "mkdir /tmp")).stderr == "mkdir: cannot create directory '/tmp': File exists\n"
    assert await out(world, "mkdir -p /tmp; find / -maxdepth 1") == "/\n/home\n/tmp\n"


@pytest.mark.anyio
async def test_tree_gives_a_subtree_in_find_order_to_a_depth_and_forgets_it_on_a_write(world: World) -> None:
    async with world.transaction() as tx:
        fs = WorldFileSystem(tx, "laptop", "/home/maya")
        fs.make_dir("d/a/z", parents=True)
        fs.make_dir("d/a b", parents=True)
        fs.write_text("d/a.txt", "one")
        fs.write_text("d0", "a sibling that sorts right after the prefix")
        assert [(s.path, s.is_dir) for s in fs.tree("d")] == [
            ("/home/maya/d", True),
            ("/home/maya/d/a", True),
            ("/home/maya/d/a/z", True),
            ("/home/maya/d/a b", True),
            ("/home/maya/d/a.txt", False),
        ]
        assert [s.path for s in fs.tree("d", max_depth=1)][1:] == ["/home/maya/d/a", "/home/maya/d/a b",
                                                                   "/home/maya/d/a.txt"]  # fmt: skip
        assert [s.path for s in fs.tree("d/a.txt")] == ["/home/maya/d/a.txt"]
        assert [s.path for s in fs.tree("/", max_depth=1)] == ["/", "/home", "/tmp"]
        fs.write_text("d/a.txt", "two")
        assert fs.read_text("d/a.txt") == "two"
        with pytest.raises(FsError, match="No such file"):
            fs.tree("nowhere")


@pytest.mark.anyio
async def test_walking_a_tree_reads_it_in_the_same_few_queries_whatever_its_size(world: World) -> None:
    async def queries(count: int) -> int:
        await sh(
            world,
            f"rm -rf docs; mkdir -p docs/sub; for i in $(seq {count}); do echo word > docs/sub/$i; done",
        )
        seen: list[str] = []
        world.conn.set_trace_callback(seen.append)
        try:
            # one line each, so that no command finds the rows another one read
            found = [
                await out(world, line)
                for line in ("grep -r word docs", "find docs", "du -a docs", "ls -lR docs")
            ]
        finally:
            world.conn.set_trace_callback(None)
        assert [text.count("\n") for text in found[:3]] == [count, count + 2, count + 2]
        return sum("file_node" in statement for statement in seen)

    assert await queries(3) == await queries(30)
