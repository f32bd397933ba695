"""`clawsim serve`: argument errors, and the HTTP hub started from the command line."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import anyio
import httpx2
import pytest
from mcp import Client
from typer.testing import CliRunner

from harness.cli import app
from state.world import World
from tests.conftest import NOW

runner = CliRunner()


def test_stdio_needs_a_service_and_a_world_file() -> None:
    result = runner.invoke(app, ["serve", "mail"])
    assert result.exit_code == 2
    assert "clawsim world build maya -o maya.db" in result.output


def test_http_needs_exactly_one_of_world_and_persona(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--http"])
    assert result.exit_code == 2
    assert "exactly one of --world PATH or --persona NAME" in result.output


def test_an_unknown_service_lists_the_services(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    World.create(now=NOW).save(path)
    result = runner.invoke(app, ["serve", "email", "--world", str(path)])
    assert result.exit_code == 1
    assert "service 'email' does not exist; services: mail, calendar" in result.output


@pytest.mark.slow
@pytest.mark.anyio
async def test_serve_http_from_the_command_line_answers_health_and_mcp(people: World, tmp_path: Path) -> None:
    path = people.save(tmp_path / "maya.db")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "harness.cli",
        "serve",
        "--http",
        "--world",
        str(path),
        "--port",
        str(port),
    ]
    process = await anyio.open_process(command)
    try:
        async with httpx2.AsyncClient() as http:
            with anyio.fail_after(30):
                while True:
                    try:
                        health = await http.get(f"http://127.0.0.1:{port}/health")
                        break
                    except httpx2.TransportError:
                        await anyio.sleep(0.1)
        assert health.json()["status"] == "ok"
        async with Client(f"http://127.0.0.1:{port}/contacts/mcp") as client:
            found = await client.call_tool("search_contacts", {"query": "eva"})
            assert [c["name"] for c in found.structured_content["items"]] == ["Eva Schmidt"]  # type: ignore[index]
    finally:
        process.terminate()
        with anyio.fail_after(20):
            await process.wait()
    assert process.stderr is not None
    errors = b"".join([chunk async for chunk in process.stderr])
    assert f"http://127.0.0.1:{port}/mail/mcp" in errors.decode()
