"""The model endpoint an agent talks to: the model, the base URL and the key, each from the agent's options
(``clawsim run --model --base-url --api-key``), else from the environment; and the wire formats of the
OpenAI-style agents.

An endpoint given by base URL (a local vLLM, Ollama or ``clawsim replay-model``) needs no key: it gets
``NO_KEY``, since the SDKs refuse to start without one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from harness.errors import UsageError

NO_KEY = "clawsim-no-key"
WIRES = ("chat", "responses")
"""How the OpenAI-style agents talk to the model: Chat Completions or the Responses API."""


@dataclass(frozen=True)
class ModelEndpoint:
    """Which model to ask, where, and with which key."""

    model: str
    """Empty when neither the option, the variable nor a default gives one."""
    base_url: str | None
    """None for the vendor's own API."""
    api_key: str
    """Empty when none is given and there is no base URL."""

    @classmethod
    def resolve(
        cls,
        model: str | None,
        base_url: str | None,
        api_key: str | None,
        *,
        model_variable: str,
        key_variable: str,
        base_url_variable: str | None = None,
        default_model: str = "",
    ) -> ModelEndpoint:
        """The endpoint the options name, each missing one read from its environment variable (the base
        URL only when the agent has a ``base_url_variable``)."""
        url = base_url or (os.environ.get(base_url_variable) if base_url_variable else None) or None
        return cls(
            model=model or os.environ.get(model_variable) or default_model,
            base_url=url,
            api_key=api_key or os.environ.get(key_variable) or (NO_KEY if url else ""),
        )

    @classmethod
    def required(
        cls,
        agent: str,
        model: str | None,
        base_url: str | None,
        api_key: str | None,
        *,
        model_variable: str,
        key_variable: str,
        base_url_variable: str | None = None,
    ) -> ModelEndpoint:
        """:meth:`resolve`, or an error naming the option and variable of the model or key that is missing."""
        endpoint = cls.resolve(
            model,
            base_url,
            api_key,
            model_variable=model_variable,
            key_variable=key_variable,
            base_url_variable=base_url_variable,
        )
        if not endpoint.model:
            raise UsageError(f"the {agent} agent needs a model: --model or {model_variable}")
        if not endpoint.api_key:
            raise UsageError(f"the {agent} agent needs a key: --api-key or {key_variable}")
        return endpoint


def check_wire(agent: str, wire: str) -> str:
    """``wire`` if it is one of ``WIRES``, else an error naming them."""
    if wire not in WIRES:
        raise UsageError(f"the {agent} agent's wire is {' or '.join(map(repr, WIRES))}, not {wire!r}")
    return wire
