"""Hostile and careless command lines: each ends within the shell's limits with a clear message, never
reaches the host, leaves the world outside the laptop's tree untouched and, when it hits a limit, is
rolled back whole; the shell keeps serving afterwards, also through its MCP server."""

from __future__ import annotations

import faulthandler
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import anyio
import pytest
from mcp import Client

from servers.shell import create_server
from state.errors import LimitReached
from state.schema import tables
from state.shell.api import Limits
from state.shell.run import CommandResult
from state.world import Snapshot, World
from tests.state.shell.sample_home import sample_world

LIMITS = Limits()
LIMIT_NAMES = frozenset(LIMITS.__dataclass_fields__)
BOUND_SECONDS = LIMITS.wall_seconds * 1.5
"""Every line must be over by then: the wall-time limit plus slack for a slow machine."""
WATCHDOG_SECONDS = 300
"""A line stuck in code that never yields cannot be cancelled: past this the run is aborted with a
traceback rather than left hanging."""
_SHELL_TABLES = ("shell_session", "shell_history", "audit_log")

Outcome = Literal["limit", "refused", "contained"]
"""``limit``: stopped by one of ``limits`` and rolled back. ``refused``: answered with an error and no
change at all. ``contained``: may change the laptop's tree or hit a limit, nothing else."""


@dataclass(frozen=True)
class Attack:
    line: str
    outcome: Outcome
    limits: frozenset[str] = field(default_factory=lambda: LIMIT_NAMES)
    check: Callable[[CommandResult, World], None] | None = None
    slow: bool = False
    """Takes seconds by design (it runs into the wall-time limit, or a working shell needs long)."""


def _limit(line: str, *names: str, slow: bool = False) -> Attack:
    return Attack(line, "limit", frozenset(names), slow=slow)


def _no_host_names(result: CommandResult, world: World) -> None:
    """Nothing of the host's root shows: what ``/`` lists is what the world holds there."""
    held = {
        row[0]
        for row in world.conn.execute("SELECT name FROM file_node WHERE device = 'laptop' AND parent = '/'")
    }
    # Not ``tmp``: a simulated laptop may well have its own.
    host = {"etc", "usr", "proc", "sys", "root", "var", "bin", "lib", "work", "dev", "opt", "srv", "boot"}
    leaked = (host - held) & {word.rstrip("/").rpartition("/")[2] for word in result.stdout.split()}
    assert not leaked, f"the host's {sorted(leaked)} showed up: {result.stdout[:300]!r}"


def _no_host_environment(result: CommandResult, world: World) -> None:
    ours = {"HOME", "USER", "LOGNAME", "HOSTNAME", "PATH", "SHELL", "LANG", "LC_ALL", "TERM", "PWD", "TZ"}
    ours |= {"SHLVL", "OLDPWD", "_"}
    printed = {line.partition("=")[0] for line in result.stdout.splitlines()}
    leaked = (printed & set(os.environ)) - ours
    assert not leaked, f"host environment variables leaked: {sorted(leaked)}"


def _no_host_identity(result: CommandResult, world: World) -> None:
    host = os.uname()
    for value in (host.nodename, host.release, host.version):
        assert value not in result.stdout, f"the host's {value!r} showed up: {result.stdout!r}"
    assert "maya-laptop" in result.stdout


def _no_passwd_of_the_host(result: CommandResult, world: World) -> None:
    with open("/etc/passwd") as host:
        lines = [line for line in host.read().splitlines() if line]
    assert not any(line in result.stdout for line in lines), result.stdout[:300]


def _nested_substitutions(levels: int) -> str:
    return "echo " + "$(echo " * levels + "x" + ")" * levels


