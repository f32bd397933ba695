"""The replay model's HTTP server: one Starlette app for the three wire formats."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from harness.replay import chat, messages, responses
from harness.replay.model import ReplayModel
from harness.replay.wire import MODEL_ID

Handler = Callable[[Request], Any]


def create_app(model: ReplayModel, log: Path | None = None) -> Starlette:
    """The server: ``POST /v1/chat/completions``, ``/v1/responses``, ``/v1/messages`` (each streamed
    when the body says ``"stream": true``), ``/v1/messages/count_tokens`` and ``GET /v1/models``.
    With ``log``, each request body and its reply is appended to it as a JSON line: it shows how a
    client names the tools."""

    async def count_tokens(request: Request) -> Response:
        return JSONResponse(messages.count_tokens(await _body(request)))

    return Starlette(
        routes=[
            Route("/v1/chat/completions", _answer(model, chat, log), methods=["POST"]),
            Route("/v1/responses", _answer(model, responses, log), methods=["POST"]),
            Route("/v1/messages", _answer(model, messages, log), methods=["POST"]),
            Route("/v1/messages/count_tokens", count_tokens, methods=["POST"]),
            Route("/v1/models", _models, methods=["GET"]),
            Route("/v1/models/{model_id}", _model, methods=["GET"]),
        ]
    )


def _answer(model: ReplayModel, wire: ModuleType, log: Path | None) -> Handler:
    async def endpoint(request: Request) -> Response:
        body = await _body(request)
        if not isinstance(body, dict):
            return _error(400, f"the request body must be a JSON object, got {type(body).__name__}")
        reply = model.reply(wire.read(body))
        if log is not None:
            record = {"path": request.url.path, "request": body, "reply": reply.__dict__}
            with log.open("a", encoding="utf-8") as out:
                out.write(json.dumps(record, default=lambda v: v.__dict__) + "\n")
        if body.get("stream"):
            events: Iterator[str] = wire.stream(body, reply)
            return StreamingResponse(events, media_type="text/event-stream")
        return JSONResponse(wire.render(body, reply))

    return endpoint


async def _body(request: Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        return None


def _error(status: int, message: str) -> Response:
    body = {"type": "error", "error": {"type": "invalid_request_error", "message": message}}
    return JSONResponse(body, status_code=status)


def _describe(model_id: str) -> dict[str, Any]:
    # Both SDKs' model shapes at once: OpenAI's ``object``/``owned_by``, Anthropic's ``type``/``display_name``.
    return {
        "id": model_id,
        "object": "model",
        "created": 0,
        "owned_by": "clawsim",
        "type": "model",
        "display_name": "clawsim replay model",
        "created_at": "2026-01-01T00:00:00Z",
    }


async def _models(request: Request) -> Response:
    return JSONResponse(
        {
            "object": "list",
            "data": [_describe(MODEL_ID)],
            "has_more": False,
            "first_id": MODEL_ID,
            "last_id": MODEL_ID,
        }
    )


async def _model(request: Request) -> Response:
    return JSONResponse(_describe(request.path_params["model_id"]))
