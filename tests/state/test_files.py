"""The files service: paths, writing, directories, moving, copying, the trash and syncing devices."""

from __future__ import annotations

import base64
import posixpath
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import anyio
import pytest
from hypothesis import given
from hypothesis import strategies as st

import state.files
import state.files.transfer
from state.db import Tx
from state.errors import Conflict, InvalidArgument, NotFound
from state.files import FileNode, mime_type_for, normalize_path, read_node
from state.world import World
from tests.conftest import BERLIN, NOW


async def _file(world: World, path: str, content: str = "", device: str = "laptop", **more: Any) -> FileNode:
    return await world.apply("files.write_file", {"path": path, "content": content, "device": device, **more})


async def _mkdir(world: World, path: str, device: str = "laptop") -> FileNode:
    return await world.apply("files.make_directory", {"path": path, "device": device})


async def _node(world: World, path: str, device: str = "laptop") -> FileNode:
    async with world.transaction() as tx:
        return read_node(tx, device, path)


async def _exists(world: World, path: str, device: str = "laptop") -> bool:
    try:
        await _node(world, path, device)
    except NotFound:
        return False
    return True


def _live_paths(world: World, device: str = "laptop") -> list[str]:
    rows = world.conn.execute(
        "SELECT path FROM file_node WHERE device = ? AND trashed_at IS NULL ORDER BY path", (device,)
    )
    return [r[0] for r in rows]


@pytest.fixture
async def project(world: World) -> World:
    """~/work/project with README.md, src/main.py and an empty docs/ directory."""
    await _mkdir(world, "~/work/project/src")
    await _mkdir(world, "~/work/project/docs")
    await _file(world, "~/work/project/README.md", "# Project\n")
    await _file(world, "~/work/project/src/main.py", "print('hi')\n")
    return world


# -- paths ----------------------------------------------------------------------------------------


def _tx(world: World) -> Tx:
    return Tx(world.conn, NOW, BERLIN)


@pytest.mark.anyio
async def test_relative_and_tilde_paths_resolve_against_the_device_home(world: World) -> None:
    tx = _tx(world)
    assert normalize_path(tx, "laptop", "~") == "/home/maya"
    assert normalize_path(tx, "laptop", "~/notes.txt") == "/home/maya/notes.txt"
    assert normalize_path(tx, "laptop", "notes.txt") == "/home/maya/notes.txt"
    assert normalize_path(tx, "phone", "DCIM/a.jpg") == "/storage/emulated/0/DCIM/a.jpg"
    assert normalize_path(tx, "laptop", "~maya") == "/home/maya/~maya"
    assert normalize_path(tx, "laptop", "x", cwd="/tmp") == "/tmp/x"


@pytest.mark.anyio
async def test_dot_segments_and_repeated_slashes_are_normalised(world: World) -> None:
    tx = _tx(world)
    assert normalize_path(tx, "laptop", "//home/./maya//a/../b/") == "/home/maya/b"
    assert normalize_path(tx, "laptop", "../../") == "/"
    assert normalize_path(tx, "laptop", "/") == "/"


@pytest.mark.anyio
@pytest.mark.parametrize("path", ["/..", "/../etc", "~/../../..", "../../../etc/passwd", "/a/../../b"])
async def test_a_path_that_would_leave_the_device_tree_is_refused(world: World, path: str) -> None:
    with pytest.raises(InvalidArgument, match=r"goes above the root '/' of device 'laptop'"):
        normalize_path(_tx(world), "laptop", path)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "message"),
    [("", "path '' is empty"), ("a\x00b", "contains a NUL character"), ("x" * 5000, "at most 4096")],
)
async def test_empty_nul_and_overlong_paths_are_refused(world: World, path: str, message: str) -> None:
    with pytest.raises(InvalidArgument, match=message):
        normalize_path(_tx(world), "laptop", path)


@pytest.mark.anyio
async def test_a_name_longer_than_255_bytes_is_refused(world: World) -> None:
    with pytest.raises(InvalidArgument, match="longer than 255 bytes"):
        normalize_path(_tx(world), "laptop", "é" * 128)


@pytest.mark.anyio
async def test_an_unknown_device_is_refused_with_the_devices_there_are(world: World) -> None:
    with pytest.raises(NotFound, match="device 'tablet' does not exist; devices: laptop, phone"):
        await _file(world, "a.txt", device="tablet")


