"""The ``clawsim`` command line.

Each command lives in the module of its name (``world``, ``serve``, ``run``, ``tasks``, ``clients``,
``config``, ``export``, ``generate``), ``clawsim replay-model`` in ``harness.replay.cli``. What only one
command needs at run time (world building, serving, the generator) it imports inside its function, so
starting ``clawsim`` does not pay for it.
"""

from __future__ import annotations

import typer

from harness.cli.clients import clients_app
from harness.cli.config import config
from harness.cli.export import export_app
from harness.cli.generate import generate
from harness.cli.run import run
from harness.cli.serve import serve
from harness.cli.tasks import tasks_app
from harness.cli.world import personas, world_app
from harness.replay.cli import replay_model

__all__ = ["app", "main"]

app = typer.Typer(
    name="clawsim",
    help="A simulated digital life (mail, calendar, files, chat, contacts, a shell) for testing agents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# `clawsim --help` lists commands, then groups, each in the order they are added here
app.command()(personas)
app.command()(serve)
app.command("run")(run)
app.command("replay-model")(replay_model)
app.command("config")(config)
app.command("generate")(generate)
app.add_typer(world_app, name="world")
app.add_typer(tasks_app, name="tasks")
app.add_typer(clients_app, name="clients")
app.add_typer(export_app, name="export")


def main() -> None:
    app()
