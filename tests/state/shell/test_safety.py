"""Nothing in state/shell may reach the host: no os, subprocess, sockets, host files or signals."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SHELL = ROOT / "state" / "shell"
BANNED_MODULES = frozenset(
    {"os", "subprocess", "socket", "shutil", "pathlib", "ctypes", "multiprocessing", "pty", "signal"}
)

_BANNED_CALLS = frozenset({"open", "exec", "eval", "__import__"})


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        opened = [f"{node.module}.open" for alias in node.names if alias.name == "open"]
        return [node.module, *opened]
    return []


def _opens_file(node: ast.AST) -> bool:
    """``io.open``, ``builtins.open``, ``codecs.open``: the same as ``open()`` under another name."""
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "open"
        and isinstance(node.value, ast.Name)
        and node.value.id in ("io", "builtins", "os", "codecs")
    )


def _problems(source: Path) -> list[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        banned = [n for n in _imported(node) if n.split(".")[0] in BANNED_MODULES or n.endswith(".open")]
        found += [f"{source.name}:{line}: imports {n}" for n in banned]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _BANNED_CALLS:
            found.append(f"{source.name}:{line}: calls {node.func.id}()")
        if _opens_file(node):
            found.append(f"{source.name}:{line}: opens a host file")
    return found


def test_no_module_of_the_shell_reaches_the_host() -> None:
    sources = sorted(SHELL.rglob("*.py"))
    assert len(sources) > 10
    assert [p for s in sources for p in _problems(s)] == []


def test_the_check_catches_host_access(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import os\nfrom subprocess import run\nimport pathlib.Path\nopen('x')\nimport io\nio.open('x')\n"
    )
    assert len(_problems(bad)) == 5
