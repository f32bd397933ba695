"""The shell.run_command operation: sessions persist, history is kept, bad arguments are refused."""

from __future__ import annotations

import json
from typing import Any

import pytest

from state.errors import InvalidArgument
from state.world import World
from tests.state.shell.core_helpers import out, sh


def _session(world: World) -> tuple[str, dict[str, str]]:
    row = world.conn.execute("SELECT cwd, env FROM shell_session WHERE id = 'laptop'").fetchone()
    return row[0], json.loads(row[1])


@pytest.mark.anyio
async def test_the_directory_and_exported_variables_persist_between_calls(world: World) -> None:
    await sh(world, "cd /home; export EDITOR=nano; LOCAL=1")
    result = await sh(world, 'pwd; echo "$EDITOR ${LOCAL:-none} $OLDPWD"')
    assert result.stdout == "/home\nnano none /home/maya\n"
    assert result.cwd == "/home"
    assert _session(world) == ("/home", {"EDITOR": "nano", "OLDPWD": "/home/maya"})


@pytest.mark.anyio
async def test_every_line_is_recorded_in_history_with_where_it_ran_and_its_status(world: World) -> None:
    await sh(world, "cd /")
    await sh(world, "false")
    rows = world.conn.execute("SELECT command, cwd, exit_status, ran_at FROM shell_history ORDER BY rowid")
    assert [tuple(r) for r in rows] == [
        ("cd /", "/home/maya", 0, "2026-03-02T08:00:00Z"),
        ("false", "/", 1, "2026-03-02T08:00:00Z"),
    ]


@pytest.mark.anyio
async def test_a_failing_line_keeps_what_it_did_before_failing(world: World) -> None:
    result = await sh(world, "echo kept > a.txt; cat missing.txt")
    assert result.exit_status == 1
    assert await out(world, "read x < a.txt; echo $x") == "kept\n"


@pytest.mark.anyio
async def test_the_phone_has_its_own_shell_and_home(world: World) -> None:
    result = await sh(world, "pwd; echo $USER", device="phone")
    assert result.stdout == "/storage/emulated/0\n0\n"


@pytest.mark.anyio
async def test_date_uses_the_world_clock_in_its_timezone(world: World) -> None:
    assert await out(world, "date +%H:%M") == "09:00\n"


@pytest.mark.anyio
async def test_the_same_line_on_the_same_world_gives_the_same_result_and_bytes(world: World) -> None:
    clone = world.clone()
    line = "mkdir -p d; for i in 1 2 3; do echo $i$RANDOM > d/f$i.txt; done; cat d/*"
    first, second = await sh(world, line), await sh(clone, line)
    assert first == second
    assert world.content_hash() == clone.content_hash()


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"command": "  "}, InvalidArgument, "command is empty"),
        ({"command": "echo \x00"}, InvalidArgument, "NUL character"),
        ({"command": "ls", "device": "tablet"}, InvalidArgument, "device 'tablet' does not exist"),
    ],
)
async def test_bad_arguments_are_refused(
    world: World, arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        await world.apply("shell.run_command", arguments)
