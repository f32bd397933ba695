"""The episode hub: many episodes in one HTTP process, each reachable only with its own token."""

from __future__ import annotations

import json

import anyio
import httpx2
import pytest
from mcp import Client

from harness.hub import EpisodeHub
from servers import create_server
from state.world import World
from tests.conftest import new_world

EPISODES = 20


async def _episode_world() -> World:
    world = await new_world()
    world.start_tracking()
    return world


def _files(world: World) -> dict[str, str]:
    return {
        row["path"]: row["content"]
        for row in world.conn.execute("SELECT path, content FROM file_node WHERE is_dir = 0")
    }


async def _write_and_list(url: str, mode: str, number: int) -> str:
    """Write this episode's own file, then list what the home folder holds."""
    async with Client(url, mode=mode) as client:  # pyright: ignore[reportArgumentType]
        written = await client.call_tool(
            "write_file", {"path": f"~/episode-{number}.txt", "content": f"secret {number}"}
        )
        assert not written.is_error, written.content
        listed = await client.call_tool("list_directory", {"path": "~"})
        assert not listed.is_error, listed.content
        return json.dumps(listed.structured_content)


@pytest.mark.anyio
async def test_twenty_episodes_in_parallel_never_see_each_other() -> None:
    worlds = [await _episode_world() for _ in range(EPISODES)]
    try:
        async with EpisodeHub.serve() as hub:
            listings: dict[int, str] = {}

            async def one(number: int) -> None:
                servers = {s: create_server(s, worlds[number]) for s in ("files", "mail")}
                async with hub.episode(servers) as urls:
                    assert set(urls) == {"files", "mail"}
                    mode = "legacy" if number % 2 else "auto"  # both protocol generations
                    listings[number] = await _write_and_list(urls["files"], mode, number)

            async with anyio.create_task_group() as tasks:
                for number in range(EPISODES):
                    tasks.start_soon(one, number)
            assert hub.episodes == 0
        for number, world in enumerate(worlds):
            own = f"episode-{number}.txt"
            assert [p for p in _files(world) if "episode-" in p] == [f"/home/maya/{own}"]
            assert _files(world)[f"/home/maya/{own}"] == f"secret {number}"
            assert own in listings[number]
            others = [n for n in range(EPISODES) if n != number and f"episode-{n}.txt" in listings[number]]
            assert others == []
            audited = world.conn.execute(
                "SELECT count(*) FROM audit_log WHERE tool = 'write_file'"
            ).fetchone()
            assert audited[0] == 1
    finally:
        for world in worlds:
            world.close()


@pytest.mark.anyio
async def test_tokens_are_unguessable_and_die_with_their_episode() -> None:
    first, second = await _episode_world(), await _episode_world()
    try:
        async with EpisodeHub.serve() as hub, httpx2.AsyncClient() as http:
            async with (
                hub.episode({"files": create_server("files", first)}) as one,
                hub.episode({"files": create_server("files", second)}) as two,
            ):
                token_one = one["files"].split("/")[4]
                token_two = two["files"].split("/")[4]
                assert token_one != token_two and len(token_one) >= 40
                assert (await http.get(f"{hub.base_url}/health")).json() == {"status": "ok", "episodes": 2}
                # a made-up token, a token cut short, a service the episode does not serve: 404
                for url in (
                    one["files"].replace(token_one, "A" * len(token_one)),
                    one["files"].replace(token_one, token_one[:-1]),
                    one["files"].replace("/files/", "/mail/"),
                    f"{hub.base_url}/files/mcp",
                ):
                    response = await http.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
                    assert response.status_code == 404, url
                    assert token_two not in response.text
                async with Client(one["files"]) as client:
                    await client.call_tool("write_file", {"path": "~/only-one.txt", "content": "1"})
                assert "/home/maya/only-one.txt" in _files(first)
                assert "/home/maya/only-one.txt" not in _files(second)
            response = await http.post(one["files"], json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
            assert response.status_code == 404
            assert hub.episodes == 0
    finally:
        first.close()
        second.close()
