"""Pathname expansion against the world: ``*.txt``, ``~/Documents/*/report?.pdf``, ``[ab]*``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from state.shell.api import LimitExceeded
from state.shell.patterns import compile_pattern, has_magic, unescape

if TYPE_CHECKING:
    from state.shell.fs_read import ReadableFileSystem

Found = list[tuple[str, str]]
"""Matches so far: each as the user will see it, and resolved."""


def glob_paths(fs: ReadableFileSystem, pattern: str) -> list[str]:
    """Paths matching ``pattern``, sorted bytewise; hidden names only where the pattern says ``.``."""
    if not has_magic(pattern):
        literal = unescape(pattern)
        return [literal] if fs.stat(literal) is not None else []
    absolute = pattern.startswith("/")
    components = [c for c in pattern.split("/") if c]
    directory_only = pattern.endswith("/")
    found: Found = [("/" if absolute else "", fs.resolve("/" if absolute else "."))]
    for index, component in enumerate(components):
        last = index == len(components) - 1
        found = _step(fs, found, component, last and not directory_only)
        if len(found) > fs.limits.glob_results:
            raise LimitExceeded("glob_results", f"{pattern} matches more than {fs.limits.glob_results} paths")
    return sorted(shown + "/" if directory_only else shown for shown, _ in found)


def _step(fs: ReadableFileSystem, found: Found, component: str, last: bool) -> Found:
    out: Found = []
    for shown, where in found:
        joined = shown if shown in ("", "/") else shown + "/"
        if not has_magic(component):
            name = unescape(component)
            path = fs.resolve(f"{where}/{name}") if name in (".", "..") else where.rstrip("/") + "/" + name
            if name in (".", "..") or (fs.stat(path) is not None if last else fs.is_dir(path)):
                out.append((joined + name, path))
            continue
        regex = compile_pattern(component)
        hidden = component.startswith((".", "\\."))
        for name, is_dir in fs.children(where):
            if (name.startswith(".") and not hidden) or not regex.match(name):
                continue
            if last or is_dir:
                out.append((joined + name, where.rstrip("/") + "/" + name))
    return out
