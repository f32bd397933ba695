"""One compiled output-schema validator per schema for the whole process.

The MCP SDK's client checks a tool's output schema against the JSON Schema metaschema and compiles a
validator once per session (~70 ms per tool). Trials open new sessions all the time (every trial, every
proof of a generated task), over the same few schemas, so that check dominated a trial. This shares the
compiled validator between sessions, keyed by the schema's content: the same validation, done once.
"""

from __future__ import annotations

import json
from typing import Any

from mcp.client.session import ClientSession

_ORIGINAL = getattr(ClientSession, "_output_schema_validator", None)
_VALIDATORS: dict[str, Any] = {}


def _shared(self: ClientSession, name: str, output_schema: dict[str, Any]) -> Any:
    key = json.dumps(output_schema, sort_keys=True)
    validator = _VALIDATORS.get(key)
    if validator is None:
        assert _ORIGINAL is not None
        validator = _ORIGINAL(self, name, output_schema)
        _VALIDATORS[key] = validator
    return validator


def install() -> None:
    """Share validators from now on (a no-op if the SDK no longer has the hook)."""
    if _ORIGINAL is not None:
        ClientSession._output_schema_validator = _shared  # pyright: ignore[reportAttributeAccessIssue]
