"""Running command lines through the real operation, for the shell core's tests."""

from __future__ import annotations

from state.shell import CommandResult
from state.world import World


async def sh(world: World, command: str, device: str = "laptop") -> CommandResult:
    result: CommandResult = await world.apply("shell.run_command", {"command": command, "device": device})
    return result


async def out(world: World, command: str) -> str:
    return (await sh(world, command)).stdout


def file_content(world: World, path: str, device: str = "laptop") -> str | None:
    row = world.conn.execute(
        "SELECT content FROM file_node WHERE device = ? AND path = ? AND trashed_at IS NULL", (device, path)
    ).fetchone()
    return None if row is None else str(row[0])
