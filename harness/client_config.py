"""Ready-to-paste MCP configurations that point a person's own client at clawsim's servers."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from harness.errors import HarnessError
from servers import SERVICES

__all__ = [
    "CONFIG_FILES",
    "ClientConfigError",
    "ServerCommand",
    "config_hint",
    "render_config",
    "server_command",
]

# The clients `clawsim config` writes for, and the file each reads its MCP configuration from.
CONFIG_FILES: dict[str, str] = {
    "claude-desktop": "claude_desktop_config.json (Claude > Settings > Developer > Edit Config)",
    "claude-code": ".mcp.json in your project (or pass it with `claude --mcp-config FILE`)",
    "cursor": "~/.cursor/mcp.json (or .cursor/mcp.json in your project)",
    "codex": "~/.codex/config.toml (or $CODEX_HOME/config.toml)",
    "openclaw": "~/.openclaw/openclaw.json (merge the `mcp` key into your config)",
    "mcporter": "config/mcporter.json in your project (or ~/.mcporter/mcporter.json)",
}

ServerCommand = tuple[str, list[str]]


class ClientConfigError(HarnessError):
    """The client, services or source of a configuration request cannot be used."""


def server_command() -> ServerCommand:
    """The command that starts clawsim: the `clawsim` next to this Python, else `python -m`."""
    beside = Path(sys.executable).parent / "clawsim"
    if beside.is_file():
        return str(beside.absolute()), []
    return sys.executable, ["-m", "harness.cli"]


def render_config(
    client: str,
    *,
    world: Path | None = None,
    persona: str | None = None,
    http: str | None = None,
    services: list[str] | None = None,
    command: ServerCommand | None = None,
) -> str:
    """The configuration text for `client`: JSON, or TOML for Codex."""
    _check_client(client)
    chosen = _check_services(services)
    if http is not None:
        if client == "claude-desktop":
            raise ClientConfigError(
                "Claude Desktop's JSON config starts only stdio servers: use --world PATH instead of "
                "--http, or bridge with mcp-remote (`npx mcp-remote URL/SERVICE/mcp`)"
            )
        base = http.rstrip("/")
        entries = {name: _http_entry(client, f"{base}/{name}/mcp") for name in chosen}
    else:
        world_path = _check_world(world, persona)
        program, prefix = command or server_command()
        entries = {
            name: _stdio_entry(client, program, [*prefix, "serve", name, "--world", str(world_path)])
            for name in chosen
        }
    return _document(client, entries)


def config_hint(client: str) -> str:
    """A one-line note on where the configuration of `client` goes."""
    _check_client(client)
    return f"# paste into {CONFIG_FILES[client]}"


def _check_client(client: str) -> None:
    if client not in CONFIG_FILES:
        raise ClientConfigError(f"unknown client {client!r}; choose one of: {', '.join(CONFIG_FILES)}")


def _check_services(services: list[str] | None) -> list[str]:
    if not services:
        return list(SERVICES)
    unknown = [name for name in services if name not in SERVICES]
    if unknown:
        raise ClientConfigError(
            f"unknown service {', '.join(map(repr, unknown))}; choose from: {', '.join(SERVICES)}"
        )
    return list(dict.fromkeys(services))


def _check_world(world: Path | None, persona: str | None) -> Path:
    if world is not None and persona is not None:
        raise ClientConfigError("give either --world PATH or --persona NAME, not both")
    if persona is not None:
        raise ClientConfigError(
            f"a persona needs a world file or a running server: `clawsim world build {persona} -o "
            f"{persona}.db` then --world {persona}.db, or `clawsim serve --http --persona {persona}` "
            "then --http http://127.0.0.1:8765"
        )
    if world is None:
        raise ClientConfigError(
            "stdio needs --world PATH (make one with `clawsim world build maya -o maya.db`), "
            "or give --http URL of a running `clawsim serve --http`"
        )
    if not world.is_file():
        raise ClientConfigError(f"world file not found: {world}")
    return world.resolve()


def _stdio_entry(client: str, program: str, args: list[str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"command": program, "args": args}
    if client == "claude-code":
        return {"type": "stdio", **entry}
    return entry


def _http_entry(client: str, url: str) -> dict[str, Any]:
    if client == "claude-code":
        return {"type": "http", "url": url}
    if client == "openclaw":
        return {"url": url, "transport": "streamable-http"}
    if client == "mcporter":
        return {"baseUrl": url}
    return {"url": url}


def _document(client: str, entries: dict[str, dict[str, Any]]) -> str:
    if client == "codex":
        return "\n".join(_toml_table(name, entry) for name, entry in entries.items())
    if client == "openclaw":
        return json.dumps({"mcp": {"servers": entries}}, indent=2) + "\n"
    return json.dumps({"mcpServers": entries}, indent=2) + "\n"


def _toml_table(name: str, entry: dict[str, Any]) -> str:
    # JSON strings and arrays of strings are valid TOML basic strings and arrays.
    lines = [f"[mcp_servers.{name}]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in entry.items()]
    return "\n".join(lines) + "\n"
