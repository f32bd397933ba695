"""Real bash in a bubblewrap sandbox, over a copy of one device's tree of a world: the reference the
simulated shell is compared with.

The device's home is materialised into a host directory (same names, contents and modification times,
the world's) and bound at the same absolute path inside the sandbox, so ``/home/maya/Documents`` is
``/home/maya/Documents`` on both sides. The sandbox has no network (``--unshare-all``), a read-only
``/usr`` holding only the programs the simulated shell offers (so ``python3`` or ``curl`` answer
``command not found`` as they do there), an empty ``/tmp``, a fake ``/etc/passwd`` naming the user, and a
clean environment: a login terminal's (``HOME USER LOGNAME PATH SHELL TERM``), the world's time zone and
the UTF-8 locale ``C.UTF-8`` (characters are UTF-8, collation is bytewise), as the simulated shell has.

Access times are the modification times (the world keeps no other); change times (``stat %z``,
``ls -c``) are the host's and cannot be compared.

The clock: ``date``, ``ls``, ``find`` and ``touch`` run under libfaketime set to the world's time (to
within the milliseconds the line runs), so ``date``, ``touch`` and "is this file older than six months"
in ``ls -l`` agree with the world. The kernel still stamps files that other programs write (``echo > f``,
``cp``, ``mkdir``) with the host's time: a line that creates or changes a file that way and then shows
that file's time cannot be compared.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

SANDBOX_UID = 1000
SANDBOX_GID = 1000
GROUP_NAME = "{user}"
"""The group ``ls -l`` shows: named as the user (``maya maya``), as Debian and Ubuntu make it."""

UNKNOWN_COMMANDS = frozenset({"python3", "python", "curl", "wget", "ssh", "sudo", "vim", "vi", "nano"})
"""Programs the simulated shell must not have; they are kept out of the sandbox whatever is asked."""

CLOCK_COMMANDS = frozenset({"date", "ls", "find", "touch"})
"""Programs that read the clock and run under libfaketime, at the world's time."""

ISSUE_COMMANDS = frozenset(
    {"ls", "pwd", "cat", "head", "tail", "grep", "find", "wc", "sort", "uniq", "cut", "tr", "sed", "mkdir",
     "rm", "rmdir", "mv", "cp", "touch", "echo", "printf", "tee", "date", "diff", "basename", "dirname",
     "true", "false", "test", "[", "xargs", "stat", "du", "file", "zip", "unzip", "env", "which", "seq",
     "yes", "sleep"}
)  # fmt: skip
"""The programs issue 4 names (``cd``, ``type``, ``help`` are bash builtins), and ``seq``, ``yes`` and
``sleep``, which the corpora use."""

_SHELLS = ("bash", "sh")
"""bash runs the line; sh (dash) runs ``which``, a shell script on Debian."""

