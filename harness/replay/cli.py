"""``clawsim replay-model``: serve the replay model over HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from harness.replay.app import create_app
from harness.replay.model import Mutation, ReplayModel
from harness.tasks import TaskError, select

err = Console(stderr=True, soft_wrap=True)


def replay_model(
    tasks: Annotated[
        str, typer.Option("--tasks", help="Which tasks to play (see `clawsim tasks list`).")
    ] = "all",
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8800,
    mutate: Annotated[
        list[str] | None,
        typer.Option(
            "--mutate",
            envvar="CLAWSIM_REPLAY_MUTATE",
            help="Play a step wrong, to show a task then fails: TASK_ID:STEP (skip it) or "
            "TASK_ID:STEP:wrong_args. Repeatable.",
        ),
    ] = None,
    log: Annotated[
        Path | None, typer.Option("--log", help="Append each request and its reply to this JSONL file.")
    ] = None,
) -> None:
    """Serve a scripted model that plays each task's oracle: OpenAI Chat Completions and Responses and
    Anthropic Messages at http://HOST:PORT/v1, streamed or not. Point a client at it to check its wiring
    with no key."""
    import uvicorn

    try:
        model = ReplayModel(select(tasks), [Mutation.parse(m) for m in mutate or []])
    except (TaskError, ValueError) as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    err.print(f"replay model: {len(model.tasks)} task(s) at http://{host}:{port}/v1", highlight=False)
    uvicorn.run(create_app(model, log), host=host, port=port, log_level="warning")
