"""External clients as agents: write the client's own configuration, run it headless, read its answer.

A preset says how one client is configured and run (``Launch``) and how its final answer is read from
what it printed. This module runs it: in a fresh working folder with its own ``HOME``, its output
captured, a time limit, and the whole process group killed when it is over. A client that is not
installed, exits with an error or runs out of time ends the trial as an error that quotes its last
lines of output; nothing of it outlives the trial.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
from anyio.abc import ByteReceiveStream, Process

from harness.agents.base import AgentFailure, AgentInput, AgentResult

DEFAULT_CLIENT_TIMEOUT_S = 300.0
OUTPUT_LIMIT = 16 * 1024 * 1024
TAIL_LINES = 12
DRAIN_S = 5.0


@dataclass
class Launch:
    """How to start a client for one trial."""

    argv: list[str]
    env: dict[str, str] = field(default_factory=lambda: {})
    """Added to (and overriding) a minimal environment: PATH, LANG, HOME=the trial's folder."""
    stdin: bytes = b""
    inherit: bool = False
    """Run with ``env`` as the whole environment (the ``command`` agent), not the minimal one."""


@dataclass(frozen=True)
class Finished:
    """What a client left behind: its exit status, output and working folder."""

    status: int
    stdout: str
    stderr: str
    folder: Path

    def tail(self, lines: int = TAIL_LINES) -> str:
        text = (self.stderr.strip() + "\n" + self.stdout.strip()).strip()
        kept = [_clip(line) for line in text.splitlines()[-lines:]]
        return "\n".join(kept) or "(no output)"


def _clip(line: str, width: int = 400) -> str:
    return line if len(line) <= width else line[:width] + f" ... ({len(line) - width} more characters)"


class ExternalAgent:
    """The base of the client presets; subclasses write ``launch`` and ``read``."""

    name = "external"
    uses_http = True

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = timeout
        """Seconds the client may run; by default the trial's time limit."""

    def launch(self, given: AgentInput, folder: Path) -> Launch:
        raise NotImplementedError

    def read(self, finished: Finished) -> AgentResult:
        raise NotImplementedError

    def check(self) -> None:
        """Raise ``AgentFailure`` when the client cannot run at all (e.g. it is not installed)."""

    async def run(self, given: AgentInput) -> AgentResult:
        self.check()
        with tempfile.TemporaryDirectory(prefix=f"clawsim-{self.name}-") as tmp:
            folder = Path(tmp)
            launch = self.launch(given, folder)
            limit = self.timeout or given.time_limit or DEFAULT_CLIENT_TIMEOUT_S
            finished = await run_client(self.name, launch, folder, limit)
            if finished.status != 0:
                raise AgentFailure(
                    f"{self.name} exited with status {finished.status}; its last lines:\n{finished.tail()}"
                )
            return self.read(finished)


async def run_client(name: str, launch: Launch, folder: Path, limit: float) -> Finished:
    """Run ``launch`` in ``folder`` until it exits or ``limit`` seconds pass (then it is killed, with
    every process it started, and the trial is an error)."""
    minimal = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(folder),
        "TMPDIR": str(folder),
    }
    env = dict(launch.env) if launch.inherit else {**minimal, **launch.env}
    try:
        process = await anyio.open_process(
            launch.argv,
            cwd=folder,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise AgentFailure(f"{name} could not be started ({launch.argv[0]}): {exc}") from None
    out, err = bytearray(), bytearray()
    timed_out = False
    try:
        with anyio.move_on_after(limit) as scope:
            async with anyio.create_task_group() as tasks:
                assert process.stdout is not None and process.stderr is not None
                ended = (anyio.Event(), anyio.Event())
                tasks.start_soon(_collect, process.stdout, out, ended[0])
                tasks.start_soon(_collect, process.stderr, err, ended[1])
                await _feed(process, launch.stdin)
                await process.wait()
                # something the client left running may hold its output open: read to the end, or stop
                with anyio.move_on_after(DRAIN_S):
                    for event in ended:
                        await event.wait()
                tasks.cancel_scope.cancel()
        timed_out = scope.cancelled_caught
    finally:
        with anyio.CancelScope(shield=True):
            await _kill(process)
    finished = Finished(
        process.returncode if process.returncode is not None else -1,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        folder,
    )
    if timed_out:
        raise AgentFailure(
            f"{name} did not finish within {limit:g} s and was stopped; its last lines:\n{finished.tail()}"
        )
    return finished


async def _feed(process: Process, data: bytes) -> None:
    assert process.stdin is not None
    try:
        if data:
            await process.stdin.send(data)
    except (anyio.BrokenResourceError, anyio.ClosedResourceError):
        pass  # the client does not read its input
    finally:
        await process.stdin.aclose()


async def _collect(stream: ByteReceiveStream, into: bytearray, ended: anyio.Event) -> None:
    async for chunk in stream:
        if len(into) < OUTPUT_LIMIT:
            into.extend(chunk[: OUTPUT_LIMIT - len(into)])
    ended.set()


async def _kill(process: Process) -> None:
    """End the client and everything it started: SIGTERM to its process group, SIGKILL after 2 s."""
    for sig, grace in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        with anyio.move_on_after(grace):
            await process.wait()
        if process.returncode is not None and not _group_alive(process.pid):
            return


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def json_lines(text: str) -> list[dict[str, Any]]:
    """The JSON objects among ``text``'s lines (clients print progress and logs in between)."""
    found: list[dict[str, Any]] = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                found.append(value)  # pyright: ignore[reportUnknownArgumentType]
    return found


def last_json(text: str) -> dict[str, Any] | None:
    """The last JSON object in ``text``: a whole-output document, else the last JSON line."""
    try:
        value = json.loads(text)
    except ValueError:
        lines = json_lines(text)
        return lines[-1] if lines else None
    return value if isinstance(value, dict) else None  # pyright: ignore[reportUnknownVariableType]


def briefing(given: AgentInput) -> str:
    """The framing and the instruction in one message, for clients that take no system prompt."""
    return f"{given.system_prompt}\n\nThe user asks:\n{given.instruction}"


def episode_base(urls: dict[str, str]) -> str:
    """The episode's root URL in the hub (``http://HOST:PORT/e/TOKEN``): each service is under it at
    ``/SERVICE/mcp``, as ``clawsim config --http`` expects."""
    bases = {url.removesuffix(f"/{service}/mcp") for service, url in urls.items()}
    if len(bases) != 1:
        raise AgentFailure(f"the episode's MCP URLs do not share one root: {sorted(urls.values())}")
    return bases.pop()
