"""The shell's session (working directory, environment) and its command history."""

from __future__ import annotations

import json
from typing import Any

import pytest

from state.errors import InvalidArgument, NotFound
from state.shell import ShellHistory, ShellSession
from state.world import World


@pytest.fixture
async def laptop(world: World) -> World:
    """A laptop with ~/projects/clawsim and ~/Documents."""
    for path in ("~/projects/clawsim", "~/Documents"):
        await world.apply("files.make_directory", {"path": path})
    return world


async def _run(world: World, command: str, **more: Any) -> ShellHistory:
    return await world.apply("shell.record_command", {"command": command, **more})


def _session(world: World, device: str = "laptop") -> ShellSession:
    row = world.conn.execute("SELECT * FROM shell_session WHERE id = ?", (device,)).fetchone()
    assert row is not None, f"no shell session for {device}"
    return ShellSession(id=row["id"], cwd=row["cwd"], env=json.loads(row["env"]))


def _history(world: World) -> list[tuple[str, str, str, int]]:
    rows = world.conn.execute("SELECT id, command, cwd, exit_status FROM shell_history ORDER BY rowid")
    return [tuple(r) for r in rows]


@pytest.mark.anyio
async def test_the_first_command_starts_a_session_in_home_and_is_appended_to_history(laptop: World) -> None:
    entry = await _run(laptop, "ls -la")
    await _run(laptop, "git status", exit_status=128)
    assert (entry.id, entry.device, entry.cwd, entry.ran_at) == (
        "cmd_1",
        "laptop",
        "/home/maya",
        "2026-03-02T08:00:00Z",
    )
    assert _history(laptop) == [
        ("cmd_1", "ls -la", "/home/maya", 0),
        ("cmd_2", "git status", "/home/maya", 128),
    ]
    assert _session(laptop).cwd == "/home/maya"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("command", "cwd"),
    [
        ("cd ~/projects/clawsim", "/home/maya/projects/clawsim"),
        ("cd projects/clawsim && git pull", "/home/maya/projects/clawsim"),
        ("cd 'projects' ; ls", "/home/maya/projects"),
        ("cd -P -- /home/maya/Documents", "/home/maya/Documents"),
        ("cd /", "/"),
        ("cd ..", "/home"),
        ("cd projects | cat", "/home/maya"),
        ("cd projects &", "/home/maya"),
        ("ls && cd projects", "/home/maya"),
        ("echo 'unbalanced", "/home/maya"),
        ("cdx projects", "/home/maya"),
    ],
)
async def test_a_leading_cd_changes_the_session_directory(laptop: World, command: str, cwd: str) -> None:
    entry = await _run(laptop, command)
    assert entry.cwd == "/home/maya"
    assert _session(laptop).cwd == cwd


@pytest.mark.anyio
async def test_cd_is_relative_to_the_current_directory_and_cd_alone_goes_home(laptop: World) -> None:
    await _run(laptop, "cd projects")
    second = await _run(laptop, "cd clawsim")
    assert (second.cwd, _session(laptop).cwd) == ("/home/maya/projects", "/home/maya/projects/clawsim")
    await _run(laptop, "cd")
    assert _session(laptop).cwd == "/home/maya"


@pytest.mark.anyio
async def test_cd_dash_goes_back_to_the_previous_directory(laptop: World) -> None:
    await _run(laptop, "cd Documents")
    await _run(laptop, "cd /")
    await _run(laptop, "cd -")
    assert _session(laptop).cwd == "/home/maya/Documents"
    assert _session(laptop).env["OLDPWD"] == "/"


@pytest.mark.anyio
async def test_cd_dash_without_a_previous_directory_is_refused(laptop: World) -> None:
    with pytest.raises(InvalidArgument, match="no previous directory"):
        await _run(laptop, "cd -")


