"""What every command prints besides its results: the two consoles, and an error as one line."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar, cast

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from harness.errors import HarnessError
from state.errors import WorldError

F = TypeVar("F", bound=Callable[..., Any])

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def progress_bar() -> Progress:
    """The bar a long command draws on stderr while it works (gone when it ends)."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def fail(message: str, code: int = 1) -> NoReturn:
    """End the command: ``error: MESSAGE`` on stderr, exit status ``code``."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def guarded(command: F) -> F:
    """A command whose world and harness errors (a bad selector, a broken task file, an unknown agent,
    a file that is not a world) end it with the message, exit status 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (WorldError, HarnessError) as exc:
            fail(str(exc))

    return cast(F, wrapper)
