"""``clawsim tasks``: listing, showing and proving tasks."""

from __future__ import annotations

import json
from typing import Annotated

import anyio
import typer
from rich.table import Table

from harness.cli._output import guarded, out
from harness.episode import WorldCache
from harness.tasks import Task, select
from harness.tasks.prove import Proof, prove

tasks_app = typer.Typer(help="List, show and validate tasks.", no_args_is_help=True)

Selector = Annotated[
    str,
    typer.Argument(
        help="'all', ids, globs ('mail-*'), categories, difficulties or task paths, comma-separated."
    ),
]


@tasks_app.command("list")
@guarded
def tasks_list(selector: Selector = "all") -> None:
    """List tasks: id, category, difficulty, persona, title."""
    table = Table("id", "category", "difficulty", "persona", "title", box=None, header_style="bold")
    chosen = select(selector)
    for task in chosen:
        table.add_row(task.id, task.category, task.difficulty, task.persona, task.title)
    out.print(table)
    out.print(f"{len(chosen)} task(s)", highlight=False)


@tasks_app.command("show")
@guarded
def tasks_show(task_id: Annotated[str, typer.Argument(help="A task id.")]) -> None:
    """Show a task: its instruction, setup, expectations and oracle."""
    matches = [t for t in select(task_id) if t.id == task_id]
    if not matches:
        raise typer.BadParameter(f"{task_id!r} is not a task id; `clawsim tasks list` shows them")
    task = matches[0]
    out.print(f"[bold]{task.id}[/] — {task.title}")
    out.print(
        f"{task.category}, {task.difficulty}; persona {task.persona}; services {', '.join(task.services)}"
    )
    out.print(f"\n[bold]instruction[/]\n{task.instruction}\n", highlight=False)
    shown = task.model_dump(include={"setup", "faults", "expect", "oracle"}, exclude_defaults=True)
    out.print(json.dumps(shown, indent=2, ensure_ascii=False), highlight=False)


@tasks_app.command("validate")
@guarded
def tasks_validate(selector: Selector = "all") -> None:
    """Prove tasks: names exist, the oracle passes, doing nothing fails, a wrong solution fails."""
    chosen = select(selector)
    proofs = anyio.run(_prove_all, chosen)
    bad = [p for p in proofs if not p.ok]
    for proof in bad:
        out.print(f"[red]✗[/] {proof.task}", highlight=False)
        for problem in proof.problems:
            out.print(f"    {problem}", highlight=False)
    out.print(f"{len(proofs) - len(bad)} of {len(proofs)} task(s) valid", highlight=False)
    if bad:
        raise typer.Exit(1)


async def _prove_all(tasks: list[Task]) -> list[Proof]:
    worlds = WorldCache()
    return [await prove(task, worlds) for task in tasks]
