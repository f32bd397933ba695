"""The external agent clients clawsim drives, pinned to the versions verified with it, and their installs.

Each client is installed on demand into its own folder of a cache (``$CLAWSIM_CLIENTS_DIR``, else
``$XDG_CACHE_HOME/clawsim/clients``, else ``~/.cache/clawsim/clients``): npm clients with Node 24 from the
npm package ``node-linux-<arch>@24`` (OpenClaw needs Node >= 24.16; the others run on it too), Python
clients in a virtual environment of their own. An install lands in a ``.partial`` folder first and is
renamed when it is complete, so an interrupted install leaves nothing that looks installed.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness.errors import HarnessError, UsageError

INSTALL_TIMEOUT_S = 900
NODE_VERSION = "24"


@dataclass(frozen=True)
class ClientInstall:
    """A client program at the version verified with clawsim, and where it is installed."""

    name: str
    registry: str
    """``npm`` or ``pypi``."""
    package: str
    version: str
    executable: str
    """The command it installs (npm: in ``node_modules/.bin``; pypi: in the venv's ``bin``)."""

    @property
    def spec(self) -> str:
        return (
            f"{self.package}@{self.version}" if self.registry == "npm" else f"{self.package}=={self.version}"
        )

    @property
    def folder(self) -> Path:
        return cache_dir() / f"{self.name}-{self.version}"

    @property
    def program(self) -> Path:
        if self.registry == "npm":
            return self.folder / "node_modules" / ".bin" / self.executable
        return self.folder / "bin" / self.executable

    @property
    def installed(self) -> bool:
        return (self.folder / "installed.json").is_file() and self.program.exists()


INSTALLS: dict[str, ClientInstall] = {
    c.name: c
    for c in (
        ClientInstall("claude-code", "npm", "@anthropic-ai/claude-code", "2.1.332", "claude"),
        ClientInstall("codex", "npm", "@openai/codex", "0.171.0", "codex"),
        ClientInstall("openclaw", "npm", "openclaw", "2026.9.6", "openclaw"),
        ClientInstall("openai-agents", "pypi", "openai-agents", "0.24.0", "python"),
    )
}


class InstallError(HarnessError):
    """An install that could not finish; the message says which step and its output."""


def cache_dir() -> Path:
    if os.environ.get("CLAWSIM_CLIENTS_DIR"):
        return Path(os.environ["CLAWSIM_CLIENTS_DIR"]).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "clawsim" / "clients"


def get_install(name: str) -> ClientInstall:
    if name not in INSTALLS:
        raise UsageError(f"client {name!r} does not exist; clients: {', '.join(INSTALLS)}")
    return INSTALLS[name]


def node_folder() -> Path:
    return cache_dir() / f"node-{NODE_VERSION}"


def node_bin() -> Path:
    """The folder holding Node 24's ``node`` (installed with the npm clients)."""
    return node_folder() / "node_modules" / _node_package().split("@")[0] / "bin"


def _node_package() -> str:
    machine = platform.machine().lower()
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(machine)
    if arch is None or not sys.platform.startswith("linux"):
        raise InstallError(
            f"Node {NODE_VERSION} comes from the npm package node-linux-<arch>, for Linux on x64 or arm64; "
            f"this is {sys.platform} on {machine}: install Node >= 24.16 yourself and put it first on PATH"
        )
    return f"node-linux-{arch}@{NODE_VERSION}"


def node_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment that runs npm and Node clients with Node 24 first on PATH."""
    return {**os.environ, "PATH": f"{node_bin()}{os.pathsep}{os.environ.get('PATH', '')}", **(extra or {})}


def install(name: str, *, force: bool = False) -> ClientInstall:
    """Install client ``name`` (and Node 24 for npm clients) unless it is installed already."""
    client = get_install(name)
    if client.installed and not force:
        return client
    if client.registry == "npm":
        _ensure_node(force=force)
        _into(client.folder, lambda tmp: _npm(tmp, client.spec, node=True))
    else:
        _into(client.folder, lambda tmp: _venv(tmp, client.spec))
    return client


def _ensure_node(*, force: bool) -> None:
    if (node_bin() / "node").exists() and not force:
        return
    _into(node_folder(), lambda tmp: _npm(tmp, _node_package(), node=False))


def _into(folder: Path, build: Callable[[Path], None]) -> None:
    """Run ``build`` into ``FOLDER.partial``, then put it in place of ``folder``."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        build(partial)
        (partial / "installed.json").write_text(json.dumps({"folder": folder.name}) + "\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    _fix_shebangs(folder, partial)


def _npm(folder: Path, spec: str, *, node: bool) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise InstallError(f"installing {spec} needs npm (Node.js); install it (Debian: apt-get install npm)")
    env = node_env() if node else dict(os.environ)
    _run(
        [npm, "install", "--no-audit", "--no-fund", "--prefix", str(folder), spec], env, f"npm install {spec}"
    )


def _venv(folder: Path, spec: str) -> None:
    _run([sys.executable, "-m", "venv", str(folder)], dict(os.environ), f"python -m venv {folder}")
    pip = [str(folder / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _run([*pip, spec], dict(os.environ), f"pip install {spec}")


def _fix_shebangs(folder: Path, partial: Path) -> None:
    """A venv's scripts name the folder they were made in; point them at the final one."""
    scripts = folder / "bin"
    if not (folder / "pyvenv.cfg").is_file() or not scripts.is_dir():
        return
    old, new = str(partial).encode(), str(folder).encode()
    for script in scripts.iterdir():
        if script.is_file() and not script.is_symlink():
            data = script.read_bytes()
            if old in data:
                script.write_bytes(data.replace(old, new))


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise InstallError(f"{what} did not finish within {INSTALL_TIMEOUT_S} s") from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise InstallError(f"{what} failed with status {done.returncode}:\n{tail}")