@pytest.fixture(scope="module")
def path_world() -> Iterator[World]:
    """A world for property tests, which run many examples against one world."""
    w = World.create(now=NOW, timezone="Europe/Berlin", tracking=False)
    device = {
        "id": "laptop",
        "name": "L",
        "kind": "laptop",
        "os": "Linux",
        "home": "/home/maya",
        "hostname": "l",
    }
    anyio.run(w.apply, "world.add_device", device)
    yield w
    w.close()


_segments = st.one_of(
    st.sampled_from(["", ".", "..", "~", "a", "b", "é", " x ", "...", "a\\b"]),
    st.text(alphabet=st.characters(blacklist_characters="/\x00"), max_size=8),
)
_paths = st.builds(
    lambda start, parts: start + "/".join(parts),
    st.sampled_from(["", "/", "~/", "~", "//", "./", "../"]),
    st.lists(_segments, max_size=8),
)


@given(path=_paths)
def test_no_path_normalises_outside_the_root_and_normalising_twice_changes_nothing(
    path_world: World, path: str
) -> None:
    tx = _tx(path_world)
    try:
        once = normalize_path(tx, "laptop", path)
    except InvalidArgument:
        return
    assert once.startswith("/")
    assert once == "/" or not once.endswith("/")
    assert all(part not in ("", ".", "..") for part in once.split("/")[1:] if once != "/")
    assert normalize_path(tx, "laptop", once) == once


@given(parts=st.lists(st.sampled_from(["a", "b", ".", "..", ""]), max_size=10))
def test_absolute_paths_normalise_like_posix_unless_they_go_above_the_root(
    path_world: World, parts: list[str]
) -> None:
    path = "/" + "/".join(parts)
    depth, escapes = 0, False
    for part in parts:
        if part == "..":
            escapes = escapes or depth == 0
            depth = max(depth - 1, 0)
        elif part not in ("", "."):
            depth += 1
    if escapes:
        with pytest.raises(InvalidArgument):
            normalize_path(_tx(path_world), "laptop", path)
    else:
        assert normalize_path(_tx(path_world), "laptop", path) == posixpath.normpath(path).replace("//", "/")


@pytest.mark.anyio
async def test_read_node_names_the_path_the_device_and_what_the_directory_holds(project: World) -> None:
    with pytest.raises(
        NotFound,
        match=r"no file or directory '/home/maya/work/project/READ' on device "
        r"'laptop'; '/home/maya/work/project' holds: README.md, docs/, src/",
    ):
        await _node(project, "~/work/project/READ")
    with pytest.raises(NotFound, match=r"its directory '/home/maya/nope' does not exist either"):
        await _node(project, "~/nope/x")


# -- mime types -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "mime"),
    [
        ("report.pdf", "application/pdf"),
        ("IMG_0042.JPG", "image/jpeg"),
        ("IMG_0043.heic", "image/heic"),
        ("notes.md", "text/markdown"),
        ("budget.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("/home/maya/a.tar.gz", "application/gzip"),
        ("Makefile", "text/x-makefile"),
        (".bashrc", "application/x-sh"),
        (".hidden", "application/octet-stream"),
        ("noextension", "application/octet-stream"),
        ("weird.xyz123", "application/octet-stream"),
    ],
)
def test_mime_types_come_from_a_fixed_extension_table(name: str, mime: str) -> None:
    assert mime_type_for(name) == mime


def test_mime_types_never_consult_the_host_database(monkeypatch: pytest.MonkeyPatch) -> None:
    import mimetypes

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the host mimetypes database was consulted")

    monkeypatch.setattr(mimetypes, "guess_type", refuse)
    monkeypatch.setattr(mimetypes, "init", refuse)
    assert mime_type_for("x.png") == "image/png"


# -- writing --------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_write_file_creates_a_text_file_with_utf8_size_mime_type_and_the_world_clock(
    world: World,
) -> None:
    await _mkdir(world, "~")
    node = await _file(world, "~/Grüße.txt", "héllo")
    assert (node.path, node.parent, node.name) == ("/home/maya/Grüße.txt", "/home/maya", "Grüße.txt")
    assert (node.size, node.mime_type, node.is_dir) == (6, "text/plain", False)
    assert node.created_at == node.modified_at == "2026-03-02T08:00:00Z"
    assert await _node(world, "/home/maya/Grüße.txt") == node


@pytest.mark.anyio
async def test_write_file_shows_in_the_diff_as_one_inserted_row(world: World) -> None:
    await _mkdir(world, "~")
    since = world.snapshot()
    node = await _file(world, "~/a.txt", "hi")
    diff = world.diff(since)
    assert [(c.table, c.id, c.kind) for c in diff.changes] == [("file_node", node.id, "insert")]
    assert diff.changes[0].after is not None
    assert diff.changes[0].after["content"] == "hi"
    assert diff.changes[0].after["trashed_at"] is None


