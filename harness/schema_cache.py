"""One compiled output-schema validator per schema for the whole process.

The MCP SDK's client checks a tool's output schema against the JSON Schema metaschema and compiles a
validator once per session (~70 ms per tool). Trials open new sessions all the time (every trial, every
proof of a generated task), over the same few schemas, so that check dominated a trial. This shares the
compiled validator between sessions, keyed by the schema's content: the same validation, done once.

It replaces a private method of the SDK's ``ClientSession``, ``_output_schema_validator(name,
output_schema)``, which a release of the SDK may drop or change. Then ``install`` warns and changes
nothing: each session compiles its own validators again (slower trials, the same results). The harness
keeps working, and ``tests/harness/test_schema_cache.py`` fails, so an SDK upgrade that loses the hook is
noticed before a release.
"""

from __future__ import annotations

import inspect
import json
import warnings
from typing import Any

from mcp.client.session import ClientSession

_HOOK = "_output_schema_validator"
_PARAMETERS = ["self", "name", "output_schema"]
_ORIGINAL = getattr(ClientSession, _HOOK, None)
_VALIDATORS: dict[str, Any] = {}


def _shared(self: ClientSession, name: str, output_schema: dict[str, Any]) -> Any:
    key = json.dumps(output_schema, sort_keys=True)
    validator = _VALIDATORS.get(key)
    if validator is None:
        assert _ORIGINAL is not None  # install() replaces the method only when there is one
        validator = _ORIGINAL(self, name, output_schema)
        _VALIDATORS[key] = validator
    return validator


def install() -> bool:
    """Share validators from now on. False, with a warning, when the SDK no longer has the method in
    the shape this replaces (sessions then compile their own, as the SDK does by itself)."""
    if getattr(ClientSession, _HOOK, None) is _shared:
        return True
    if _ORIGINAL is None or list(inspect.signature(_ORIGINAL).parameters) != _PARAMETERS:
        warnings.warn(
            f"the MCP SDK's ClientSession has no method {_HOOK}({', '.join(_PARAMETERS[1:])}) any more: "
            "each MCP session compiles its own output-schema validators, which makes trials slower",
            RuntimeWarning,
            stacklevel=2,
        )
        return False
    setattr(ClientSession, _HOOK, _shared)
    return True
