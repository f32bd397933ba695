"""Errors the harness raises on purpose. Their text is for the person at the command line: what was wrong,
the value and what is allowed; ``clawsim`` prints it as one line and exits.

``HarnessError`` is the root; the errors of one part of the harness live beside it and derive from it:
``TaskError`` (``harness.tasks.load``), ``AgentFailure`` (``harness.agents.base``), ``InstallError``
(``harness.client_installs``), ``ClientConfigError`` (``harness.client_config``) and ``SourceError``
(``harness.export``). What the world refuses stays a ``state.errors.WorldError``.
"""

from __future__ import annotations


class HarnessError(Exception):
    """Base of every error the harness raises on purpose."""


class UsageError(HarnessError):
    """An agent, option or request the harness cannot use: an unknown agent, a model without a key, more
    environments than the generator can make."""