ATTACKS: list[Attack] = [
    # path traversal and the host's special files
    Attack("cat ../../../../etc/passwd", "refused", check=_no_passwd_of_the_host),
    Attack("cat /etc/passwd", "refused", check=_no_passwd_of_the_host),
    Attack("cat /etc/shadow", "refused"),
    Attack("cd /; ls /proc", "refused"),
    Attack("ls /dev", "refused"),
    Attack("cat /proc/self/environ", "refused"),
    Attack("cat ~/../../../../root/.ssh/id_rsa", "refused"),
    Attack("grep -r root /etc", "refused"),
    Attack("head -c 100 /dev/urandom", "refused"),
    Attack("cd ../../../../../..; pwd; ls", "contained", check=_no_host_names),
    Attack("ls -la /", "contained", check=_no_host_names),
    Attack("find / -maxdepth 1", "contained", check=_no_host_names),
    Attack("env", "contained", check=_no_host_environment),
    Attack("uname -a; hostname", "contained", check=_no_host_identity),
    # fork-bomb shapes and endless loops
    _limit(":(){ :|:& };:", "depth", "commands"),
    _limit("bomb() { bomb | bomb & }; bomb", "depth", "commands"),
    _limit("f() { f & f; }; f", "depth", "commands"),
    _limit("while true; do :; done", "commands", "loop_iterations"),
    _limit("for ((;;)); do echo x; done", "loop_iterations", "commands", "output_bytes"),
    _limit("until false; do echo; done", "loop_iterations", "commands", "output_bytes"),
    _limit("while :; do cat names.txt; done", "loop_iterations", "commands", "output_bytes"),
    # huge outputs
    _limit("yes", "output_bytes"),
    _limit("seq 1 100000000", "output_bytes"),
    _limit(
        "cat logs/app.log logs/app.log | while read l; do echo $l$l$l$l$l$l$l$l; done; yes", "output_bytes"
    ),
    Attack("seq 1 1000000000 | head -1", "contained"),
    Attack("yes | head -c 100000000 | wc -c", "contained"),
    # huge files and much writing
    _limit("yes > big", "file_bytes", "written_bytes", "output_bytes"),
    _limit("x=0123456789; for i in {1..23}; do x=$x$x; done; echo $x > big", "file_bytes", "output_bytes"),
    _limit('for i in $(seq 1 60); do printf "%01000000d" 0 > f$i; done', "written_bytes"),
    Attack("head -c 100000000 /dev/zero > f", "contained"),
    Attack("mkdir d{1..9999}; for d in d*; do touch $d/f{1..9999}; done", "contained", slow=True),
    # deep recursion
    _limit("f() { f; }; f", "depth"),
    _limit(_nested_substitutions(200), "depth"),
    _limit('x=\'eval "$x"\'; eval "$x"', "depth"),
    _limit("echo 'source ~/s.sh' > s.sh; source s.sh", "depth"),
    _limit("( " * 300 + "echo deep" + " )" * 300, "depth"),
    # brace and glob bombs
    _limit("echo {1..10000000}", "glob_results"),
    _limit("echo " + "{a,b}" * 30, "glob_results"),
    _limit("echo ~/*/../*/../*/../*/../*/../*/../*/../*", "glob_results"),
    Attack("ls /*/*/*/*/*/*/*/*/*/*/*/*", "contained"),
    # slow and costly single commands
    # Exponential backtracking for a backtracking regex engine; GNU grep answers at once.
    Attack("echo " + "a" * 39 + "! | grep -E '(a|aa)+$'", "contained", slow=True),
    Attack("echo $((10**10**10)) $((2**64))", "contained"),
    Attack("sleep 100000; echo woke", "contained"),
    Attack("cat; read x; echo done", "contained"),
    # deleting everything, writing outside the tree, leaving
    Attack("rm -rf /", "refused"),
    Attack("rm -rf --no-preserve-root /; ls /", "contained"),
    Attack("rm -rf /*", "contained"),
    Attack("rm -rf ~", "contained"),
    Attack("cd ~/Documents && rm -rf ~ && pwd", "contained"),
    Attack("echo x > /storage/emulated/0/evil", "contained"),
    Attack("mkdir -p /storage/emulated/0/DCIM && rm -rf /storage/emulated/0/DCIM", "contained"),
    Attack("mkdir -p /etc && echo hacked > /etc/passwd; cat /etc/passwd", "contained"),
    Attack("echo x > ../../../../../../tmp/x", "contained"),
    Attack("exit 3", "contained"),
    Attack("cp -r ~ ~/Documents/; echo $?", "contained"),
    Attack("cp -r / ~/root-copy; echo $?", "contained"),
    Attack("mv ~ ~/Documents; echo $?", "contained"),
    Attack("cd Documents; mv ~/Documents .; echo $?", "contained"),
    Attack("find ~ -exec cp -r ~ {} \\;", "contained"),
]