@pytest.mark.anyio
async def test_a_photo_keeps_empty_content_with_its_size_mime_type_and_metadata(world: World) -> None:
    exif = {"taken_at": "2026-02-14T18:03:00+01:00", "camera": "Pixel 8", "place": "Lisbon"}
    await _mkdir(world, "~", device="phone")
    photo = await _file(
        world,
        "DCIM/IMG_1.raw",
        device="phone",
        size=2_400_000,
        mime_type="image/x-raw",
        metadata=exif,
        parents=True,
    )
    stored = await _node(world, "~/DCIM/IMG_1.raw", device="phone")
    assert (stored.content, stored.size, stored.mime_type, stored.file_metadata) == (
        "",
        2_400_000,
        "image/x-raw",
        exif,
    )
    assert stored == photo


@pytest.mark.anyio
async def test_create_mode_on_an_existing_file_is_a_conflict(world: World) -> None:
    await _mkdir(world, "~")
    await _file(world, "~/a.txt", "one")
    with pytest.raises(
        Conflict,
        match=r"file '/home/maya/a.txt' exists already on device 'laptop'; use mode "
        r"'overwrite' or 'append'",
    ):
        await _file(world, "~/a.txt", "two")
    assert (await _node(world, "~/a.txt")).content == "one"


@pytest.mark.anyio
async def test_overwrite_replaces_content_and_sets_modified_at_to_the_world_clock(world: World) -> None:
    await _mkdir(world, "~")
    first = await _file(world, "~/a.txt", "one", metadata={"k": "v"})
    world.set_clock(NOW + timedelta(hours=2))
    second = await _file(world, "~/a.txt", "three", mode="overwrite")
    assert (second.id, second.content, second.size) == (first.id, "three", 5)
    assert (second.created_at, second.modified_at) == ("2026-03-02T08:00:00Z", "2026-03-02T10:00:00Z")
    assert second.file_metadata == {"k": "v"}
    assert await _node(world, "~/a.txt") == second


@pytest.mark.anyio
async def test_append_adds_to_the_end_and_creates_a_missing_file(world: World) -> None:
    await _mkdir(world, "~")
    await _file(world, "~/log.txt", "b\n", mode="append")
    node = await _file(world, "~/log.txt", "ü\n", mode="append")
    assert (node.content, node.size) == ("b\nü\n", 5)


@pytest.mark.anyio
async def test_a_missing_parent_is_refused_unless_parents_is_true(world: World) -> None:
    with pytest.raises(
        NotFound,
        match=r"directory '/home/maya/a/b' does not exist on device 'laptop'.*"
        r"parents=True",
    ):
        await _file(world, "~/a/b/c.txt", "x")
    assert _live_paths(world) == ["/home", "/home/maya"]
    await _file(world, "~/a/b/c.txt", "x", parents=True)
    assert _live_paths(world) == [
        "/home",
        "/home/maya",
        "/home/maya/a",
        "/home/maya/a/b",
        "/home/maya/a/b/c.txt",
    ]
    kinds = [(await _node(world, p)).is_dir for p in _live_paths(world)]
    assert kinds == [True, True, True, True, False]


@pytest.mark.anyio
@pytest.mark.parametrize("parents", [False, True])
async def test_writing_below_a_file_is_refused(world: World, parents: bool) -> None:
    await _mkdir(world, "~")
    await _file(world, "~/a.txt", "x")
    since = world.snapshot()
    with pytest.raises(Conflict, match=r"'/home/maya/a.txt' is a file, not a directory"):
        await _file(world, "~/a.txt/deeper/b.txt", "y", parents=parents)
    assert world.diff(since).empty


@pytest.mark.anyio
@pytest.mark.parametrize("mode", ["create", "overwrite", "append"])
async def test_writing_over_a_directory_is_refused(world: World, mode: str) -> None:
    await _mkdir(world, "~/docs")
    with pytest.raises(Conflict, match=r"'/home/maya/docs' on device 'laptop' is a directory"):
        await _file(world, "~/docs", "x", mode=mode)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"mode": "truncate"}, "mode 'truncate' is not one of create, overwrite, append"),
        ({"size": -1}, "size -1 is negative"),
        ({"mime_type": "jpeg"}, "mime type 'jpeg' is not of the form 'type/subtype'"),
        ({"path": "/"}, "is the root directory of device 'laptop'"),
    ],
)
async def test_bad_write_arguments_are_refused_with_what_is_allowed(
    world: World, arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidArgument, match=message):
        await world.apply("files.write_file", {"path": "~/a.txt", **arguments})


