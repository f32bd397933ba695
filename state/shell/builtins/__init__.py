"""The shell's builtins: importing this package registers them in ``api.COMMANDS``."""

from state.shell.builtins import basic, extra, lookup, printf, session

__all__ = ["basic", "extra", "lookup", "printf", "session"]