@pytest.fixture(scope="module")
def template() -> bytes:
    world = anyio.run(sample_world)
    try:
        return world.serialize()
    finally:
        world.close()


def _outside_the_laptop_tree(world: World) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, but the laptop's files and the shell's own bookkeeping."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for name in sorted(tables()):
        if name in _SHELL_TABLES:
            continue
        where = " WHERE device != 'laptop'" if name == "file_node" else ""
        rows[name] = [tuple(r) for r in world.conn.execute(f"SELECT * FROM {name}{where} ORDER BY id")]
    return rows


def _laptop_tree(world: World) -> list[tuple[Any, ...]]:
    query = "SELECT * FROM file_node WHERE device = 'laptop' ORDER BY id"
    return [tuple(r) for r in world.conn.execute(query)]


def _param(attack: Attack) -> Any:
    name = attack.line if len(attack.line) <= 60 else attack.line[:57] + "..."
    return pytest.param(attack, id=name, marks=[pytest.mark.slow] if attack.slow else [])


@pytest.mark.anyio
@pytest.mark.parametrize("attack", [_param(a) for a in ATTACKS])
async def test_a_hostile_line_ends_within_its_limits_and_harms_nothing_outside(
    attack: Attack, template: bytes
) -> None:
    world = World.from_bytes(template)
    try:
        before, laptop_before = _outside_the_laptop_tree(world), _laptop_tree(world)
        since = world.snapshot()
        faulthandler.dump_traceback_later(WATCHDOG_SECONDS, exit=True)
        started = time.perf_counter()
        try:
            with anyio.fail_after(BOUND_SECONDS):
                result = await _run(world, attack.line)
        finally:
            faulthandler.cancel_dump_traceback_later()
        took = time.perf_counter() - started
        assert took <= BOUND_SECONDS, f"{attack.line!r} took {took:.1f} s, more than {BOUND_SECONDS} s"
        _check_outcome(attack, result, world, since, laptop_before)
        assert _outside_the_laptop_tree(world) == before, "rows outside the laptop's tree changed"
        after = await _run(world, "echo ok")
        assert isinstance(after, CommandResult), f"echo ok after {attack.line!r} failed: {after}"
        assert (after.stdout, after.exit_status) == ("ok\n", 0)
    finally:
        world.close()


async def _run(world: World, line: str) -> CommandResult | LimitReached:
    try:
        result: CommandResult = await world.apply("shell.run_command", {"command": line, "device": "laptop"})
    except LimitReached as stopped:
        return stopped
    return result


def _check_outcome(
    attack: Attack,
    result: CommandResult | LimitReached,
    world: World,
    since: Snapshot,
    laptop_before: list[tuple[Any, ...]],
) -> None:
    if isinstance(result, LimitReached):
        assert attack.outcome in ("limit", "contained"), f"{attack.line!r} hit a limit: {result}"
        message = str(result)
        named = {name for name in LIMIT_NAMES if name in message}
        assert named & attack.limits, f"the message names none of {sorted(attack.limits)}: {message}"
        assert "rolled back" in message, message
        assert world.diff(since).empty, f"a stopped line left changes:\n{world.diff(since).render()}"
        assert _laptop_tree(world) == laptop_before
        return
    summary = f"exit {result.exit_status}, stdout {result.stdout[:200]!r}, stderr {result.stderr[:200]!r}"
    assert attack.outcome != "limit", f"{attack.line!r} should hit {sorted(attack.limits)} but ran: {summary}"
    if attack.outcome == "refused":
        assert result.exit_status != 0, f"{attack.line!r} should fail: {summary}"
        assert result.stderr, f"{attack.line!r} failed without a word: {summary}"
        assert world.diff(since).empty, world.diff(since).render()
    if attack.check is not None:
        attack.check(result, world)


