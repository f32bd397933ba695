"""Errors the harness raises on purpose. Their text is for the person at the command line: what was wrong,
the value and what is allowed; ``clawsim`` prints it as one line and exits.

``HarnessError`` is the root; the errors of one part of the harness live beside it and derive from it:
``TaskError`` (``harness.tasks.load``), ``AgentFailure`` (``harness.agents.base``), ``InstallError``
(``harness.client_installs``), ``ClientConfigError`` (``harness.client_config``) and ``SourceError``
(``harness.export``). What the world refuses stays a ``state.errors.WorldError``.
"""

from __future__ import annotations

from state.errors import InvalidArgument


class HarnessError(Exception):
    """Base of every error the harness raises on purpose."""


class UsageError(HarnessError, InvalidArgument):
    """An agent, option or request the harness cannot use: an unknown agent, a model without a key, more
    environments than the generator can make.

    Also an ``InvalidArgument``, as these errors were before the harness had errors of its own, so code
    that catches the world's errors (the generator's tests) still catches them.
    """
