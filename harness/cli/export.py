"""``clawsim export``: trajectories written out for other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import anyio
import typer

from harness.cli._output import err, fail
from harness.export import SourceError, export_run, export_tasks, read_tasks, source_kind, write_jsonl
from harness.runner import DEFAULT_TIMEOUT_S
from harness.tasks import TaskError

export_app = typer.Typer(help="Write trajectories out for other tools.", no_args_is_help=True)


@export_app.command("sft")
def sft(
    source: Annotated[
        Path,
        typer.Argument(
            help="A run directory (from `clawsim run --out`), or a directory or .yaml file of tasks "
            "to play the oracle on."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="The JSONL file to write (its folder is made).")],
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, help="With tasks: oracle trials at once.")
    ] = 1,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=1, help="With tasks: seconds the oracle may take per task.")
    ] = DEFAULT_TIMEOUT_S,
) -> None:
    """Write passing trajectories as chat-format JSONL for fine-tuning.

    One trial a line: {"messages", "tools", "metadata"} in OpenAI's chat format with tools, which TRL,
    axolotl and LLaMA-Factory read. Failed trials, errors and external clients' transcripts are skipped."""
    try:
        kind = source_kind(source)
        tasks = read_tasks(source) if kind == "tasks" else []
    except (SourceError, TaskError) as exc:
        fail(str(exc), 2)
    if out.is_dir():
        fail(f"--out {str(out)!r} is a directory; give the path of the JSONL file to write", 2)
    if kind == "run":
        export = anyio.run(export_run, source)
    else:
        err.print(f"playing the oracle on {len(tasks)} tasks", highlight=False)
        export = anyio.run(lambda: export_tasks(tasks, concurrency, time_limit))
    write_jsonl(out, export.jsonl())
    err.print(f"{export.summary()}; wrote {out}", highlight=False)
