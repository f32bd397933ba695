"""``clawsim generate``: verified training environments."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from harness.cli._output import err, fail, progress_bar
from harness.errors import HarnessError
from state.errors import WorldError


def generate(
    envs: Annotated[
        int | None, typer.Option("--envs", min=1, help="How many verified environments to make.")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="The output folder; run again into it to resume.")
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", help="The seed: the same seed gives the same environments.")
    ] = 0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes (one per core).")] = 2,
    templates: Annotated[
        str | None, typer.Option("--templates", help="Comma-separated template ids (default all).")
    ] = None,
    categories: Annotated[
        str | None, typer.Option("--categories", help="Only templates of these categories (comma-separated).")
    ] = None,
    list_templates: Annotated[
        bool, typer.Option("--list-templates", help="List the templates and exit.")
    ] = False,
) -> None:
    """Make ENVS environments — personas x execution dates x task templates x difficulties — each proved
    (the oracle passes, doing nothing fails, a wrong solution fails), with manifest.jsonl and report.json."""
    from harness.generate.run import generate as run_generation
    from harness.generate.templates import TEMPLATES

    if list_templates:
        for name, template in sorted(TEMPLATES.items()):
            sys.stdout.write(f"{name}\t{template.category}\n")
        return
    if envs is None or out is None:
        fail("give --envs N and --out DIR (or --list-templates)", 2)
    with progress_bar() as bar:
        job = bar.add_task("verified environments", total=envs)
        try:
            report = run_generation(
                envs=envs,
                seed=seed,
                out=out,
                workers=workers,
                templates=_split(templates),
                categories=_split(categories),
                progress=lambda done, _: bar.update(job, completed=done),
            )
        except (WorldError, HarnessError) as exc:
            fail(str(exc), 2)
    summary = report.as_json()
    err.print(
        f"{summary['envs']} environments in {out} from {summary['worlds']} worlds in {summary['seconds']} s; "
        f"verified {summary['verified']} of {summary['candidates']} candidates ({summary['verified_rate']:.0%}), "
        f"dropped {summary['dropped']}; per template in {out / 'report.json'}",
        highlight=False,
    )
    sys.stdout.write(json.dumps({k: v for k, v in summary.items() if k != "by_template"}) + "\n")


def _split(text: str | None) -> list[str] | None:
    return [part.strip() for part in text.split(",") if part.strip()] if text else None
