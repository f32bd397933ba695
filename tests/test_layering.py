"""The packages form the stack DESIGN.md describes, read from the source's own imports.

``state`` imports no other package; ``state.db`` and ``state.ops`` import nothing above them; the only
import cycles (counting imports inside functions) are inside the shell's interpreter."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("state", "servers", "fixtures", "harness")


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imported(module: str) -> set[str]:
    """The project modules ``module`` imports anywhere in its body (outside TYPE_CHECKING blocks),
    with the packages that importing them runs."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names = [f"{base}.{alias.name}" for alias in node.names]
        for name in names:
            target = _resolve(name)
            while target and target != module and not module.startswith(f"{target}."):
                found.add(target)
                target = target.rpartition(".")[0] or None
                target = target if target in MODULES else None
    return found


def _type_checking_only(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    guarded = [n for n in ast.walk(tree) if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"]
    found: set[str] = set()
    for block in guarded:
        for node in ast.walk(block):
            if isinstance(node, ast.ImportFrom) and node.module:
                found |= {t for t in [_resolve(node.module)] if t}
    return found


GRAPH = {module: _imported(module) - _type_checking_only(module) for module in MODULES}


def _cycles() -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    for root in sorted(GRAPH):
        if root in index:
            continue
        work = [(root, iter(sorted(GRAPH[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component: set[str] = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(GRAPH[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return components


def test_state_imports_no_other_package() -> None:
    above = {
        f"{m} -> {t}"
        for m, targets in GRAPH.items()
        if m.startswith("state")
        for t in targets
        if not t.startswith("state")
    }
    assert not above


def test_the_storage_layer_and_the_operations_import_nothing_above_them() -> None:
    assert GRAPH["state.db"] <= {"state", "state.clock"}
    assert GRAPH["state.ops"] <= {"state", "state.db", "state.errors"}


def test_only_the_world_and_the_harness_read_the_composition_root() -> None:
    readers = {m for m, targets in GRAPH.items() if "state.schema" in targets}
    assert all(
        m in {"state.world", "state.diff", "state.history"} or not m.startswith("state") for m in readers
    ), readers


def test_the_only_import_cycles_are_inside_the_shell_interpreter() -> None:
    outside = [sorted(c) for c in _cycles() if not all(m.startswith("state.shell") for m in c)]
    assert not outside


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check above can fail: the shell's interpreter and its builtins do import each other."""
    assert any("state.shell.interpreter" in c for c in _cycles())