# -- directories ----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_make_directory_makes_missing_parents_and_accepts_an_existing_directory(world: World) -> None:
    made = await _mkdir(world, "~/a/b")
    again = await _mkdir(world, "/home/maya/a/b/")
    assert made == again
    assert (made.is_dir, made.mime_type, made.size) == (True, "inode/directory", 0)
    assert _live_paths(world) == ["/home", "/home/maya", "/home/maya/a", "/home/maya/a/b"]


@pytest.mark.anyio
async def test_make_directory_without_parents_is_strict(world: World) -> None:
    await _mkdir(world, "~")
    no_parents = {"device": "laptop", "parents": False}
    with pytest.raises(Conflict, match="directory '/home/maya' exists already"):
        await world.apply("files.make_directory", {"path": "~", **no_parents})
    with pytest.raises(NotFound, match="directory '/home/maya/x' does not exist"):
        await world.apply("files.make_directory", {"path": "~/x/y", **no_parents})


@pytest.mark.anyio
async def test_make_directory_over_a_file_is_a_conflict(world: World) -> None:
    await _mkdir(world, "~")
    await _file(world, "~/a", "x")
    with pytest.raises(Conflict, match=r"'/home/maya/a' on device 'laptop' is a file"):
        await _mkdir(world, "~/a")


# -- moving and copying ---------------------------------------------------------------------------


async def _move(world: World, source: str, destination: str, **more: Any) -> FileNode:
    return await world.apply("files.move_file", {"source": source, "destination": destination, **more})


async def _copy(world: World, source: str, destination: str, **more: Any) -> FileNode:
    return await world.apply("files.copy_file", {"source": source, "destination": destination, **more})


@pytest.mark.anyio
async def test_moving_into_an_existing_directory_keeps_the_name(project: World) -> None:
    moved = await _move(project, "~/work/project/README.md", "~/work/project/docs")
    assert (moved.path, moved.parent, moved.name) == (
        "/home/maya/work/project/docs/README.md",
        "/home/maya/work/project/docs",
        "README.md",
    )
    assert not await _exists(project, "~/work/project/README.md")


@pytest.mark.anyio
async def test_moving_a_directory_moves_its_subtree_and_the_diff_shows_new_paths(project: World) -> None:
    since = project.snapshot()
    await _move(project, "~/work/project", "~/archive-2026", parents=False)
    assert _live_paths(project) == [
        "/home",
        "/home/maya",
        "/home/maya/archive-2026",
        "/home/maya/archive-2026/README.md",
        "/home/maya/archive-2026/docs",
        "/home/maya/archive-2026/src",
        "/home/maya/archive-2026/src/main.py",
        "/home/maya/work",
    ]
    diff = project.diff(since)
    assert {c.kind for c in diff.changes} == {"update"}
    assert len(diff.changes) == 5
    top = next(c for c in diff.changes if c.after and c.after["path"] == "/home/maya/archive-2026")
    assert top.columns == ["path", "parent", "name"]
    main = next(c for c in diff.changes if c.after and c.after["name"] == "main.py")
    assert main.columns == ["path", "parent"]


@pytest.mark.anyio
@pytest.mark.parametrize("destination", ["~/work/project/src", "~/work/project/src/deeper", "~/work/project"])
async def test_moving_a_directory_into_itself_is_refused(project: World, destination: str) -> None:
    since = project.snapshot()
    with pytest.raises(InvalidArgument, match=r"cannot move directory '/home/maya/work/project' into itself"):
        await _move(project, "~/work/project", destination, parents=True)
    assert project.diff(since).empty


@pytest.mark.anyio
async def test_moving_a_file_onto_itself_is_refused(project: World) -> None:
    with pytest.raises(InvalidArgument, match="onto itself"):
        await _move(project, "~/work/project/README.md", "~/work/project")


@pytest.mark.anyio
async def test_moving_onto_an_existing_file_is_a_conflict(project: World) -> None:
    await _file(project, "~/work/project/docs/README.md", "other")
    with pytest.raises(Conflict, match=r"'/home/maya/work/project/docs/README.md' exists already"):
        await _move(project, "~/work/project/README.md", "~/work/project/docs/")