@pytest.mark.anyio
async def test_a_failed_cd_is_recorded_and_leaves_the_directory(laptop: World) -> None:
    await _run(laptop, "cd nowhere", exit_status=1)
    assert _history(laptop)[-1] == ("cmd_1", "cd nowhere", "/home/maya", 1)
    assert _session(laptop).cwd == "/home/maya"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("command", "error", "message"),
    [
        ("cd nowhere", NotFound, r"'/home/maya/nowhere' is not a directory on device 'laptop'"),
        ("cd a b", InvalidArgument, "too many arguments"),
        ("cd ../../..", InvalidArgument, "goes above the root"),
    ],
)
async def test_a_successful_cd_that_bash_would_fail_is_refused_and_nothing_is_recorded(
    laptop: World, command: str, error: type[Exception], message: str
) -> None:
    since = laptop.snapshot()
    with pytest.raises(error, match=message):
        await _run(laptop, command)
    diff = laptop.diff(since)
    assert diff.empty
    assert diff.volatile == []


@pytest.mark.anyio
async def test_a_cd_to_a_file_is_refused(laptop: World) -> None:
    await laptop.apply("files.write_file", {"path": "~/notes.txt", "content": "x"})
    with pytest.raises(NotFound, match=r"'/home/maya/notes.txt' is not a directory"):
        await _run(laptop, "cd notes.txt")


@pytest.mark.anyio
async def test_the_cwd_argument_says_where_the_command_ran_and_stays(laptop: World) -> None:
    entry = await _run(laptop, "make test", cwd="~/projects/clawsim")
    assert entry.cwd == "/home/maya/projects/clawsim"
    assert _session(laptop).cwd == "/home/maya/projects/clawsim"
    entry = await _run(laptop, "cd ..", cwd="~/Documents")
    assert (entry.cwd, _session(laptop).cwd) == ("/home/maya/Documents", "/home/maya")


@pytest.mark.anyio
async def test_a_cwd_that_is_not_a_directory_is_refused(laptop: World) -> None:
    with pytest.raises(NotFound, match=r"cwd '~/missing': '/home/maya/missing' is not a directory"):
        await _run(laptop, "ls", cwd="~/missing")


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"command": "   "}, "command is empty"),
        ({"command": "echo \x00"}, "NUL character"),
        ({"command": "echo \ud800"}, "lone surrogate"),
        ({"command": "ls", "exit_status": 256}, "exit_status 256 is outside 0..255"),
        ({"command": "ls", "device": "tablet"}, "device 'tablet' does not exist; devices: laptop, phone"),
    ],
)
async def test_bad_commands_are_refused(laptop: World, arguments: dict[str, Any], message: str) -> None:
    with pytest.raises((InvalidArgument, NotFound), match=message):
        await laptop.apply("shell.record_command", arguments)


@pytest.mark.anyio
async def test_shell_changes_are_volatile_in_the_diff(laptop: World) -> None:
    since = laptop.snapshot()
    await _run(laptop, "cd projects")
    diff = laptop.diff(since)
    assert diff.empty
    assert sorted((c.table, c.id, c.kind) for c in diff.volatile) == [
        ("shell_history", "cmd_1", "insert"),
        ("shell_session", "laptop", "insert"),
    ]


@pytest.mark.anyio
async def test_set_env_keeps_variables_between_commands(laptop: World) -> None:
    first = await laptop.apply("shell.set_env", {"name": "EDITOR", "value": "vim"})
    await _run(laptop, "cd projects")
    second = await laptop.apply("shell.set_env", {"name": "PAGER", "value": "less -R"})
    assert first.env == {"EDITOR": "vim"}
    assert second.env == {"EDITOR": "vim", "OLDPWD": "/home/maya", "PAGER": "less -R"}
    assert second.cwd == "/home/maya/projects"
    assert _session(laptop) == second


@pytest.mark.anyio
async def test_set_env_on_the_phone_has_its_own_session(laptop: World) -> None:
    session = await laptop.apply("shell.set_env", {"name": "X", "value": "1", "device": "phone"})
    assert (session.id, session.cwd, session.env) == ("phone", "/storage/emulated/0", {"X": "1"})


@pytest.mark.anyio
@pytest.mark.parametrize("name", ["", "1ABC", "A-B", "A B", "A=B"])
async def test_an_invalid_environment_variable_name_is_refused(laptop: World, name: str) -> None:
    with pytest.raises(InvalidArgument, match=f"environment variable name {name!r} is not valid"):
        await laptop.apply("shell.set_env", {"name": name, "value": "x"})
