"""Reading files: lines, cut lines, search filters and the trash's order."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from state.errors import InvalidArgument
from state.files import read_lines, search_nodes, split_lines, trash_entries
from state.world import World


async def _file(world: World, path: str, content: str = "", **more: Any) -> None:
    await world.apply("files.write_file", {"path": path, "content": content, "parents": True, **more})


@given(st.text(alphabet="ab\n\r", max_size=20))
def test_lines_keep_their_newlines_so_joining_them_gives_the_text_back(content: str) -> None:
    lines = split_lines(content)
    assert "".join(lines) == content
    assert all(line.endswith("\n") for line in lines[:-1])


@pytest.mark.anyio
async def test_a_line_longer_than_the_budget_is_cut_and_later_lines_wait(world: World) -> None:
    await _file(world, "~/wide.txt", "x" * 30 + "\nshort\nshort\n")
    async with world.read() as tx:
        cut = read_lines(tx, "laptop", "~/wide.txt", max_chars=10)
        assert (cut.text, cut.line_cut, cut.next_offset) == ("x" * 10, True, 1)
        rest = read_lines(tx, "laptop", "~/wide.txt", offset=1, max_chars=10)
        assert (rest.text, rest.line_cut, rest.next_offset) == ("short\n", False, 2)


@pytest.mark.anyio
async def test_an_empty_file_has_text_and_no_lines(world: World) -> None:
    await _file(world, "~/empty.txt")
    async with world.read() as tx:
        page = read_lines(tx, "laptop", "~/empty.txt")
    assert (page.has_text, page.text, page.total_lines, page.first_line, page.next_offset) == (
        True,
        "",
        0,
        0,
        None,
    )


@pytest.mark.anyio
async def test_search_words_match_names_text_or_details_and_like_wildcards_are_literal(world: World) -> None:
    await _file(world, "~/budget.md", "rent 100%")
    await _file(world, "~/IMG_1.jpg", size=10, metadata={"place": "Görlitzer Park"})
    async with world.read() as tx:

        def names(**filters: Any) -> list[str]:
            return [n.name for n in search_nodes(tx, "laptop", **filters)]

        assert names(query="budget") == ["budget.md"]
        assert names(query="görlitzer") == ["IMG_1.jpg"]
        assert names(query="%") == []
        assert names(query="rent", name_glob="*.JPG") == []
        with pytest.raises(InvalidArgument, match="lone surrogate"):
            names(query="\ud800")


@pytest.mark.anyio
async def test_the_trash_lists_the_latest_deletion_first_and_a_directory_once(world: World) -> None:
    await _file(world, "~/a/one.txt", "1")
    await _file(world, "~/a/two.txt", "2")
    await _file(world, "~/b.txt", "b")
    await world.apply("files.delete_file", {"path": "~/a"})
    await world.apply("files.delete_file", {"path": "~/b.txt"})
    await _file(world, "~/b.txt", "again")
    await world.apply("files.delete_file", {"path": "~/b.txt"})
    async with world.read() as tx:
        trashed = trash_entries(tx, "laptop")
    assert [(n.original_path, n.content) for n in trashed] == [
        ("/home/maya/b.txt", "again"),
        ("/home/maya/b.txt", "b"),
        ("/home/maya/a", ""),
    ]
