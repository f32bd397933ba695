"""``clawsim run``: an agent on tasks, every trial graded by the world's final state."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import anyio
import typer
from rich.table import Table

from harness.agents import AGENTS, make_agent
from harness.cli._output import guarded, out, progress_bar
from harness.runner import DEFAULT_TIMEOUT_S, TrialResult, run_suite, summarize, write_summary
from harness.tasks import select


@guarded
def run(
    agent: Annotated[str, typer.Option("--agent", help=f"One of: {', '.join(sorted(AGENTS))}.")],
    tasks: Annotated[str, typer.Option("--tasks", help="Which tasks (see `clawsim tasks list`).")] = "all",
    trials: Annotated[int, typer.Option("--trials", min=1, help="Trials per task (for pass@k).")] = 1,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="Trials at once.")] = 1,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Where results go; rerun into it to resume. Default runs/AGENT."),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=1, help="Seconds an agent may take per trial.")
    ] = DEFAULT_TIMEOUT_S,
    model: Annotated[
        str | None, typer.Option("--model", help="The model, for agents that call one; else CLAWSIM_*_MODEL.")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Model endpoint: with /v1 for OpenAI-style agents, without for anthropic and claude-code.",
        ),
    ] = None,
    api_key: Annotated[
        str | None, typer.Option("--api-key", help="Model key; else OPENAI_/ANTHROPIC_API_KEY.")
    ] = None,
    max_turns: Annotated[
        int | None, typer.Option("--max-turns", min=1, help="Model turns per trial (default 50).")
    ] = None,
    stream: Annotated[
        bool | None, typer.Option("--stream/--no-stream", help="Stream model answers (default: not).")
    ] = None,
    wire: Annotated[
        str | None,
        typer.Option(
            "--wire", help="For openai and openai-agents: 'chat' (Chat Completions, default) or 'responses'."
        ),
    ] = None,
    command: Annotated[
        str | None,
        typer.Option(
            "--command",
            help="For --agent command: the client's command line, e.g. "
            "'my-agent --mcp-config {mcp_config} {prompt}' (see the README for the placeholders).",
        ),
    ] = None,
) -> None:
    """Run an agent on tasks and grade every trial by the world's final state."""
    chosen_agent = make_agent(
        agent,
        model=model,
        base_url=base_url,
        api_key=api_key,
        max_turns=max_turns,
        stream=stream,
        command=command,
        wire=wire,
    )
    chosen = select(tasks)
    target = out_dir or Path("runs") / agent
    total = len(chosen) * trials
    with progress_bar() as bar:
        job = bar.add_task(f"{agent} on {len(chosen)} task(s)", total=total)

        def advance(result: TrialResult) -> None:
            bar.advance(job)

        results = anyio.run(
            lambda: run_suite(
                chosen,
                chosen_agent,
                trials=trials,
                concurrency=concurrency,
                out=target,
                time_limit=time_limit,
                on_result=advance,
            )
        )
    summary = summarize(results)
    write_summary(target, summary)
    _print_summary(summary)
    out.print(f"results: {target / 'results.jsonl'}  summary: {target / 'summary.json'}", highlight=False)


def _print_summary(summary: dict[str, Any]) -> None:
    table = Table(
        "", "tasks", "trials", "passed", "errors", "pass@1", "mean score", box=None, header_style="bold"
    )

    def row(name: str, m: dict[str, Any]) -> None:
        table.add_row(
            name,
            str(m["tasks"]),
            str(m["trials"]),
            str(m["passed"]),
            str(m["errors"]),
            f"{m['pass_at_1']:.3f}",
            f"{m['mean_score']:.3f}",
        )

    row("all", summary)
    for name, metrics in summary["by_category"].items():
        row(name, metrics)
    for name, metrics in summary["by_difficulty"].items():
        row(name, metrics)
    out.print(table)
    ks = sorted(summary["pass_at_k"], key=int)
    if len(ks) > 1:
        out.print(
            "pass@k  " + "  ".join(f"{k}: {summary['pass_at_k'][k]:.3f}" for k in ks),
            "\npass^k  " + "  ".join(f"{k}: {summary['pass_hat_k'][k]:.3f}" for k in ks),
            highlight=False,
        )
