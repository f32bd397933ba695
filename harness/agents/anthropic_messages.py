"""``anthropic``: a tool-calling loop over the Anthropic Messages API (tool_use / tool_result blocks).

Configuration: the constructor's arguments (``clawsim run --model --base-url --api-key``), else the
environment: ``CLAWSIM_ANTHROPIC_MODEL``, ``ANTHROPIC_BASE_URL``, ``ANTHROPIC_API_KEY``. An endpoint
given by base URL needs no key.
"""

from __future__ import annotations

from typing import Any

import anthropic
import anyio

from harness.agents.base import AgentFailure, AgentInput, AgentResult
from harness.agents.endpoint import ModelEndpoint
from harness.agents.toolbox import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_TURNS,
    DEFAULT_REQUEST_TIMEOUT_S,
    OfferedTool,
    Record,
    Toolbox,
)

DEFAULT_MAX_TOKENS = 4096


class AnthropicAgent:
    name = "anthropic"
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
        max_tokens: int = DEFAULT_MAX_TOKENS,
    ) -> None:
        endpoint = ModelEndpoint.required(
            self.name,
            model,
            base_url,
            api_key,
            model_variable="CLAWSIM_ANTHROPIC_MODEL",
            key_variable="ANTHROPIC_API_KEY",
            base_url_variable="ANTHROPIC_BASE_URL",
        )
        self.model, self.base_url, self.api_key = endpoint.model, endpoint.base_url, endpoint.api_key
        self.max_turns, self.stream, self.max_tokens = max_turns, stream, max_tokens
        self.max_retries, self.request_timeout = max_retries, request_timeout

    async def run(self, given: AgentInput) -> AgentResult:
        record = Record()
        record.transcript.append({"role": "system", "content": given.system_prompt})
        record.transcript.append({"role": "user", "content": given.instruction})
        messages: list[dict[str, Any]] = [{"role": "user", "content": given.instruction}]
        client = anthropic.AsyncAnthropic(
            api_key=self.api_key,
            base_url=self.base_url,
            max_retries=self.max_retries,
            timeout=self.request_timeout,
        )
        async with client, Toolbox.open(given.servers, record) as toolbox:
            request: dict[str, Any] = {
                "model": self.model,
                "max_tokens": self.max_tokens,
                "system": given.system_prompt,
                "messages": messages,
            }
            if toolbox.tools:
                request["tools"] = [_tool(tool) for tool in toolbox.tools]
            for _ in range(self.max_turns):
                content = await self._create(client, request, record)
                text = "".join(b["text"] for b in content if b["type"] == "text")
                record.transcript.append({"role": "assistant", "content": text})
                uses = [b for b in content if b["type"] == "tool_use"]
                if not uses:
                    return record.result(text)
                messages.append({"role": "assistant", "content": content})
                messages.append({"role": "user", "content": [await _result(toolbox, use) for use in uses]})
            record.transcript.append({"role": "note", "content": f"turn limit of {self.max_turns} reached"})
            return record.result("")

    async def _create(
        self, client: anthropic.AsyncAnthropic, request: dict[str, Any], record: Record
    ) -> list[dict[str, Any]]:
        """One model turn: its content blocks, as they go back in the next request."""
        try:
            if self.stream:
                message = await _streamed(client, request)
            else:
                message = await client.messages.create(**request)
        except anthropic.APIError as exc:
            raise AgentFailure(_reason(exc, self.base_url)) from None
        except (AgentFailure, anyio.get_cancelled_exc_class()):
            raise
        except Exception as exc:  # an answer the SDK cannot read; raised bare, it would stop the run
            where = self.base_url or "api.anthropic.com"
            raise AgentFailure(
                f"the model endpoint {where} gave an answer that is not a message: {type(exc).__name__}: {exc}"
            ) from None
        blocks = getattr(message, "content", None)
        if not isinstance(blocks, list):
            raise AgentFailure(f"the model endpoint answered without content: {str(message)[:300]!r}")
        usage = getattr(message, "usage", None)
        if usage is not None:
            record.add_usage(usage.input_tokens, usage.output_tokens)
        return [_block(block) for block in blocks]  # pyright: ignore[reportUnknownVariableType]


async def _streamed(client: anthropic.AsyncAnthropic, request: dict[str, Any]) -> Any:
    async with client.messages.stream(**request) as stream:
        try:
            return await stream.get_final_message()
        except AssertionError:  # how the SDK says no message_start event came
            raise AgentFailure("the model endpoint's stream ended before a message started") from None


def _tool(tool: OfferedTool) -> dict[str, Any]:
    return {"name": tool.name, "description": tool.description, "input_schema": tool.input_schema}


def _block(block: Any) -> dict[str, Any]:
    if block.type == "text":
        return {"type": "text", "text": block.text}
    if block.type == "tool_use":
        return {"type": "tool_use", "id": block.id, "name": block.name, "input": block.input}
    return block.model_dump(exclude_none=True)


async def _result(toolbox: Toolbox, use: dict[str, Any]) -> dict[str, Any]:
    outcome = await toolbox.call(use["name"], use["input"], use["id"])
    return {
        "type": "tool_result",
        "tool_use_id": use["id"],
        "content": outcome.text,
        "is_error": outcome.is_error,
    }


def _reason(exc: anthropic.APIError, base_url: str | None) -> str:
    where = base_url or "api.anthropic.com"
    if isinstance(exc, anthropic.APIStatusError):
        return f"the model endpoint {where} answered {exc.status_code}: {exc.message}"
    if isinstance(exc, anthropic.APITimeoutError):
        return f"the model endpoint {where} did not answer in time: {exc}"
    if isinstance(exc, anthropic.APIConnectionError):
        return f"the model endpoint {where} could not be reached: {exc}"
    return f"the model endpoint {where} gave an answer that is not a message: {exc}"
