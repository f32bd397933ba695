"""What the three wire formats share: reading content parts, token estimates, server-sent events."""

from __future__ import annotations

import json
from typing import Any

MODEL_ID = "replay"


def text_of(content: Any) -> list[str]:
    """The text of a message's content: a string, or a list of parts with a ``text`` (or nested
    ``content``) each; returned as each part alone, then all joined, so either can match a task."""
    if content is None:
        return []
    if isinstance(content, str):
        return [content]
    if isinstance(content, list):
        parts: list[str] = []
        for part in content:  # pyright: ignore[reportUnknownVariableType]
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict):
                text = part.get("text")  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
                if isinstance(text, str):
                    parts.append(text)
        return [*parts, "\n".join(parts)] if len(parts) > 1 else parts
    return [str(content)]


def result_text(content: Any) -> str:
    """A tool result's text as the client passed it back (string or list of text parts)."""
    parts = text_of(content)
    return parts[-1] if parts else ""


def tokens(value: Any) -> int:
    """A deterministic stand-in for a token count: a quarter of the JSON length, at least 1."""
    return max(1, len(json.dumps(value, sort_keys=True, default=str)) // 4)


def sse(data: dict[str, Any], event: str | None = None) -> str:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(data)}\n\n"
