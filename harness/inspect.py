"""Looking into worlds from the command line: summaries, rows, diffs and realism audits."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio
from rich.console import Console
from rich.table import Table

from harness.errors import UsageError
from state.clock import local_iso, zone
from state.db import blob_summary
from state.diff import Diff, compare
from state.schema import tables
from state.world import World

if TYPE_CHECKING:
    from fixtures.audit import Audit, Measure

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
        rows = [
            {column: blob_summary(v) if isinstance(v, bytes) else v for column, v in row.items()}
            for row in world.rows(table, limit=limit)
        ]
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


_PERSONA_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")


def audit(target: str) -> Audit:
    """The audit of ``target``: a persona's template world (built, or reused from the cache, as
    ``clawsim world build`` does) knowing the persona, or a world file knowing only what it holds. A
    name that could be a persona is one, unless a file of that name exists."""
    if _PERSONA_NAME.fullmatch(target) and not Path(target).is_file():
        return anyio.run(_audit_persona, target)
    return anyio.run(_audit_file, Path(target))


async def _audit_persona(name: str) -> Audit:
    from fixtures.audit import audit_world
    from fixtures.persona import load_persona, persona_path
    from fixtures.worlds import load_template

    persona = load_persona(persona_path(name))
    world = (await load_template(name)).episode()
    try:
        return await audit_world(world, persona, name=persona.id)
    finally:
        world.close()


async def _audit_file(path: Path) -> Audit:
    from fixtures.audit import audit_world

    world = World.open(path, read_only=True)
    try:
        return await audit_world(world, name=str(path))
    finally:
        world.close()


def show_audit(console: Console, found: Audit) -> None:
    """The audit as a table (measure, value, target, ok, what it is based on), its notes under it."""
    grid = Table(box=None, header_style="bold")
    for column in ("measure", "value", "target", "ok"):
        grid.add_column(column, no_wrap=True)
    grid.add_column("based on")
    for measure in found.measures:
        grid.add_row(measure.name, _value(measure), _target(measure), _ok(measure), _basis(measure))
    console.print(grid, highlight=False)
    for measure in found.measures:
        if measure.note:
            console.print(f"  {measure.key}: {measure.note}", highlight=False, markup=False)
    failed, known = len(found.failed()), sum(1 for m in found.measures if m.ok is not None)
    targets = sum(1 for m in found.measures if m.target is not None)
    console.print(
        f"{found.world}: {known - failed} of {targets} targets met, {failed} missed, {targets - known} unknown",
        highlight=False,
        markup=False,
    )


def _number(value: float, unit: str) -> str:
    if unit == "share":
        return f"{value:.1%}"
    return f"{value:.2f}" if unit == "ratio" else f"{value:,.0f}"


def _value(measure: Measure) -> str:
    if measure.value is None:
        return "-"
    mark = {"exact": "", "lower": ">= ", "upper": "<= "}[measure.bound]
    return mark + _number(measure.value, measure.unit)


def _target(measure: Measure) -> str:
    if measure.target is None:
        return "-"
    if measure.target.value == 0 and measure.target.op == "<=":
        return "0"
    value = measure.target.value
    shown = f"{value:.0%}" if measure.unit == "share" else _number(value, measure.unit)
    return f"{measure.target.op} {shown}"


def _ok(measure: Measure) -> str:
    if measure.target is None:
        return "-"
    return {True: "yes", False: "NO", None: "?"}[measure.ok]


def _basis(measure: Measure) -> str:
    """The counts behind a figure; of the breakdowns after the first two counts, those that are not 0."""
    shown = [(n, c) for i, (n, c) in enumerate(measure.basis.items()) if i < 2 or c]
    return ", ".join(f"{name.replace('_', ' ')} {count:,}" for name, count in shown)
