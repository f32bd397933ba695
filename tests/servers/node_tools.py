"""Third-party Node clients for the tests, installed on first use from the npm registry.

They need Node >= 22; Node 24 comes as the npm package ``node-linux-<arch>@24`` so a machine with any
npm can run them. Everything lands in ``.test-tools/`` at the top of the repository (ignored by git).
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / ".test-tools"
INSPECTOR = "@modelcontextprotocol/inspector@2.12.0"
MCPORTER = "mcporter@0.12.3"


def _node_package() -> str:
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}[platform.machine().lower()]
    return f"node-linux-{arch}@24"


def ensure_installed() -> Path:
    """The tools folder, installing Node 24, the MCP Inspector and mcporter into it if they are not there."""
    node = ROOT / "node_modules" / _node_package().split("@")[0] / "bin" / "node"
    tools = [ROOT / "node_modules" / ".bin" / name for name in ("mcp-inspector", "mcporter")]
    if node.exists() and all(tool.exists() for tool in tools):
        return ROOT
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            "the Inspector tests need npm (Node.js) to install the MCP Inspector; install Node.js"
        )
    ROOT.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            npm,
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(ROOT),
            _node_package(),
            INSPECTOR,
            MCPORTER,
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return ROOT


def inspector_command(*arguments: str) -> tuple[list[str], dict[str, str]]:
    """The command line (and environment) that runs the Inspector CLI with ``arguments``."""
    root = ensure_installed()
    node_bin = root / "node_modules" / _node_package().split("@")[0] / "bin"
    env = {**os.environ, "PATH": f"{node_bin}{os.pathsep}{os.environ.get('PATH', '')}"}
    return [
        str(node_bin / "node"),
        str(root / "node_modules" / ".bin" / "mcp-inspector"),
        "--cli",
        *arguments,
    ], env


def mcporter_command(*arguments: str) -> tuple[list[str], dict[str, str]]:
    """The command line (and environment) that runs mcporter with ``arguments``."""
    root = ensure_installed()
    node_bin = root / "node_modules" / _node_package().split("@")[0] / "bin"
    env = {**os.environ, "PATH": f"{node_bin}{os.pathsep}{os.environ.get('PATH', '')}"}
    return [
        str(node_bin / "node"),
        str(root / "node_modules" / "mcporter" / "dist" / "cli.js"),
        *arguments,
    ], env
