"""Looking into world files from the command line: summaries, rows and diffs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from harness.errors import UsageError
from state.clock import local_iso, zone
from state.diff import Diff, compare
from state.schema import tables
from state.world import World

_CELL_CHARS = 100


def show_summary(console: Console, path: Path, as_json: bool) -> None:
    world = World.open(path, read_only=True)
    try:
        info = world.info()
        counts = world.counts()
    finally:
        world.close()
    summary: dict[str, Any] = {**info.model_dump(), "rows": counts}
    if as_json:
        console.print_json(json.dumps(summary))
        return
    console.print(f"[bold]{path}[/]: persona {info.persona!r}, seed {info.seed}", highlight=False)
    tz = zone(info.timezone)
    console.print(
        f"clock {local_iso(info.now, tz)} ({info.timezone}); "
        f"history {local_iso(info.history_start, tz)} .. {local_iso(info.history_end, tz)}",
        highlight=False,
    )
    grid = Table("table", "rows", box=None, header_style="bold")
    for name, count in counts.items():
        grid.add_row(name, str(count))
    console.print(grid)


def show_rows(console: Console, path: Path, table: str | None, limit: int, as_json: bool) -> None:
    """The first ``limit`` rows of ``table``, one record per row (tables are too wide for columns)."""
    known = tables()
    if table not in known:
        raise UsageError(f"table {table!r} does not exist; tables: {', '.join(sorted(known))}")
    info = known[table]
    world = World.open(path, read_only=True)
    try:
        rows = world.rows(table, limit=limit)
    finally:
        world.close()
    if as_json:
        console.print_json(json.dumps(rows, ensure_ascii=False))
        return
    width = max(len(c) for c in info.columns)
    for row in rows:
        console.print(f"[bold]-- {table} {row['id']} --[/]", highlight=False)
        for column in info.columns[1:]:
            console.print(f"{column:<{width}}  {_cell(row[column])}", highlight=False, markup=False)
    console.print(f"({len(rows)} rows)", highlight=False)


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.replace("\n", " ⏎ ")
    return text if len(text) <= _CELL_CHARS else text[: _CELL_CHARS - 1] + "…"


def diff_files(before: Path, after: Path) -> Diff:
    """The row-by-row diff of two world files."""
    old = World.open(before, read_only=True)
    try:
        new = World.open(after, read_only=True)
        try:
            return compare(old.conn, new.conn)
        finally:
            new.close()
    finally:
        old.close()
