"""The shell tool's registry (its arguments are its own: a command line and a device)."""

from __future__ import annotations

from servers._base import ToolRegistry

tool = ToolRegistry()
