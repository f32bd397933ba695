"""No code that shapes a world may read the host clock, unseeded randomness, uuid4 or hash().

ruff's banned-api covers most imports; this test also catches the builtin ``hash()`` (salted per
process) and ``random.Random()`` without a seed, which ruff cannot."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("state", "servers", "fixtures")
BANNED_ATTRIBUTES = {"now", "utcnow", "today", "uuid1", "uuid4", "time", "time_ns", "getrandbits", "urandom"}


def _reads_host(func: ast.expr) -> bool:
    if not isinstance(func, ast.Attribute) or func.attr not in BANNED_ATTRIBUTES:
        return False
    # `.time()` is only the host clock on the time module (a datetime's .time() is harmless)
    return func.attr != "time" or (isinstance(func.value, ast.Name) and func.value.id == "time")


def _sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _problems(source: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
    found: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        where = f"{source.relative_to(root)}:{node.lineno}"
        if isinstance(func, ast.Name) and func.id == "hash":
            found.append(f"{where}: hash() is salted per process")
        if _reads_host(func):
            found.append(f"{where}: {ast.unparse(func)}() reads the host")
        if isinstance(func, ast.Attribute) and func.attr == "Random" and not node.args:
            found.append(f"{where}: random.Random() needs a seed")
    return found


def test_the_packages_exist() -> None:
    assert len(_sources()) > 10


@pytest.mark.parametrize("source", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_source_is_deterministic(source: Path) -> None:
    assert _problems(source) == []


def test_the_rule_catches_what_it_should(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import random, uuid, datetime\nhash('x')\nrandom.Random()\nuuid.uuid4()\ndatetime.datetime.now()\n"
    )
    assert len(_problems(bad, tmp_path)) == 4


def test_the_shell_bans_everything_the_project_bans() -> None:
    """ruff replaces an extended banned-api table instead of merging it, so the shell's ruff.toml repeats
    pyproject.toml's bans: a ban added there and not here would silently skip the shell."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    shell = tomllib.loads((ROOT / "state" / "shell" / "ruff.toml").read_text(encoding="utf-8"))
    project_bans = project["lint"]["flake8-tidy-imports"]["banned-api"]
    shell_bans = shell["lint"]["flake8-tidy-imports"]["banned-api"]
    assert project_bans
    assert {name: ban for name, ban in shell_bans.items() if name in project_bans} == project_bans
