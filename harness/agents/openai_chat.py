"""``openai``: a tool-calling loop over Chat Completions (or the Responses API with ``wire="responses"``),
against any OpenAI-compatible endpoint.

Configuration: the constructor's arguments (``clawsim run --model --base-url --api-key``), else the
environment: ``CLAWSIM_OPENAI_MODEL``, ``OPENAI_BASE_URL``, ``OPENAI_API_KEY``. A local endpoint (vLLM,
Ollama) given by base URL needs no key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import anyio
import openai

from harness.agents.base import AgentFailure, AgentInput, AgentResult
from harness.agents.endpoint import ModelEndpoint, check_wire
from harness.agents.openai_responses import call_item, output_item, respond
from harness.agents.toolbox import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_TURNS,
    DEFAULT_REQUEST_TIMEOUT_S,
    Record,
    Toolbox,
    parse_arguments,
)


@dataclass
class _Turn:
    text: str = ""
    calls: list[dict[str, str]] = field(default_factory=lambda: [])
    """``{"id", "name", "arguments"}`` each, arguments as the model's JSON text."""


class OpenAIAgent:
    name = "openai"
    uses_http = False

    def __init__(
        self,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        max_turns: int = DEFAULT_MAX_TURNS,
        stream: bool = False,
        max_retries: int = DEFAULT_MAX_RETRIES,
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT_S,
        wire: str = "chat",
    ) -> None:
        self.wire = check_wire(self.name, wire)
        endpoint = ModelEndpoint.required(
            self.name,
            model,
            base_url,
            api_key,
            model_variable="CLAWSIM_OPENAI_MODEL",
            key_variable="OPENAI_API_KEY",
            base_url_variable="OPENAI_BASE_URL",
        )
        self.model, self.base_url, self.api_key = endpoint.model, endpoint.base_url, endpoint.api_key
        self.max_turns, self.stream = max_turns, stream
        self.max_retries, self.request_timeout = max_retries, request_timeout

    async def run(self, given: AgentInput) -> AgentResult:
        record = Record()
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": given.system_prompt},
            {"role": "user", "content": given.instruction},
        ]
        record.transcript.extend(dict(m) for m in messages)
        client = openai.AsyncOpenAI(
            api_key=self.api_key,
            base_url=self.base_url,
            max_retries=self.max_retries,
            timeout=self.request_timeout,
        )
        async with client, Toolbox.open(given.servers, record) as toolbox:
            if self.wire == "responses":
                return await self._responses(client, given, toolbox, record)
            functions = [_function(tool) for tool in toolbox.tools]
            for _ in range(self.max_turns):
                turn = await self._complete(client, messages, functions, record)
                record.transcript.append({"role": "assistant", "content": turn.text})
                if not turn.calls:
                    return record.result(turn.text)
                messages.append(_assistant(turn))
                for call in turn.calls:
                    outcome = await toolbox.call(call["name"], parse_arguments(call["arguments"]), call["id"])
                    content = f"error: {outcome.text}" if outcome.is_error else outcome.text
                    messages.append({"role": "tool", "tool_call_id": call["id"], "content": content})
            record.transcript.append({"role": "note", "content": f"turn limit of {self.max_turns} reached"})
            return record.result("")

    async def _responses(
        self, client: openai.AsyncOpenAI, given: AgentInput, toolbox: Toolbox, record: Record
    ) -> AgentResult:
        items: list[dict[str, Any]] = [{"role": "user", "content": given.instruction}]
        for _ in range(self.max_turns):
            try:
                text, calls = await respond(
                    client, self.model, given.system_prompt, items, toolbox.tools, self.stream, record
                )
            except openai.APIError as exc:
                raise AgentFailure(_reason(exc, self.base_url)) from None
            except (AgentFailure, anyio.get_cancelled_exc_class()):
                raise
            except Exception as exc:  # an answer the SDK cannot read
                raise AgentFailure(_unreadable(exc, self.base_url)) from None
            record.transcript.append({"role": "assistant", "content": text})
            if not calls:
                return record.result(text)
            for call in calls:
                items.append(call_item(call))
                outcome = await toolbox.call(call["name"], parse_arguments(call["arguments"]), call["id"])
                items.append(
                    output_item(call["id"], f"error: {outcome.text}" if outcome.is_error else outcome.text)
                )
        record.transcript.append({"role": "note", "content": f"turn limit of {self.max_turns} reached"})
        return record.result("")

    async def _complete(
        self,
        client: openai.AsyncOpenAI,
        messages: list[dict[str, Any]],
        functions: list[dict[str, Any]],
        record: Record,
    ) -> _Turn:
        request: dict[str, Any] = {"model": self.model, "messages": messages}
        if functions:
            request["tools"] = functions
        try:
            if self.stream:
                return await _streamed(client, request, record)
            return _read(await client.chat.completions.create(**request), record)
        except openai.APIError as exc:
            raise AgentFailure(_reason(exc, self.base_url)) from None
        except (AgentFailure, anyio.get_cancelled_exc_class()):
            raise
        except Exception as exc:  # an answer the SDK cannot read; raised bare, it would stop the run
            raise AgentFailure(_unreadable(exc, self.base_url)) from None


