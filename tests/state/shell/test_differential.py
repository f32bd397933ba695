"""The simulated shell against real bash: every line of ``corpus/differential.txt`` is run in bash inside
bubblewrap over a copy of the laptop's home and in clawsim's shell over a fresh episode of the same world;
both must print the same stdout, exit with the same status and leave the same files (paths, directory or
file, content). stderr is not compared, only shown when a line differs.

Needs bubblewrap and libfaketime (``apt-get install -y bubblewrap faketime``); without them every line
fails and says so.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import pytest

from state.errors import WorldError
from state.shell import api as shell_api
from state.shell import run as _run  # noqa: F401  # pyright: ignore[reportUnusedImport]  (registers commands)
from state.world import World
from tests.state.shell.bash_sandbox import (
    ISSUE_COMMANDS,
    BashRun,
    DeviceTree,
    FileState,
    Sandbox,
    SandboxUnavailable,
    copy_home,
    device_tree,
    materialise,
    read_tree,
    world_tree,
)
from tests.state.shell.sample_home import sample_world

CORPUS = Path(__file__).parent / "corpus" / "differential.txt"
_CONTINUATION = "> "


def load_corpus(path: Path) -> list[tuple[str, str]]:
    """The command lines of a corpus file, each with a readable test id (``L012 ls -la``).

    One command line per line; blank lines and lines starting with ``#`` are skipped. A line starting
    with ``> `` (bash's continuation prompt; a lone ``>`` is an empty one) continues the previous one
    after a newline, for here-docs and multi-line scripts.
    """
    lines: list[tuple[int, str]] = []
    for number, text in enumerate(path.read_text().split("\n"), start=1):
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        if text.startswith(_CONTINUATION) or text == _CONTINUATION.strip():
            if not lines:
                raise ValueError(f"{path.name}:{number}: a continuation line with no line before it")
            start, previous = lines[-1]
            lines[-1] = (start, f"{previous}\n{text[len(_CONTINUATION) :]}")
        else:
            lines.append((number, text))
    return [(f"L{number:03d} {_readable(line)}", line) for number, line in lines]


def _readable(line: str) -> str:
    short = line.replace("\n", " ⏎ ")
    return short if len(short) <= 70 else short[:67] + "..."


CASES = load_corpus(CORPUS)


Expected = tuple[BashRun, dict[str, FileState]]
_BASH_WORKERS = 4
"""bash runs of different lines overlap: each mostly waits for bubblewrap to start."""


class Reference:
    """What every line starts from (the world's bytes, its home materialised once) and bash's answers,
    computed in the background for every selected line as soon as the first test asks."""

    def __init__(self, data: bytes, tree: DeviceTree, base: Path, lines: list[str]) -> None:
        self.data, self.tree, self._base = data, tree, base
        self.home = base / "home"
        materialise(tree, self.home)
        self.unavailable = ""
        self._futures: dict[str, Future[Expected]] = {}
        try:
            commands = sorted(ISSUE_COMMANDS | set(shell_api.COMMANDS))
            self._sandbox = Sandbox(tree, base / "sandbox", commands)
        except SandboxUnavailable as missing:
            self.unavailable = str(missing)
            return
        self._pool = ThreadPoolExecutor(_BASH_WORKERS)
        self._futures = {line: self._pool.submit(self._run, n, line) for n, line in enumerate(lines)}

    def _run(self, number: int, line: str) -> Expected:
        home = self._base / f"line{number}" / "home"
        copy_home(self.tree, self.home, home)
        try:
            return self._sandbox.run(home, line), read_tree(home)
        finally:
            shutil.rmtree(home.parent, ignore_errors=True)

    def sandbox_run(self, home: Path, line: str) -> BashRun:
        """Run ``line`` in bash over ``home`` now (not in the background)."""
        return self._sandbox.run(home, line)

    def bash(self, line: str) -> Expected:
        """What real bash printed, exited with and left behind for ``line``."""
        return self._futures[line].result()

    def close(self) -> None:
        if self._futures:
            self._pool.shutdown(cancel_futures=True)


def _selected_lines(session: pytest.Session) -> list[str]:
    lines: list[str] = []
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        if item.name.startswith("test_line_behaves_as_in_real_bash") and callspec is not None:
            lines.append(callspec.params["line"])
    return lines


@pytest.fixture(scope="session")
def reference(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Reference]:
    world = anyio.run(sample_world)
    try:
        data, tree = world.serialize(), device_tree(world.conn, "laptop")
    finally:
        world.close()
    base = tmp_path_factory.mktemp("differential")
    probe = base / "probe"
    probe.mkdir()
    if probe.stat().st_size != 4096:
        pytest.fail(
            f"{base} is on a filesystem whose directories are not 4096 bytes (tmpfs?); `ls -l` and `du` "
            "would differ from any disk: run pytest with --basetemp on an ext4 directory"
        )
    found = Reference(data, tree, base, _selected_lines(request.session))
    yield found
    found.close()


@pytest.mark.anyio
@pytest.mark.parametrize("line", [line for _, line in CASES], ids=[case_id for case_id, _ in CASES])
async def test_line_behaves_as_in_real_bash(line: str, reference: Reference) -> None:
    if reference.unavailable:
        pytest.fail(reference.unavailable)
    expected, expected_files = await anyio.to_thread.run_sync(reference.bash, line)
    world = World.from_bytes(reference.data)
    try:
        with anyio.fail_after(30):
            actual, actual_files = await _simulate(world, line)
    finally:
        world.close()
    mismatch = _compare(expected, expected_files, actual, actual_files)
    assert not mismatch, _report(line, expected, actual, mismatch)


async def _simulate(world: World, line: str) -> tuple[BashRun, dict[str, FileState]]:
    try:
        result: Any = await world.apply("shell.run_command", {"command": line, "device": "laptop"})
    except WorldError as error:
        return BashRun("", f"<{type(error).__name__}: {error}>", -1), world_tree(world.conn, "laptop")
    return BashRun(result.stdout, result.stderr, result.exit_status), world_tree(world.conn, "laptop")


def _compare(
    expected: BashRun,
    expected_files: dict[str, FileState],
    actual: BashRun,
    actual_files: dict[str, FileState],
) -> list[str]:
    problems: list[str] = []
    if expected.stdout != actual.stdout:
        problems.append("stdout differs")
    if expected.exit_status != actual.exit_status:
        problems.append(f"exit status: bash {expected.exit_status}, clawsim {actual.exit_status}")
    for path in sorted(expected_files.keys() | actual_files.keys()):
        if path not in actual_files:
            problems.append(f"{path}: only in bash ({_kind(expected_files[path])})")
        elif path not in expected_files:
            problems.append(f"{path}: only in clawsim ({_kind(actual_files[path])})")
        elif expected_files[path] != actual_files[path]:
            problems.append(
                f"{path}: bash has {_kind(expected_files[path])} {expected_files[path]!r:.200}, "
                f"clawsim has {_kind(actual_files[path])} {actual_files[path]!r:.200}"
            )
    return problems


def _kind(state: FileState) -> str:
    return "a directory" if state is None else "a file"


def _report(line: str, expected: BashRun, actual: BashRun, problems: list[str]) -> str:
    return "\n".join(
        [
            f"line: {line}",
            *(f"  - {p}" for p in problems),
            f"bash    stdout: {expected.stdout!r:.2000}",
            f"clawsim stdout: {actual.stdout!r:.2000}",
            f"bash    stderr: {expected.stderr!r:.600}",
            f"clawsim stderr: {actual.stderr!r:.600}",
        ]
    )


def test_the_corpus_has_at_least_200_lines() -> None:
    assert len(CASES) >= 200, f"{CORPUS.name} has {len(CASES)} command lines; issue 4 asks for 200 or more"


def test_the_reference_bash_is_sandboxed_and_on_the_world_clock(reference: Reference, tmp_path: Path) -> None:
    """The reference itself: the world's clock, user and host; no network, no /proc, no host programs."""
    if reference.unavailable:
        pytest.fail(reference.unavailable)
    home = tmp_path / "home"
    copy_home(reference.tree, reference.home, home)
    line = (
        "date; date -u +%H:%M; id -un; id -gn; hostname; pwd; ls -ld ~/names.txt; "
        "(echo > /dev/tcp/1.1.1.1/80) 2>/dev/null || echo no-network; ls /proc 2>/dev/null || echo no-proc; "
        "command -v python3 curl ssh sudo vim || echo no-host-programs; touch ~/new; ls -l ~/new"
    )
    run = reference.sandbox_run(home, line)
    assert run.stdout == (
        "Mon Mar  2 09:00:00 CET 2026\n08:00\nmaya\nmaya\nmaya-laptop\n/home/maya\n"
        "-rw-r--r-- 1 maya maya 41 Feb 28 12:00 /home/maya/names.txt\n"
        "no-network\nno-proc\nno-host-programs\n-rw-r--r-- 1 maya maya 0 Mar  2 09:00 /home/maya/new\n"
    ), run.stderr
