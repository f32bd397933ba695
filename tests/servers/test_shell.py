"""The shell server, through the MCP protocol in memory: the same files as the files service, a
session that persists, commands that do not exist in the audit log, limits that change nothing."""

from __future__ import annotations

import json

import pytest
from mcp import Client

from servers import create_server
from state.world import World
from tests.servers.calls import call, error


@pytest.mark.anyio
async def test_a_file_the_shell_writes_is_a_file_of_the_files_service_at_once(world: World) -> None:
    async with Client(create_server("shell", world)) as shell, Client(create_server("files", world)) as files:
        ran = await call(
            shell, "run_command", {"command": "mkdir -p notes && echo 'buy milk' > notes/todo.txt"}
        )
        assert (ran["exit_status"], ran["stdout"], ran["stderr"]) == (0, "", "")
        read = await call(files, "read_file", {"path": "~/notes/todo.txt"})
        assert read["content"] == "buy milk\n"
        await call(
            files,
            "write_file",
            {"path": "~/notes/todo.txt", "content": "buy oat milk\n", "mode": "overwrite"},
        )
        assert (await call(shell, "run_command", {"command": "cat ~/notes/todo.txt"}))[
            "stdout"
        ] == "buy oat milk\n"


@pytest.mark.anyio
async def test_the_working_directory_and_exported_variables_persist_between_calls(world: World) -> None:
    async with Client(create_server("shell", world)) as shell:
        await call(
            shell, "run_command", {"command": "mkdir -p ~/code/app && cd ~/code/app && export EDITOR=nano"}
        )
        ran = await call(shell, "run_command", {"command": "pwd; echo $EDITOR"})
        assert ran["stdout"] == "/home/maya/code/app\nnano\n"
        assert ran["cwd"] == "/home/maya/code/app"


@pytest.mark.anyio
async def test_a_missing_command_answers_as_bash_and_is_kept_in_the_audit_log(world: World) -> None:
    async with Client(create_server("shell", world)) as shell:
        ran = await call(shell, "run_command", {"command": "python3 --version; curl -s example.org"})
    assert ran["stderr"] == "bash: python3: command not found\nbash: curl: command not found\n"
    assert (ran["exit_status"], ran["commands_not_found"]) == (127, ["python3", "curl"])
    row = world.conn.execute("SELECT tool, ok, detail FROM audit_log ORDER BY rowid DESC LIMIT 1").fetchone()
    assert (row["tool"], row["ok"], json.loads(row["detail"])) == (
        "run_command",
        1,
        {"commands_not_found": ["python3", "curl"]},
    )


@pytest.mark.anyio
async def test_a_limit_stops_the_line_changes_nothing_and_the_server_keeps_serving(world: World) -> None:
    before = world.snapshot()
    async with Client(create_server("shell", world)) as shell:
        message = await error(shell, "run_command", {"command": "echo start > f.txt; while true; do :; done"})
        assert "limit" in message.lower()
        assert world.diff(before).changes == []
        assert (await call(shell, "run_command", {"command": "echo ok"}))["stdout"] == "ok\n"


@pytest.mark.anyio
async def test_an_unknown_device_is_an_error_that_lists_the_devices(world: World) -> None:
    async with Client(create_server("shell", world)) as shell:
        message = await error(shell, "run_command", {"command": "ls", "device": "tablet"})
    assert "device 'tablet' does not exist; devices: laptop, phone" in message