def _function(tool: Any) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {"name": tool.name, "description": tool.description, "parameters": tool.input_schema},
    }


def _assistant(turn: _Turn) -> dict[str, Any]:
    return {
        "role": "assistant",
        "content": turn.text or None,
        "tool_calls": [
            {"id": c["id"], "type": "function", "function": {"name": c["name"], "arguments": c["arguments"]}}
            for c in turn.calls
        ],
    }


def _read(response: Any, record: Record) -> _Turn:
    choices = getattr(response, "choices", None)
    if not isinstance(choices, list) or not choices:
        raise AgentFailure(f"the model endpoint answered without choices: {str(response)[:300]!r}")
    usage = getattr(response, "usage", None)
    if usage is not None:
        record.add_usage(usage.prompt_tokens, usage.completion_tokens)
    message = choices[0].message
    calls = [
        {"id": c.id, "name": c.function.name, "arguments": c.function.arguments or ""}
        for c in message.tool_calls or []
    ]
    return _Turn(message.content or "", calls)


async def _streamed(client: openai.AsyncOpenAI, request: dict[str, Any], record: Record) -> _Turn:
    """A streamed completion, its text and tool calls assembled from the deltas."""
    stream = await client.chat.completions.create(
        **request, stream=True, stream_options={"include_usage": True}
    )
    text: list[str] = []
    calls: dict[int, dict[str, str]] = {}
    finished = False
    async for chunk in stream:
        if chunk.usage is not None:
            record.add_usage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens)
        for choice in chunk.choices:
            finished = finished or choice.finish_reason is not None
            text.append(choice.delta.content or "")
            for delta in choice.delta.tool_calls or []:
                _add_delta(calls.setdefault(delta.index, {"id": "", "name": "", "arguments": ""}), delta)
    if not finished:
        raise AgentFailure("the model endpoint's stream ended before a choice finished (no finish_reason)")
    return _Turn("".join(text), [calls[index] for index in sorted(calls)])


def _add_delta(call: dict[str, str], delta: Any) -> None:
    call["id"] = delta.id or call["id"]
    if delta.function is not None:
        call["name"] += delta.function.name or ""
        call["arguments"] += delta.function.arguments or ""


def _reason(exc: openai.APIError, base_url: str | None) -> str:
    where = base_url or "api.openai.com"
    if isinstance(exc, openai.APIStatusError):
        return f"the model endpoint {where} answered {exc.status_code}: {exc.message}"
    if isinstance(exc, openai.APITimeoutError):
        return f"the model endpoint {where} did not answer in time: {exc}"
    if isinstance(exc, openai.APIConnectionError):
        return f"the model endpoint {where} could not be reached: {exc}"
    return f"the model endpoint {where} gave an answer that is not a completion: {exc}"


def _unreadable(exc: Exception, base_url: str | None) -> str:
    where = base_url or "api.openai.com"
    return f"the model endpoint {where} gave an answer that is not a completion: {type(exc).__name__}: {exc}"
