"""Errors raised by the world. Their text is written for whoever sent the bad input: a model, a
person at the command line or a history file, so it says what was wrong, the value and what is allowed."""

from __future__ import annotations


class WorldError(Exception):
    """Base of every error the world raises on purpose."""


class InvalidArgument(WorldError):
    """An argument has a value the operation cannot accept."""


class NotFound(WorldError):
    """An id, path or name refers to nothing in the world."""


class Conflict(WorldError):
    """The operation would break the world's consistency (a path that exists, a draft that was sent)."""


class NotAWorld(WorldError):
    """A file is not a clawsim world."""


class LimitReached(WorldError):
    """A command line went past one of the shell's limits; it was stopped and nothing it did was kept."""
