"""Benchmark of the MCP servers on the largest persona; prints one JSON object of latencies.

    python bench/servers.py [--persona NAME] [--runs 200] [--transports memory,stdio,http,http_legacy]

Output: ``{TRANSPORT: {"SERVICE.TOOL": {"p50_ms": ..., "p95_ms": ...}}}``, the time of one
``tools/call`` as the client sees it (request, tool, result), for a list, a search, a read and a write
of every service. Transports:

- ``memory``: ``mcp.Client(create_server(service, world))`` in this process, as the harness runs it;
- ``stdio``: ``clawsim serve SERVICE --world FILE``, one process per service, as desktop clients run it;
- ``http``: ``clawsim serve --http --world FILE`` in its own process, the 2026-07-28 protocol;
- ``http_legacy``: the same server through the 2025-11-25 protocol most agent clients speak.

Writes (a sent mail, a new event, ...) accumulate in a copy of the world, as in a long episode.
With ``memory``, ``shell_lines`` gives the p50 of three shell command lines (the tool call included).
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager, nullcontext
from datetime import timedelta
from pathlib import Path
from typing import Any

import anyio
import httpx2
from mcp import Client, StdioServerParameters

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures.worlds import load_template
from servers import SERVICES, create_server
from state.clock import zone
from state.world import World

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PERSONA = "maya"  # the largest shipped persona
TRANSPORTS = ("memory", "stdio", "http", "http_legacy")

Arguments = Callable[[int], dict[str, Any]]
"""The arguments of the i-th call of a tool (writes vary them, so each call does something new)."""


def _calls(world: World) -> dict[str, dict[str, Arguments]]:
    """A list, a search, a read and a write per service, with arguments taken from the world."""
    conn = world.conn
    email = conn.execute(
        "SELECT m.id FROM mail_message m JOIN mail_folder f ON f.id = m.folder_id"
        " WHERE f.role = 'inbox' ORDER BY m.sent_at DESC LIMIT 1"
    ).fetchone()[0]
    conversation = conn.execute(
        "SELECT conversation_id FROM chat_message GROUP BY conversation_id ORDER BY COUNT(*) DESC LIMIT 1"
    ).fetchone()[0]
    contact = conn.execute("SELECT id FROM contact ORDER BY rowid LIMIT 1").fetchone()[0]
    day = world.now.astimezone(zone(world.info().timezone)).replace(hour=0, minute=0, second=0, microsecond=0)
    week = {"start": day.isoformat(), "end": (day + timedelta(days=7)).isoformat()}

    def slot(i: int) -> dict[str, str]:
        begin = day + timedelta(days=1 + i % 60) + timedelta(hours=7 + i % 10)
        return {"start": begin.isoformat(), "end": (begin + timedelta(hours=1)).isoformat()}

    return {
        "mail": {
            "list_emails": lambda i: {"folder": "Inbox", "limit": 20},
            "search_emails": lambda i: {
                "query": ("budget", "meeting", "invoice", "review")[i % 4],
                "limit": 20,
            },
            "read_email_thread": lambda i: {"thread_id": _thread_of(conn, email)},
            "send_email": lambda i: {
                "to": [f"bench{i}@example.org"],
                "subject": f"Bench {i}",
                "body": "Numbers attached below.\n" * 5,
            },
        },
        "calendar": {
            "list_events": lambda i: {**week, "limit": 50},
            "search_events": lambda i: {"query": ("review", "lunch", "sync", "call")[i % 4]},
            "find_free_time": lambda i: {"duration_minutes": 60, **week},
            "create_event": lambda i: {"title": f"Bench {i}", **slot(i)},
        },
        "files": {
            "list_directory": lambda i: {"path": "~/Documents"},
            "search_files": lambda i: {"query": ("budget", "flat", "launch", "notes")[i % 4]},
            "read_file": lambda i: {"path": "~/bench/notes.md"},
            "write_file": lambda i: {
                "path": f"~/bench/note{i}.md",
                "content": f"# Note {i}\n" + "a line of text\n" * 20,
                "parents": True,
            },
        },
        "messaging": {
            "list_conversations": lambda i: {"limit": 20},
            "search_chat_messages": lambda i: {"query": ("lunch", "deploy", "flat", "tomorrow")[i % 4]},
            "read_conversation": lambda i: {"conversation_id": conversation, "limit": 20},
            "send_chat_message": lambda i: {"conversation_id": conversation, "text": f"bench message {i}"},
        },
        "shell": {
            "run_command": lambda i: {
                "command": ("ls -la ~/Documents", "grep -ril budget ~/Documents | wc -l")[i % 2]
            },
        },
        "contacts": {
            "search_contacts": lambda i: {"query": ("an", "weber", "lumen", "berlin")[i % 4]},
            "get_contact": lambda i: {"contact_id": contact},
            "update_contact": lambda i: {"contact_id": contact, "notes": f"bench note {i}"},
        },
    }


def _thread_of(conn: Any, email: str) -> str:
    return str(conn.execute("SELECT thread_id FROM mail_message WHERE id = ?", (email,)).fetchone()[0])


def _prepare(world: World) -> None:
    """The file the ``read_file`` benchmark reads (a long note), and 20 files for the shell's loop."""

    async def write() -> None:
        await world.apply(
            "files.write_file",
            {"path": "~/bench/notes.md", "content": "a line of notes\n" * 400, "parents": True},
        )
        await world.apply("files.make_directory", {"path": "~/bench/b"})
        for n in range(20):
            await world.apply(
                "files.write_file",
                {"path": f"~/bench/a/file{n:02}.txt", "content": f"file {n}\n", "parents": True},
            )

    anyio.run(write)