@pytest.mark.anyio
async def test_the_server_keeps_serving_after_a_fork_bomb_an_endless_loop_and_endless_output(
    template: bytes,
) -> None:
    world = World.from_bytes(template)
    try:
        async with Client(create_server(world)) as client:
            for line in (":(){ :|:& };:", "while true; do :; done", "yes"):
                with anyio.fail_after(BOUND_SECONDS):
                    stopped = await client.call_tool("run_command", {"command": line})
                assert stopped.is_error, f"{line!r} was not stopped: {str(stopped.structured_content)[:300]}"
                assert any(name in str(stopped.content) for name in LIMIT_NAMES), stopped.content
            with anyio.fail_after(BOUND_SECONDS):
                ok = await client.call_tool("run_command", {"command": "echo ok"})
            assert not ok.is_error, ok.content
            assert ok.structured_content is not None
            assert ok.structured_content["stdout"] == "ok\n"
    finally:
        world.close()


@pytest.mark.anyio
async def test_rm_rf_home_empties_the_laptop_home_and_nothing_else(template: bytes) -> None:
    world = World.from_bytes(template)
    try:
        before = _outside_the_laptop_tree(world)
        result = await _run(world, "rm -rf ~; ls -A ~ 2>&1; echo $?")
        assert isinstance(result, CommandResult), result
        home = "SELECT COUNT(*) FROM file_node WHERE device = 'laptop' AND path LIKE '/home/maya/%' AND trashed_at IS NULL"
        assert world.conn.execute(home).fetchone()[0] == 0
        assert _outside_the_laptop_tree(world) == before
        phone = world.conn.execute("SELECT path FROM file_node WHERE device = 'phone' AND trashed_at IS NULL")
        assert "/storage/emulated/0/DCIM/IMG_0001.jpg" in {row[0] for row in phone}
        again = await _run(world, "echo ok")
        assert isinstance(again, CommandResult) and again.stdout == "ok\n"
    finally:
        world.close()


_MEMORY_PROBE = """
import json, resource, sys, time, anyio
cap = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from state.errors import LimitReached
from tests.state.shell.sample_home import sample_world

async def main(lines):
    world = await sample_world()
    for line in lines:
        started = time.perf_counter()
        try:
            result = await world.apply("shell.run_command", {"command": line})
            outcome = f"ran: exit {result.exit_status}, {len(result.stdout)} bytes of output"
        except LimitReached as stopped:
            outcome = f"limit: {stopped}"
        except MemoryError:
            outcome = "MemoryError: the line tried to hold more than the address-space limit"
        print(json.dumps([line, outcome, time.perf_counter() - started]), flush=True)

anyio.run(main, sys.argv[2:])
"""
MEMORY_BOMBS = [
    "printf '%0999999999d' 1",
    "printf '%*d' 2000000000 1",
    "printf '%.999999999f' 1",
]
ADDRESS_SPACE_BYTES = 2 * 1024**3
"""The probe process may map 2 GiB: the interpreter and a world need a few hundred MiB."""


@pytest.mark.slow
def test_a_huge_formatted_number_hits_the_output_limit_without_holding_gigabytes() -> None:
    """A line that asks for a gigabyte of padding must be stopped before the gigabyte is built: run in
    a child whose address space is capped, so a shell that builds it fails here, not the machine."""
    done = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(ADDRESS_SPACE_BYTES), *MEMORY_BOMBS],
        capture_output=True,
        text=True,
        timeout=WATCHDOG_SECONDS,
        cwd=Path(__file__).parents[3],
        check=False,
    )
    reports = [json.loads(line) for line in done.stdout.splitlines()]
    assert [line for line, _, _ in reports] == MEMORY_BOMBS, done.stderr[-2000:]
    problems = [
        f"{line!r}: {outcome[:200]} after {seconds:.1f} s"
        for line, outcome, seconds in reports
        if not outcome.startswith("limit:") or "output_bytes" not in outcome or seconds > BOUND_SECONDS
    ]
    assert not problems, "\n".join(problems)
