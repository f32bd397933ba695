"""Limits: a hostile or careless line stops with a clear message and changes nothing."""

from __future__ import annotations

import time

import pytest

from state.errors import LimitReached
from state.shell.api import LimitExceeded, Limits
from state.shell.budget import Budget
from state.world import World
from tests.state.shell.core_helpers import file_content, sh


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "limit"),
    [
        ("for ((;;)); do ((1)); done", "loop_iterations"),
        ("while true; do :; done", "commands"),
        ("f() { f; }; f", "depth"),
        ("echo {1..20000}", "glob_results"),
        ("x=aaaaaaaaaa; while true; do x=$x$x; echo $x; done", "output_bytes"),
    ],
)
async def test_a_line_past_a_limit_is_stopped_and_rolled_back(world: World, line: str, limit: str) -> None:
    await sh(world, "echo before > kept.txt")
    since = world.snapshot()
    with pytest.raises(LimitReached, match=limit) as raised:
        await sh(world, "echo changed > kept.txt; " + line)
    assert "nothing it did was kept" in str(raised.value)
    assert file_content(world, "/home/maya/kept.txt") == "before\n"
    assert world.diff(since).empty


@pytest.mark.anyio
async def test_a_variable_that_doubles_forever_is_stopped(world: World) -> None:
    with pytest.raises(LimitReached, match="variable x grew past"):
        await sh(world, "x=a; while true; do x=$x$x; done")


@pytest.mark.anyio
@pytest.mark.parametrize(
    "line",
    [
        "echo " + "$(" * 400 + "echo x" + ")" * 400,
        "echo $((" + "(" * 3000 + "1" + ")" * 3000 + "))",
    ],
)
async def test_a_line_nested_too_deeply_is_refused_with_the_depth_limit(world: World, line: str) -> None:
    with pytest.raises(LimitReached, match="nests too deeply"):
        await sh(world, line)


@pytest.mark.anyio
async def test_a_long_chain_of_and_is_run_without_recursion(world: World) -> None:
    result = await sh(world, " && ".join(["true"] * 3000) + " && echo end")
    assert result.stdout == "end\n"


@pytest.mark.anyio
async def test_a_huge_file_is_refused_by_the_file_size_limit(world: World) -> None:
    with pytest.raises(LimitReached, match="file_bytes"):
        await sh(world, "for i in {1..2001}; do printf '%5000s\\n' x; done > big.txt")
    assert file_content(world, "/home/maya/big.txt") is None


def test_the_wall_clock_is_a_last_resort_limit() -> None:
    budget = Budget(Limits(wall_seconds=-1.0))
    with pytest.raises(LimitExceeded) as raised:
        budget.command()
    assert raised.value.limit == "wall_seconds"


def test_bytes_written_by_a_line_are_bounded_in_total() -> None:
    budget = Budget(Limits(written_bytes=10))
    budget.write(6)
    with pytest.raises(LimitExceeded, match="written_bytes"):
        budget.write(5)


@pytest.mark.anyio
async def test_the_shell_keeps_serving_after_a_limit(world: World) -> None:
    with pytest.raises(LimitReached):
        await sh(world, "while :; do :; done")
    assert (await sh(world, "echo fine")).stdout == "fine\n"


@pytest.mark.anyio
@pytest.mark.parametrize(
    "line",
    [
        "echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! | grep -E '(a|aa)+$'",
        "echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! | sed -E 's/(a|aa)+$/x/'",
        "echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! | awk '/(a|aa)+$/'",
        "[[ aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa! =~ (a|aa)+$ ]]",
    ],
)
async def test_a_catastrophic_regex_is_stopped_by_the_wall_time_limit(
    world: World, monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    monkeypatch.setattr("state.shell.run.LIMITS", Limits(wall_seconds=0.3))
    await sh(world, "echo before > kept.txt")
    since = world.snapshot()
    started = time.monotonic()
    with pytest.raises(LimitReached, match=r"\(a\|aa\)\+\$.*wall_seconds") as raised:
        await sh(world, "echo changed > kept.txt; " + line)
    assert time.monotonic() - started < 3
    assert "nothing it did was kept" in str(raised.value)
    assert world.diff(since).empty
