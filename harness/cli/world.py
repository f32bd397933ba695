"""``clawsim personas`` and ``clawsim world``: the shipped personas, and building, inspecting and
comparing worlds."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import anyio
import typer
from rich.table import Table

from harness.cli._output import guarded, out

world_app = typer.Typer(help="Build, inspect and compare worlds.", no_args_is_help=True)


def personas() -> None:
    """List the shipped personas."""
    from fixtures.persona import list_personas

    table = Table("persona", "timezone", "weeks", "description", box=None, header_style="bold")
    for persona in list_personas():
        table.add_row(persona.id, persona.timezone, str(persona.weeks), persona.description)
    out.print(table)


@world_app.command("build")
@guarded
def world_build(
    persona: Annotated[str, typer.Argument(help="A persona name (see `clawsim personas`).")],
    at: Annotated[str | None, typer.Option("--at", help="Cut-off time, ISO 8601 with offset.")] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write a standalone world file.")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of the generator (default: the persona's).")] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Build anew; do not read or write the cache.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Build (or reuse from the cache) the template world of PERSONA."""
    from fixtures.worlds import load_template

    template = anyio.run(lambda: load_template(persona, seed=seed, at=at, use_cache=not no_cache))
    world = template.episode()
    try:
        counts = world.counts()
        if output is not None:
            world.save(output)
    finally:
        world.close()
    report: dict[str, Any] = {
        "persona": template.persona,
        "seed": template.seed,
        "at": template.at.isoformat(),
        "cached": template.cached,
        "build_s": round(template.build_seconds, 3),
        "bytes": len(template.data),
        "rows": counts,
        "output": str(output) if output else None,
    }
    if as_json:
        out.print_json(json.dumps(report))
        return
    table = Table("table", "rows", box=None, header_style="bold")
    for name, count in counts.items():
        table.add_row(name, str(count))
    out.print(table)
    source = "reused from the cache" if template.cached else f"built in {template.build_seconds:.2f} s"
    out.print(f"{template.persona} at {report['at']}: {len(template.data):,} bytes, {source}")
    if output is not None:
        out.print(f"wrote {output}")


@world_app.command("show")
@guarded
def world_show(
    path: Annotated[Path, typer.Argument(help="A world file.")],
    table: Annotated[str | None, typer.Option("--table", help="Show the rows of this table.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.", min=1)] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Summarise a world file, or show the rows of one of its tables."""
    from harness.inspect import show_rows, show_summary

    if table:
        show_rows(out, path, table, limit, as_json)
    else:
        show_summary(out, path, as_json)


@world_app.command("diff")
@guarded
def world_diff(
    before: Annotated[Path, typer.Argument(help="The world file before.")],
    after: Annotated[Path, typer.Argument(help="The world file after.")],
    volatile: Annotated[bool, typer.Option(help="Also show what only reading changed.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show what changed between two world files, row by row."""
    from harness.inspect import diff_files

    diff = diff_files(before, after)
    if as_json:
        out.print_json(diff.model_dump_json())
    else:
        sys.stdout.write(diff.render(volatile=volatile))


@world_app.command("audit")
@guarded
def world_audit(
    target: Annotated[str, typer.Argument(help="A persona name (see `clawsim personas`) or a world file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit with status 1 when a target with a known value is missed.")
    ] = False,
) -> None:
    """Print how real a world reads: repeated sentences and chat lines, notifications that contradict
    themselves, overbooked weeks, echo replies, vague mail, empty documents, each against its target.

    PERSONA audits the persona's template world (built, or reused from the cache); FILE audits a world
    file, knowing only what the file says (figures that need the persona are bounds or unknown).
    """
    from harness.inspect import audit, show_audit

    found = audit(target)
    if as_json:
        out.print_json(json.dumps(found.to_json(), ensure_ascii=False))
    else:
        show_audit(out, found)
    if check and found.ok is False:
        raise typer.Exit(1)