SHELL_LINES = {
    "ls -la": lambda i: "ls -la",
    "grep -r budget ~/Documents | wc -l": lambda i: "grep -r budget ~/Documents | wc -l",
    # 20 files moved from one directory to the other, and back on the next run
    "for f in ~/bench/a/*; do mv $f ~/bench/b/; done": lambda i: (
        f"for f in ~/bench/{'ab'[i % 2]}/*; do mv $f ~/bench/{'ba'[i % 2]}/; done"
    ),
}


async def _shell_lines(world: World, runs: int, warmup: int) -> dict[str, float]:
    """The p50 of each benchmark command line, in memory (the tool call included)."""
    figures: dict[str, float] = {}
    async with Client(create_server("shell", world)) as shell:
        for name, line in SHELL_LINES.items():
            times: list[float] = []
            for i in range(warmup + runs):
                t0 = time.perf_counter()
                result = await shell.call_tool("run_command", {"command": line(i)})
                elapsed = time.perf_counter() - t0
                content = result.structured_content or {}
                if result.is_error or content.get("exit_status") != 0:
                    raise SystemExit(f"shell line {line(i)!r} failed: {result.content}")
                if i >= warmup:
                    times.append(elapsed)
            figures[name] = _percentiles(times)["p50_ms"]
    return figures


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def _clients(
    transport: str, world: World, world_file: Path, hub: str
) -> AsyncIterator[dict[str, Client]]:
    """A connected client per service over ``transport`` (``hub``: the HTTP server's base URL)."""
    async with AsyncExitStack() as stack:
        if transport == "memory":
            targets: dict[str, Any] = {s: create_server(s, world) for s in SERVICES}
        elif transport == "stdio":
            targets = {
                s: StdioServerParameters(
                    command=sys.executable,
                    args=["-m", "harness.cli", "serve", s, "--world", str(world_file)],
                    cwd=str(ROOT),
                )
                for s in SERVICES
            }
        else:
            targets = {s: f"{hub}/{s}/mcp" for s in SERVICES}
        clients: dict[str, Client] = {}
        for service, target in targets.items():
            client = Client(target, mode="legacy") if transport == "http_legacy" else Client(target)
            clients[service] = await stack.enter_async_context(client)
        yield clients


@contextmanager
def _http_server(world_file: Path) -> Iterator[str]:
    """``clawsim serve --http`` on the world file in its own process; its base URL."""
    port = _free_port()
    command = [sys.executable, "-m", "harness.cli", "serve", "--http", "--world", str(world_file)]
    hub = subprocess.Popen(
        [*command, "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx2.Client() as http:
            for _ in range(600):
                if hub.poll() is not None:
                    raise SystemExit(f"the HTTP server exited with {hub.returncode}")
                try:
                    if http.get(f"{base}/health").status_code == 200:
                        break
                except httpx2.TransportError:
                    time.sleep(0.05)
            else:
                raise SystemExit("the HTTP server did not answer /health within 30 s")
        yield base
    finally:
        hub.terminate()
        hub.wait(10)


async def _measure_transport(
    transport: str, world: World, world_file: Path, hub: str, runs: int, warmup: int
) -> dict[str, dict[str, float]]:
    calls = _calls(world)
    figures: dict[str, dict[str, float]] = {}
    async with _clients(transport, world, world_file, hub) as clients:
        for service, tools in calls.items():
            client = clients[service]
            for tool, arguments in tools.items():
                times: list[float] = []
                for i in range(warmup + runs):
                    args = arguments(i)
                    t0 = time.perf_counter()
                    result = await client.call_tool(tool, args)
                    elapsed = time.perf_counter() - t0
                    if result.is_error:
                        raise SystemExit(f"{transport} {service}.{tool}({args}) failed: {result.content}")
                    if i >= warmup:
                        times.append(elapsed)
                figures[f"{service}.{tool}"] = _percentiles(times)
    return figures


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "p50_ms": round(statistics.median(ms), 3),
        "p95_ms": round(statistics.quantiles(ms, n=20, method="inclusive")[18], 3),
    }


def measure(persona: str, runs: int, warmup: int, transports: list[str]) -> dict[str, Any]:
    template = anyio.run(lambda: load_template(persona))
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="clawsim-bench-") as tmp:
        for transport in transports:
            # A fresh world per transport, so each measures the same world.
            world = template.episode()
            _prepare(world)
            world_file = world.save(Path(tmp) / f"{transport}.db")
            if transport != "memory":
                world.close()
                world = World.open(world_file, read_only=True)
            try:
                with _http_server(world_file) if transport.startswith("http") else nullcontext("") as hub:
                    results[transport] = anyio.run(
                        _measure_transport, transport, world, world_file, hub, runs, warmup
                    )
                if transport == "memory":
                    results["shell_lines"] = anyio.run(_shell_lines, world, runs, warmup)
            finally:
                world.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--persona", default=DEFAULT_PERSONA, help="default: %(default)s, the largest shipped persona"
    )
    parser.add_argument("--runs", type=int, default=200, help="timed calls per tool (default: %(default)s)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed calls first (default: %(default)s)")
    parser.add_argument(
        "--transports",
        default=",".join(TRANSPORTS),
        help="comma-separated, from: %(default)s",
    )
    args = parser.parse_args()
    transports = [t.strip() for t in args.transports.split(",") if t.strip()]
    unknown = sorted(set(transports) - set(TRANSPORTS))
    if unknown:
        parser.error(f"unknown transport {', '.join(unknown)}; transports: {', '.join(TRANSPORTS)}")
    if args.runs < 2:
        parser.error(f"--runs must be at least 2 (got {args.runs}) to give a p95")
    print(json.dumps(measure(args.persona, args.runs, args.warmup, transports), indent=1))


if __name__ == "__main__":
    main()
