"""Every package says what is public: what an ``__init__.py`` defines (functions, classes, constants) is in
its ``__all__``, everything ``__all__`` lists exists, and a package without ``__all__`` makes nothing
public (httpx keeps a test like this one)."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("state", "servers", "fixtures", "harness")


def _packages() -> list[str]:
    found: list[str] = []
    for package in PACKAGES:
        for init in sorted((ROOT / package).rglob("__init__.py")):
            found.append(".".join(init.parent.relative_to(ROOT).parts))
    return found


def _bound(source: str) -> tuple[set[str], set[str], list[str] | None]:
    """The public names a module's top level defines, those it imports, and its ``__all__`` (None
    without one)."""
    names: set[str] = set()
    imported: set[str] = set()
    listed: list[str] | None = None
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            imported |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == "__all__":
                    listed = list(ast.literal_eval(node.value)) if node.value else []
                elif isinstance(target, ast.Name):
                    names.add(target.id)
    return {n for n in names if not n.startswith("_")}, {n for n in imported if not n.startswith("_")}, listed


@pytest.mark.parametrize("package", _packages())
def test_a_package_lists_what_it_makes_public(package: str) -> None:
    init = ROOT.joinpath(*package.split("."), "__init__.py")
    defined, imported, listed = _bound(init.read_text(encoding="utf-8"))
    if listed is None:
        assert not defined | imported, f"{package} binds {sorted(defined | imported)} but has no __all__"
        return
    module = importlib.import_module(package)
    assert sorted(defined - set(listed)) == [], f"{package}: defined here but not in __all__"
    assert [name for name in listed if not hasattr(module, name)] == [], f"{package}: __all__ names nothing"


def test_the_check_finds_an_unlisted_name() -> None:
    defined, imported, listed = _bound(
        "from x import a, b\n\ndef c(): ...\n\nE = 2\n_d = 1\n__all__ = ['a']\n"
    )
    assert (defined - set(listed or []), imported) == ({"c", "E"}, {"a", "b"})
