"""Model endpoints for the agent tests, served in process: the replay model, and scripted misbehaviour."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from harness.serving import serving_app

CHAT_ANSWER = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 0,
    "model": "scripted",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "done"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}
MESSAGES_ANSWER = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "scripted",
    "content": [{"type": "text", "text": "done"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 3, "output_tokens": 1},
}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@asynccontextmanager
async def serving(app: Starlette) -> AsyncIterator[str]:
    """``app`` on a free local port for the duration; yields its root URL."""
    async with serving_app(app) as url:
        yield url


@contextmanager
def serving_in_a_thread(app: Starlette) -> Iterator[str]:
    """``app`` on a free local port in a thread of its own, for code that runs its own event loop (the
    CLI); yields its root URL."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the test endpoint did not start on port {port} within 20 s")
        time.sleep(0.01)  # uvicorn exposes a flag, not an event
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


class Scripted:
    """An endpoint that misbehaves on purpose: ``refuse`` (401), ``flaky`` (a 500, then an answer),
    ``hang`` (no answer until released), ``garbage`` (200 with a body that is no answer)."""

    def __init__(self, behaviour: str) -> None:
        self.behaviour = behaviour
        self.requests = 0
        self.released = anyio.Event()
        self.app = Starlette(
            routes=[
                Route("/v1/chat/completions", self._chat, methods=["POST"]),
                Route("/v1/messages", self._messages, methods=["POST"]),
            ]
        )

    async def _chat(self, request: Request) -> Response:
        return await self._answer(CHAT_ANSWER)

    async def _messages(self, request: Request) -> Response:
        return await self._answer(MESSAGES_ANSWER)

    async def _answer(self, answer: dict[str, object]) -> Response:
        self.requests += 1
        if self.behaviour == "refuse":
            return JSONResponse({"error": {"message": "invalid key", "type": "authentication_error"}}, 401)
        if self.behaviour == "flaky" and self.requests == 1:
            return JSONResponse({"error": {"message": "overloaded"}}, 500, headers={"retry-after-ms": "1"})
        if self.behaviour == "hang":
            await self.released.wait()
        if self.behaviour == "garbage":
            return PlainTextResponse("<html>not a model</html>")
        return JSONResponse(answer)
