"""A laptop to run the commands on, through the real ``shell.run_command`` operation."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from state.shell.run import CommandResult
from state.world import World


@dataclass
class Laptop:
    """The test world's laptop (home ``/home/maya``, user ``maya``, clock Mon 2 Mar 2026 09:00 CET)."""

    world: World

    async def run(self, line: str) -> CommandResult:
        result: CommandResult = await self.world.apply("shell.run_command", {"command": line})
        return result

    async def out(self, line: str) -> str:
        """The stdout of ``line``, which must succeed without a word on stderr."""
        result = await self.run(line)
        assert (result.stderr, result.exit_status) == ("", 0), f"{line!r} failed: {result.stderr}"
        return result.stdout

    async def write(self, path: str, content: str) -> None:
        await self.world.apply(
            "files.write_file", {"path": path, "content": content, "mode": "overwrite", "parents": True}
        )

    def read(self, path: str) -> str | None:
        """A file's content, or None when there is no such file."""
        row = self.world.conn.execute(
            "SELECT content FROM file_node WHERE device = 'laptop' AND path = ? AND trashed_at IS NULL",
            (path,),
        ).fetchone()
        return None if row is None else str(row[0])


@pytest.fixture
def laptop(world: World) -> Laptop:
    return Laptop(world)
