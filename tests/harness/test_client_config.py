"""`clawsim config`: each client's configuration parses and names every service; bad input is refused."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from harness.cli import app
from harness.client_config import CONFIG_FILES, ClientConfigError, render_config, server_command
from servers import SERVICES

runner = CliRunner()
COMMAND = ("/opt/bin/clawsim", [])
JSON_CLIENTS = [client for client in CONFIG_FILES if client != "codex"]


@pytest.fixture
def world(tmp_path: Path) -> Path:
    path = tmp_path / "maya.db"
    path.write_bytes(b"")
    return path


def _servers(client: str, text: str) -> dict[str, Any]:
    if client == "codex":
        return tomllib.loads(text)["mcp_servers"]
    document = json.loads(text)
    return document["mcp"]["servers"] if client == "openclaw" else document["mcpServers"]


@pytest.mark.parametrize("client", list(CONFIG_FILES))
def test_stdio_config_starts_one_server_per_service_on_the_world_file(client: str, world: Path) -> None:
    servers = _servers(client, render_config(client, world=world, command=COMMAND))
    assert list(servers) == list(SERVICES)
    for name, entry in servers.items():
        assert entry["command"] == "/opt/bin/clawsim"
        assert entry["args"] == ["serve", name, "--world", str(world.resolve())]


def test_claude_code_marks_stdio_servers(world: Path) -> None:
    servers = _servers("claude-code", render_config("claude-code", world=world, command=COMMAND))
    assert all(entry["type"] == "stdio" for entry in servers.values())


def test_stdio_falls_back_to_python_module_when_no_clawsim_executable(world: Path) -> None:
    command = ("/usr/bin/python3", ["-m", "harness.cli"])
    servers = _servers("cursor", render_config("cursor", world=world, command=command))
    assert servers["mail"] == {
        "command": "/usr/bin/python3",
        "args": ["-m", "harness.cli", "serve", "mail", "--world", str(world.resolve())],
    }


def test_default_command_is_an_absolute_path() -> None:
    program, _ = server_command()
    assert Path(program).is_absolute()


@pytest.mark.parametrize(
    ("client", "expected"),
    [
        ("claude-code", {"type": "http", "url": "http://127.0.0.1:8765/mail/mcp"}),
        ("cursor", {"url": "http://127.0.0.1:8765/mail/mcp"}),
        ("codex", {"url": "http://127.0.0.1:8765/mail/mcp"}),
        ("openclaw", {"url": "http://127.0.0.1:8765/mail/mcp", "transport": "streamable-http"}),
        ("mcporter", {"baseUrl": "http://127.0.0.1:8765/mail/mcp"}),
    ],
)
def test_http_config_points_each_service_at_its_url(client: str, expected: dict[str, str]) -> None:
    servers = _servers(client, render_config(client, http="http://127.0.0.1:8765/"))
    assert list(servers) == list(SERVICES)
    assert servers["mail"] == expected
    assert all(f"/{name}/mcp" in json.dumps(entry) for name, entry in servers.items())


def test_services_option_limits_the_entries(world: Path) -> None:
    text = render_config("codex", world=world, services=["shell", "mail"], command=COMMAND)
    assert list(_servers("codex", text)) == ["shell", "mail"]


def test_claude_desktop_refuses_http_and_suggests_stdio_or_mcp_remote() -> None:
    with pytest.raises(ClientConfigError, match="mcp-remote"):
        render_config("claude-desktop", http="http://127.0.0.1:8765")


def test_persona_without_http_explains_both_ways_to_serve_it() -> None:
    with pytest.raises(ClientConfigError) as caught:
        render_config("cursor", persona="maya")
    assert "clawsim world build maya -o maya.db" in str(caught.value)
    assert "clawsim serve --http --persona maya" in str(caught.value)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["notaclient", "--http", "http://x"], "claude-desktop, claude-code, cursor"),
        (["cursor", "--http", "http://x", "--services", "mail,fax"], "'fax'"),
        (["cursor", "--world", "/nowhere/maya.db"], "world file not found"),
        (["cursor"], "needs --world PATH"),
        (["cursor", "--persona", "nobody"], "nobody"),
        (["cursor", "--persona", "maya", "--world", "/nowhere/maya.db"], "not both"),
        (["claude-desktop", "--http", "http://x"], "mcp-remote"),
    ],
)
def test_command_refuses_bad_input_with_exit_2(arguments: list[str], message: str) -> None:
    result = runner.invoke(app, ["config", *arguments])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_command_prints_only_the_config_on_stdout(world: Path) -> None:
    result = runner.invoke(app, ["config", "claude-code", "--world", str(world), "--services", "mail"])
    assert result.exit_code == 0, result.output
    servers = json.loads(result.stdout)["mcpServers"]
    assert servers["mail"]["args"][-1] == str(world.resolve())
    assert ".mcp.json" in result.stderr


def test_a_persona_is_served_from_a_world_file_built_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLAWSIM_CACHE_DIR", str(tmp_path))
    first = runner.invoke(app, ["config", "claude-code", "--persona", "tom", "--services", "mail"])
    assert first.exit_code == 0, first.output
    built = tmp_path / "worlds" / "tom.db"
    assert "built" in first.output and built.is_file()
    config = json.loads(first.output[first.output.index("{") :])
    assert config["mcpServers"]["mail"]["args"][-2:] == ["--world", str(built)]
    stamp = built.stat().st_mtime_ns
    again = runner.invoke(app, ["config", "claude-code", "--persona", "tom"])
    assert again.exit_code == 0 and built.stat().st_mtime_ns == stamp