LIBFAKETIME = next(
    (str(p) for p in sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1"))),
    "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
)
"""Where Debian's package ``faketime`` puts the library (the directory names the architecture)."""
INSTALL_HINT = (
    "the differential tests run real bash in bubblewrap with libfaketime; install them with "
    "`apt-get install -y bubblewrap faketime` (what .ci/run does)"
)
_REAL = "/.clawsim-real"
_ZIP_PLACEHOLDER = "<zip archive: compared by what unzip extracts, not by its bytes>"

FileState = str | None
"""A path's state after a run: None for a directory, the text for a file."""


class SandboxUnavailable(RuntimeError):
    """bubblewrap or libfaketime is missing on this machine."""


def missing_tools() -> list[str]:
    """What the sandbox needs and this machine lacks (empty when it can run)."""
    missing = [] if shutil.which("bwrap") else ["bwrap (package bubblewrap)"]
    if not Path(LIBFAKETIME).is_file():
        missing.append(f"{LIBFAKETIME} (package faketime)")
    return missing


def require_sandbox() -> None:
    """Raise :class:`SandboxUnavailable` with how to install what is missing."""
    missing = missing_tools()
    if missing:
        raise SandboxUnavailable(f"missing {', '.join(missing)}: {INSTALL_HINT}")


# -- a device's tree, read from the world --------------------------------------------------------


@dataclass(frozen=True)
class Node:
    """A file or directory below the home; ``path`` is relative to it."""

    path: str
    is_dir: bool
    content: bytes
    modified: datetime


@dataclass(frozen=True)
class DeviceTree:
    """What the sandbox needs to know of one device: its home and everything below, its user, its clock."""

    device: str
    home: str
    user: str
    group: str
    hostname: str
    timezone: str
    now: datetime
    home_modified: datetime
    parent_modified: datetime
    nodes: tuple[Node, ...]


def user_name(home: str) -> str:
    """The login name the home belongs to (``/home/maya`` -> ``maya``)."""
    return PurePosixPath(home).name or "root"


def _utc(stored: str) -> datetime:
    return datetime.strptime(stored, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def device_tree(conn: sqlite3.Connection, device: str = "laptop") -> DeviceTree:
    """The live tree of ``device`` below its home, read from a world's connection.

    A binary file (no content, a size) becomes that many NUL bytes, so sizes agree.
    """
    row = conn.execute("SELECT home, hostname FROM device WHERE id = ?", (device,)).fetchone()
    if row is None:
        raise ValueError(f"the world has no device {device!r}")
    home, hostname = str(row[0]), str(row[1])
    timezone, now = conn.execute("SELECT timezone, now FROM world WHERE id = 'world'").fetchone()
    nodes: list[Node] = []
    home_modified = parent_modified = _utc(now)
    parent = str(PurePosixPath(home).parent)
    for path, is_dir, content, size, modified in conn.execute(
        "SELECT path, is_dir, content, size, modified_at FROM file_node "
        "WHERE device = ? AND trashed_at IS NULL ORDER BY path",
        (device,),
    ):
        if path == home:
            home_modified = _utc(modified)
            continue
        if path == parent:
            parent_modified = _utc(modified)
        if _is_ancestor(path, home):
            continue
        if not path.startswith(home.rstrip("/") + "/"):
            raise ValueError(
                f"{path!r} on {device!r} is outside its home {home!r}; the sandbox binds only home"
            )
        data = content.encode() if content or not size else b"\0" * size
        relative = path[len(home.rstrip("/")) + 1 :]
        nodes.append(Node(relative, bool(is_dir), data, _utc(modified)))
    user = user_name(home)
    return DeviceTree(
        device, home, user, GROUP_NAME.format(user=user), hostname, timezone, _utc(now), home_modified,
        parent_modified, tuple(nodes),
    )  # fmt: skip


def _is_ancestor(path: str, home: str) -> bool:
    return path == "/" or home.startswith(path.rstrip("/") + "/")


def materialise(tree: DeviceTree, root: Path) -> None:
    """Write the tree into ``root`` (which stands for the home), with the world's modification times."""
    root.mkdir(parents=True, exist_ok=True)
    for node in tree.nodes:
        target = root / node.path
        if node.is_dir:
            target.mkdir()
        else:
            target.write_bytes(node.content)
        target.chmod(0o755 if node.is_dir else 0o644)
    _stamp_times(tree, root)


def copy_home(tree: DeviceTree, source: Path, target: Path) -> None:
    """A fresh copy of a materialised home, its access and modification times the world's again
    (reading the source for the copy moves its access times to the host's now)."""
    shutil.copytree(source, target, symlinks=True)
    _stamp_times(tree, target)


def _stamp_times(tree: DeviceTree, root: Path) -> None:
    for node in tree.nodes:
        stamp = node.modified.timestamp()
        os.utime(root / node.path, (stamp, stamp), follow_symlinks=False)
    root.chmod(0o755)
    os.utime(root, (tree.home_modified.timestamp(), tree.home_modified.timestamp()))


def read_tree(root: Path) -> dict[str, FileState]:
    """Every path below ``root`` (relative), with its text or None for a directory."""
    found: dict[str, FileState] = {}
    for entry in sorted(root.rglob("*")):
        relative = entry.relative_to(root).as_posix()
        if entry.is_dir() and not entry.is_symlink():
            found[relative] = None
        else:
            found[relative] = _comparable(relative, entry.read_bytes().decode(errors="replace"))
    return found


def world_tree(conn: sqlite3.Connection, device: str = "laptop") -> dict[str, FileState]:
    """The live tree of ``device`` as :func:`read_tree` gives it: below home relative, elsewhere absolute
    (a path outside home is something the simulated shell wrote where bash could not)."""
    home = str(conn.execute("SELECT home FROM device WHERE id = ?", (device,)).fetchone()[0])
    prefix = home.rstrip("/") + "/"
    found: dict[str, FileState] = {}
    for path, is_dir, content in conn.execute(
        "SELECT path, is_dir, content FROM file_node WHERE device = ? AND trashed_at IS NULL", (device,)
    ):
        if path == home or _is_ancestor(path, home):
            continue
        key = path[len(prefix) :] if path.startswith(prefix) else path
        found[key] = None if is_dir else _comparable(key, content)
    return dict(sorted(found.items()))


def _comparable(path: str, content: str) -> str:
    return _ZIP_PLACEHOLDER if path.endswith(".zip") else content


# -- running a line ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BashRun:
    stdout: str
    stderr: str
    exit_status: int


class Sandbox:
    """A prepared sandbox for one device tree: ``run`` executes a command line over a copy of it."""

    def __init__(self, tree: DeviceTree, workdir: Path, commands: Iterable[str]) -> None:
        require_sandbox()
        self.tree = tree
        self._etc = workdir / "etc"
        self._bin = workdir / "bin"
        self._real = workdir / "real"
        self._parent = workdir / "parent"
        for directory in (self._etc, self._bin, self._real):
            directory.mkdir(parents=True, exist_ok=True)
        self._write_identity()
        self._make_parent()
        self._stage_programs(sorted(set(commands) | set(_SHELLS)))
        self._prefix = self._bwrap_prefix()
        self._check_it_starts(workdir / "smoke")

    def _check_it_starts(self, home: Path) -> None:
        """Fail early and clearly where bubblewrap cannot make namespaces (an unprivileged container)."""
        home.mkdir(exist_ok=True)
        probe = self.run(home, "echo ready")
        if probe.stdout != "ready\n":
            raise SandboxUnavailable(
                f"bubblewrap could not start bash (exit {probe.exit_status}): {probe.stderr.strip()[:500]}; "
                "it needs user namespaces (run as root, or allow unprivileged user namespaces)"
            )

    def _write_identity(self) -> None:
        t = self.tree
        (self._etc / "passwd").write_text(
            f"root:x:0:0:root:/root:/bin/bash\n"
            f"{t.user}:x:{SANDBOX_UID}:{SANDBOX_GID}:{t.user}:{t.home}:/bin/bash\n"
        )
        (self._etc / "group").write_text(f"root:x:0:\n{t.group}:x:{SANDBOX_GID}:\n")

    def _make_parent(self) -> None:
        """The home's parent (``/home``) as the world has it, so ``ls -la ~`` shows the same ``..``."""
        self._parent.mkdir(mode=0o755, exist_ok=True)
        (self._parent / PurePosixPath(self.tree.home).name).mkdir(mode=0o755, exist_ok=True)
        stamp = self.tree.parent_modified.timestamp()
        os.utime(self._parent, (stamp, stamp))

    def _stage_programs(self, commands: list[str]) -> None:
        """Copy the host's programs the sandbox offers into what becomes its ``/usr/bin`` (one bind
        mount instead of one per program: each run starts faster)."""
        for name in commands:
            host = shutil.which(name, path="/usr/bin:/bin")
            if host is None or name in UNKNOWN_COMMANDS:
                continue
            if name in CLOCK_COMMANDS:
                shutil.copy2(os.path.realpath(host), self._real / name)
                self._clock_wrapper(name)
            else:
                shutil.copy2(os.path.realpath(host), self._bin / name)
        (self._real / "clock").touch()

    def _clock_wrapper(self, name: str) -> None:
        """A script that runs the real program under libfaketime, its clock at the world's now.

        The clock is an offset from the host's (libfaketime's frozen absolute mode breaks ``date -u``),
        written by :meth:`run` just before bash starts, so it is the world's now to within milliseconds.
        """
        wrapper = self._bin / name
        wrapper.write_text(
            "#!/usr/bin/bash\n"
            f"LD_PRELOAD={LIBFAKETIME} FAKETIME=$(<{_REAL}/clock) "
            f'NO_FAKE_STAT=1 exec -a {name} {_REAL}/{name} "$@"\n'
        )
        wrapper.chmod(0o755)

    def _bwrap_prefix(self) -> list[str]:
        t = self.tree
        argv = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"]
        argv += ["--ro-bind", str(self._bin), "/usr/bin", "--ro-bind", str(self._real), _REAL]
        argv += ["--tmpfs", "/usr/local/bin", "--remount-ro", "/usr/local/bin"]
        for link in ("bin", "lib", "lib64", "sbin"):
            if Path(f"/usr/{link}").exists():
                argv += ["--symlink", f"usr/{link}", f"/{link}"]
        argv += ["--dev", "/dev", "--tmpfs", "/tmp", "--dir", "/etc"]
        argv += ["--ro-bind", str(self._etc / "passwd"), "/etc/passwd"]
        argv += ["--ro-bind", str(self._etc / "group"), "/etc/group"]
        argv += ["--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_GID), "--hostname", t.hostname]
        argv += ["--chdir", t.home, "--clearenv"]
        env = {
            "HOME": t.home,
            "USER": t.user,
            "LOGNAME": t.user,
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "SHELL": "/bin/bash",
            "TERM": "dumb",
            "LC_ALL": "C.UTF-8",
            "LANG": "C.UTF-8",
            "TZ": t.timezone,
        }
        for key, value in env.items():
            argv += ["--setenv", key, value]
        return argv

    def run(self, home_copy: Path, line: str, *, timeout: float = 20.0) -> BashRun:
        """Run ``line`` in bash with ``home_copy`` bound at the home; the copy keeps what the line did."""
        parent = str(PurePosixPath(self.tree.home).parent)
        binds = ["--ro-bind", str(self._parent), parent] if parent != "/" else []
        clock = home_copy.with_name(f"{home_copy.name}.clock")
        clock.write_text(f"{self.tree.now.timestamp() - time.time():+.6f}")
        binds += ["--ro-bind", str(clock), f"{_REAL}/clock", "--bind", str(home_copy), self.tree.home]
        argv = [*self._prefix, *binds, "/usr/bin/bash", "-c", line, "bash"]
        done = subprocess.run(
            argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout, check=False, umask=0o022
        )
        return BashRun(
            done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace"), done.returncode
        )