@pytest.mark.anyio
async def test_moving_to_a_missing_directory_is_refused_unless_parents_is_true(project: World) -> None:
    with pytest.raises(NotFound, match="directory '/home/maya/new' does not exist"):
        await _move(project, "~/work/project/README.md", "~/new/README.md")
    moved = await _move(project, "~/work/project/README.md", "~/new/README.md", parents=True)
    assert moved.path == "/home/maya/new/README.md"


@pytest.mark.anyio
async def test_renaming_changes_a_derived_mime_type_but_keeps_a_given_one(world: World) -> None:
    await _mkdir(world, "~")
    await _file(world, "~/a.txt", "x")
    await _file(world, "~/photo", size=10, mime_type="image/png")
    assert (await _move(world, "~/a.txt", "~/a.md")).mime_type == "text/markdown"
    assert (await _move(world, "~/photo", "~/photo.bin")).mime_type == "image/png"


@pytest.mark.anyio
async def test_a_move_that_fails_halfway_through_a_subtree_changes_nothing(
    project: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = state.files.transfer._move_row  # pyright: ignore[reportPrivateUsage]
    calls: list[str] = []

    def fail_on_third(tx: Tx, member: FileNode, changes: dict[str, str]) -> None:
        calls.append(member.path)
        if len(calls) == 3:
            raise Conflict("simulated failure in the middle of the subtree")
        real(tx, member, changes)

    monkeypatch.setattr(state.files.transfer, "_move_row", fail_on_third)
    before = project.serialize()
    since = project.snapshot()
    with pytest.raises(Conflict, match="simulated failure"):
        await _move(project, "~/work/project", "~/moved")
    assert len(calls) == 3
    assert project.diff(since).empty
    assert project.serialize() == before
    assert await _exists(project, "~/work/project/src/main.py")


@pytest.mark.anyio
async def test_copying_a_directory_copies_its_subtree_with_new_ids_and_keeps_the_source(
    project: World,
) -> None:
    world = project
    world.set_clock(NOW + timedelta(days=1))
    since = world.snapshot()
    copy = await _copy(world, "~/work/project", "~/work/project-copy")
    assert copy.path == "/home/maya/work/project-copy"
    copied_main = await _node(world, "~/work/project-copy/src/main.py")
    original_main = await _node(world, "~/work/project/src/main.py")
    assert copied_main.id != original_main.id
    assert (copied_main.content, copied_main.parent) == ("print('hi')\n", "/home/maya/work/project-copy/src")
    assert copied_main.created_at == copied_main.modified_at == "2026-03-03T08:00:00Z"
    assert world.diff(since).counts() == {"file_node": {"insert": 5, "update": 0, "delete": 0}}


@pytest.mark.anyio
async def test_copying_a_file_into_a_directory_keeps_its_name_and_metadata(world: World) -> None:
    await _mkdir(world, "~/Pictures")
    await _file(world, "~/a.jpg", size=100, metadata={"camera": "X100"})
    copy = await _copy(world, "~/a.jpg", "~/Pictures")
    assert (copy.path, copy.size, copy.mime_type, copy.file_metadata) == (
        "/home/maya/Pictures/a.jpg",
        100,
        "image/jpeg",
        {"camera": "X100"},
    )
    assert await _exists(world, "~/a.jpg")


@pytest.mark.anyio
async def test_copying_a_directory_into_itself_is_refused(project: World) -> None:
    with pytest.raises(InvalidArgument, match="cannot copy directory '/home/maya/work/project' into itself"):
        await _copy(project, "~/work/project", "~/work/project/docs")


@pytest.mark.anyio
async def test_copying_a_missing_source_names_it(project: World) -> None:
    with pytest.raises(NotFound, match=r"no file or directory '/home/maya/nope\.txt' on device 'laptop'"):
        await _copy(project, "nope.txt", "x.txt")


# -- trash ----------------------------------------------------------------------------------------


async def _delete(world: World, path: str, device: str = "laptop") -> FileNode:
    return await world.apply("files.delete_file", {"path": path, "device": device})


async def _restore(world: World, path: str, device: str = "laptop") -> FileNode:
    return await world.apply("files.restore_file", {"path": path, "device": device})


def _trashed(world: World) -> list[tuple[str, str, str]]:
    rows = world.conn.execute(
        "SELECT original_path, trash_id, content FROM file_node WHERE trashed_at IS NOT NULL ORDER BY original_path"
    )
    return [tuple(r) for r in rows]


@pytest.mark.anyio
async def test_deleting_a_directory_trashes_its_whole_subtree_keeping_original_paths(project: World) -> None:
    since = project.snapshot()
    trashed = await _delete(project, "~/work/project")
    assert (trashed.trashed_at, trashed.original_path) == ("2026-03-02T08:00:00Z", "/home/maya/work/project")
    assert _live_paths(project) == ["/home", "/home/maya", "/home/maya/work"]
    assert [t[0] for t in _trashed(project)] == [
        "/home/maya/work/project",
        "/home/maya/work/project/README.md",
        "/home/maya/work/project/docs",
        "/home/maya/work/project/src",
        "/home/maya/work/project/src/main.py",
    ]
    diff = project.diff(since)
    assert len(diff.changes) == 5
    assert all(c.columns == ["trashed_at", "original_path", "trash_id"] for c in diff.changes)


@pytest.mark.anyio
async def test_a_deleted_path_can_be_used_again(world: World) -> None:
    await _mkdir(world, "~")
    await _file(world, "~/a.txt", "old")
    await _delete(world, "~/a.txt")
    new = await _file(world, "~/a.txt", "new")
    assert (await _node(world, "~/a.txt")) == new


@pytest.mark.anyio
async def test_restore_brings_back_the_most_recently_trashed_file_even_within_one_second(
    world: World,
) -> None:
    await _mkdir(world, "~")
    for version in ("first", "second", "third"):
        await _file(world, "~/draft.md", version)
        await _delete(world, "~/draft.md")
    restored = await _restore(world, "~/draft.md")
    assert (restored.content, restored.trashed_at, restored.original_path) == ("third", None, "")
    assert await _node(world, "~/draft.md") == restored
    await _delete(world, "~/draft.md")
    assert (await _restore(world, "~/draft.md")).content == "third"


@pytest.mark.anyio
async def test_restoring_a_directory_brings_back_its_subtree_but_not_older_trash(project: World) -> None:
    await _file(project, "~/work/project/notes.txt", "old notes")
    await _delete(project, "~/work/project/notes.txt")
    paths_before = _live_paths(project)
    await _delete(project, "~/work/project")
    restored = await _restore(project, "~/work/project")
    assert restored.path == "/home/maya/work/project"
    assert _live_paths(project) == paths_before
    assert [t[0] for t in _trashed(project)] == ["/home/maya/work/project/notes.txt"]


@pytest.mark.anyio
async def test_delete_then_restore_leaves_no_diff(project: World) -> None:
    since = project.snapshot()
    await _delete(project, "~/work/project")
    await _restore(project, "~/work/project")
    assert project.diff(since).empty


@pytest.mark.anyio
async def test_restore_is_refused_when_the_path_is_taken_again(world: World) -> None:
    await _mkdir(world, "~")
    await _file(world, "~/a.txt", "old")
    await _delete(world, "~/a.txt")
    await _file(world, "~/a.txt", "new")
    since = world.snapshot()
    with pytest.raises(Conflict, match=r"'/home/maya/a.txt' on device 'laptop' is taken by another file"):
        await _restore(world, "~/a.txt")
    assert world.diff(since).empty


@pytest.mark.anyio
async def test_restoring_what_was_never_deleted_lists_what_the_trash_holds(project: World) -> None:
    await _delete(project, "~/work/project/src")
    with pytest.raises(
        NotFound,
        match=r"nothing at '/home/maya/x' is in the trash of device 'laptop'; "
        r"the trash holds: /home/maya/work/project/src$",
    ):
        await _restore(project, "~/x")


@pytest.mark.anyio
async def test_restoring_a_file_of_a_deleted_directory_needs_the_directory_first(project: World) -> None:
    await _delete(project, "~/work/project/src")
    with pytest.raises(
        NotFound, match=r"its directory '/home/maya/work/project/src' does not exist; restore"
    ):
        await _restore(project, "~/work/project/src/main.py")
    await _restore(project, "~/work/project/src")
    assert await _exists(project, "~/work/project/src/main.py")


@pytest.mark.anyio
async def test_deleting_a_missing_file_names_it(world: World) -> None:
    with pytest.raises(
        NotFound, match=r"no file or directory '/home/maya/a\.txt' on device 'laptop' to delete"
    ):
        await _delete(world, "a.txt")


@pytest.mark.anyio
async def test_empty_trash_deletes_trashed_nodes_of_one_device_for_good(project: World) -> None:
    await _mkdir(project, "~", device="phone")
    await _file(project, "~/x.txt", "x", device="phone")
    await _delete(project, "~/x.txt", device="phone")
    await _delete(project, "~/work/project")
    since = project.snapshot()
    assert await project.apply("files.empty_trash", {}) == 5
    assert project.diff(since).counts() == {"file_node": {"insert": 0, "update": 0, "delete": 5}}
    assert _trashed(project) == [("/storage/emulated/0/x.txt", "trash_1", "x")]
    with pytest.raises(NotFound, match="the trash holds: nothing"):
        await _restore(project, "~/work/project")


# -- syncing between devices ----------------------------------------------------------------------


async def _sync(world: World, path: str, **more: Any) -> FileNode:
    return await world.apply(
        "files.sync_file_to_device", {"path": path, "from_device": "laptop", "to_device": "phone", **more}
    )


@pytest.mark.anyio
async def test_sync_copies_a_file_to_the_same_place_under_the_other_home_making_parents(
    project: World,
) -> None:
    synced = await _sync(project, "~/work/project/README.md")
    assert (synced.device, synced.path, synced.content) == (
        "phone",
        "/storage/emulated/0/work/project/README.md",
        "# Project\n",
    )
    assert _live_paths(project, "phone") == [
        "/storage",
        "/storage/emulated",
        "/storage/emulated/0",
        "/storage/emulated/0/work",
        "/storage/emulated/0/work/project",
        "/storage/emulated/0/work/project/README.md",
    ]
    assert await _exists(project, "~/work/project/README.md")


@pytest.mark.anyio
async def test_sync_to_an_existing_directory_puts_the_file_into_it(project: World) -> None:
    await _mkdir(project, "~/Download", device="phone")
    synced = await _sync(project, "~/work/project/src/main.py", to_path="Download")
    assert synced.path == "/storage/emulated/0/Download/main.py"


@pytest.mark.anyio
async def test_sync_replaces_the_file_on_the_other_device_and_keeps_its_modified_time(project: World) -> None:
    await _sync(project, "~/work/project/README.md")
    project.set_clock(NOW + timedelta(hours=5))
    await _file(project, "~/work/project/README.md", "# Project v2\n", mode="overwrite")
    project.set_clock(NOW + timedelta(hours=6))
    synced = await _sync(project, "~/work/project/README.md")
    assert (synced.content, synced.size, synced.modified_at) == ("# Project v2\n", 13, "2026-03-02T13:00:00Z")
    assert synced.created_at == "2026-03-02T08:00:00Z"


@pytest.mark.anyio
async def test_sync_of_a_directory_merges_into_the_other_device(project: World) -> None:
    await _mkdir(project, "~/work/project", device="phone")
    await _file(project, "~/work/project/phone-only.txt", "p", device="phone")
    await _sync(project, "~/work/project")
    phone = [p.removeprefix("/storage/emulated/0/work/project") for p in _live_paths(project, "phone")]
    assert phone[-6:] == ["", "/README.md", "/docs", "/phone-only.txt", "/src", "/src/main.py"]


@pytest.mark.anyio
async def test_sync_within_one_device_is_refused(project: World) -> None:
    with pytest.raises(InvalidArgument, match="from_device and to_device are both 'laptop'"):
        await project.apply(
            "files.sync_file_to_device", {"path": "~", "from_device": "laptop", "to_device": "laptop"}
        )


@pytest.mark.anyio
async def test_sync_of_a_file_onto_a_directory_is_a_conflict_and_changes_nothing(project: World) -> None:
    await _mkdir(project, "~/work/project/README.md", device="phone")
    since = project.snapshot()
    with pytest.raises(Conflict, match=r"'/storage/emulated/0/work/project/README.md' is a directory there"):
        await _sync(project, "~/work/project")
    assert project.diff(since).empty


@pytest.mark.anyio
async def test_sync_outside_the_home_keeps_the_absolute_path(world: World) -> None:
    await _file(world, "/tmp/a.txt", "x", parents=True)
    synced = await _sync(world, "/tmp/a.txt")
    assert synced.path == "/tmp/a.txt"


@pytest.mark.anyio
async def test_restoring_a_directory_from_a_deleted_directory_brings_back_only_its_own_subtree(
    project: World,
) -> None:
    await _delete(project, "~/work/project")
    await _mkdir(project, "~/work/project")
    restored = await _restore(project, "~/work/project/src")
    assert restored.path == "/home/maya/work/project/src"
    assert _live_paths(project)[-3:] == [
        "/home/maya/work/project",
        "/home/maya/work/project/src",
        "/home/maya/work/project/src/main.py",
    ]
    assert [t[0] for t in _trashed(project)] == [
        "/home/maya/work/project",
        "/home/maya/work/project/README.md",
        "/home/maya/work/project/docs",
    ]


@pytest.mark.anyio
async def test_text_that_is_not_unicode_is_refused_in_paths_and_content(world: World) -> None:
    with pytest.raises(InvalidArgument, match="lone surrogate"):
        normalize_path(_tx(world), "laptop", "a\ud800")
    await _mkdir(world, "~")
    with pytest.raises(InvalidArgument, match="content holds a lone surrogate"):
        await _file(world, "~/a.txt", "\udc80")


# -- /tmp -----------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_tmp_exists_on_every_device_without_a_row_and_holds_ordinary_files(world: World) -> None:
    written = await _file(world, "/tmp/draft.md", "draft\n")
    assert (written.path, written.parent) == ("/tmp/draft.md", "/tmp")
    assert "/tmp" not in _live_paths(world)
    async with world.transaction() as tx:
        assert state.files.is_directory(tx, "phone", "/tmp")
        where, nodes, total = state.files.list_entries(tx, "laptop", "/tmp")
    assert (where, [n.name for n in nodes], total) == ("/tmp", ["draft.md"], 1)


@pytest.mark.anyio
async def test_the_root_lists_tmp_among_its_directories(world: World) -> None:
    await _file(world, "/zeta.txt", "z")
    async with world.transaction() as tx:
        _, nodes, total = state.files.list_entries(tx, "laptop", "/")
        _, by_size, _ = state.files.list_entries(tx, "laptop", "/", sort="size")
        _, second, _ = state.files.list_entries(tx, "laptop", "/", sort="size", limit=1, offset=1)
    assert ([n.path for n in nodes], total) == (["/home", "/tmp", "/zeta.txt"], 3)
    assert ([n.path for n in by_size], [n.path for n in second]) == (
        ["/zeta.txt", "/home", "/tmp"],
        ["/home"],
    )


@pytest.mark.anyio
async def test_tmp_itself_cannot_be_written_deleted_or_made_again(world: World) -> None:
    with pytest.raises(InvalidArgument, match="scratch directory"):
        await _file(world, "/tmp", "x")
    with pytest.raises(InvalidArgument, match="scratch directory"):
        await world.apply("files.delete_file", {"path": "/tmp"})
    with pytest.raises(Conflict, match="exists already"):
        await world.apply("files.make_directory", {"path": "/tmp", "parents": False})
    made = await _mkdir(world, "/tmp")
    assert (made.path, made.is_dir, _live_paths(world)) == ("/tmp", True, ["/home", "/home/maya"])


# -- binary files ------------------------------------------------------------------------------------

_BYTES = bytes(range(256))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@pytest.mark.anyio
async def test_a_binary_file_keeps_its_bytes_and_text_and_its_size_is_theirs(world: World) -> None:
    node = await _file(world, "~/a.pdf", "the text layer", data=_b64(_BYTES))
    assert (node.data, node.content, node.size, node.mime_type) == (
        _BYTES,
        "the text layer",
        256,
        "application/pdf",
    )
    copied = await world.apply("files.copy_file", {"source": "~/a.pdf", "destination": "~/b.pdf"})
    moved = await world.apply("files.move_file", {"source": "~/b.pdf", "destination": "~/c.pdf"})
    synced = await world.apply(
        "files.sync_file_to_device", {"path": "~/c.pdf", "from_device": "laptop", "to_device": "phone"}
    )
    assert copied.data == moved.data == synced.data == _BYTES
    async with world.read() as tx:
        assert read_node(tx, "phone", "~/c.pdf").data == _BYTES


@pytest.mark.anyio
async def test_appending_to_a_binary_file_adds_bytes_and_overwriting_with_text_drops_them(
    world: World,
) -> None:
    await _file(world, "~/a.bin", data=_b64(b"\x00\x01"))
    appended = await _file(world, "~/a.bin", "xy", mode="append")
    assert (appended.data, appended.size) == (b"\x00\x01xy", 4)
    text = await _file(world, "~/a.bin", "plain", mode="overwrite")
    assert (text.data, text.content, text.size) == (None, "plain", 5)


@pytest.mark.anyio
async def test_a_size_that_is_not_the_length_of_the_bytes_is_refused(world: World) -> None:
    with pytest.raises(InvalidArgument, match="size 9 is not the length of data"):
        await _file(world, "~/a.bin", data=_b64(b"abc"), size=9)
