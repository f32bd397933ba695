"""Presets for the external clients: Claude Code, Codex, OpenClaw and the OpenAI Agents SDK.

Each preset writes the client's own configuration into the trial's folder, pointing it at the episode's
MCP servers in the hub and at a model endpoint, turns off the client's built-in tools (its own shell,
file editing, web access) so it acts only through clawsim's tools, runs it headless and reads its final
answer. The recipes follow ``../shared/CLIENTS.md``; versions are pinned in ``harness.client_installs``.

Model endpoints follow each client's own SDK: ``base_url`` is the Anthropic root (no ``/v1``) for Claude
Code, the OpenAI root with ``/v1`` for the others. Without ``base_url`` the client talks to its vendor's
API with the key from ``api_key`` or the usual environment variable.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from harness.agents.base import AgentFailure, AgentInput, AgentResult
from harness.agents.endpoint import ModelEndpoint, check_wire
from harness.agents.external import (
    DEFAULT_CLIENT_TIMEOUT_S,
    ExternalAgent,
    Finished,
    Launch,
    briefing,
    episode_base,
    json_lines,
    last_json,
)
from harness.client_config import render_config
from harness.client_installs import ClientInstall, get_install, node_bin

OFF = {"DISABLE_TELEMETRY": "1", "DISABLE_ERROR_REPORTING": "1", "DO_NOT_TRACK": "1"}


class _Preset(ExternalAgent):
    client_name = ""
    key_variable = "OPENAI_API_KEY"
    default_model = ""
    model_variable = ""

    def __init__(
        self,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float | None = None,
    ) -> None:
        super().__init__(timeout)
        self.client: ClientInstall = get_install(self.client_name)
        endpoint = ModelEndpoint.resolve(
            model,
            base_url.rstrip("/") if base_url else None,
            api_key,
            model_variable=self.model_variable,
            key_variable=self.key_variable,
            default_model=self.default_model,
        )
        self.model, self.base_url, self.api_key = endpoint.model, endpoint.base_url, endpoint.api_key
        self.given_key = api_key or ""

    def check(self) -> None:
        if not self.client.installed:
            raise AgentFailure(
                f"{self.name} {self.client.version} is not installed; install it with "
                f"`clawsim clients install {self.client.name}` (into {self.client.folder})"
            )
        if not self.api_key:
            raise AgentFailure(
                f"{self.name} needs a model key: --api-key or {self.key_variable} (or --base-url of a "
                "local endpoint such as `clawsim replay-model`)"
            )

    def node_env(self) -> dict[str, str]:
        return {"PATH": f"{node_bin()}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}"}


class ClaudeCodeAgent(_Preset):
    """``claude -p`` with the episode's servers as HTTP MCP servers and no built-in tools."""

    name = client_name = "claude-code"
    key_variable = "ANTHROPIC_API_KEY"
    default_model = "claude-sonnet-4-5"
    model_variable = "CLAWSIM_CLAUDE_MODEL"

    def launch(self, given: AgentInput, folder: Path) -> Launch:
        config = folder / "mcp.json"
        config.write_text(_config("claude-code", given), encoding="utf-8")
        argv = [
            str(self.client.program),
            "-p",
            given.instruction,
            "--mcp-config",
            str(config),
            "--strict-mcp-config",
            "--allowedTools",
            ",".join(f"mcp__{service}" for service in sorted(given.urls)),
            "--tools",
            "",
            "--append-system-prompt",
            given.system_prompt,
            "--model",
            self.model,
            "--output-format",
            "stream-json",
            "--verbose",
            "--no-session-persistence",
        ]
        env = {
            **self.node_env(),
            **OFF,
            "ANTHROPIC_API_KEY": self.api_key,
            "CLAUDE_CONFIG_DIR": str(folder / ".claude"),
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
            "DISABLE_AUTOUPDATER": "1",
            "ENABLE_TOOL_SEARCH": "false",
            "MCP_TIMEOUT": "60000",  # server start-up, ms: generous, a busy machine must not drop tools
            "MCP_TOOL_TIMEOUT": "120000",
        }
        if self.base_url:
            env["ANTHROPIC_BASE_URL"] = self.base_url
        return Launch(argv, env)

    def read(self, finished: Finished) -> AgentResult:
        events = json_lines(finished.stdout)
        result = next((e for e in reversed(events) if e.get("type") == "result"), None)
        if result is None:
            raise AgentFailure(f"claude-code printed no result; its last lines:\n{finished.tail()}")
        if result.get("is_error"):
            raise AgentFailure(f"claude-code ended with an error: {str(result.get('result'))[:500]}")
        usage = result.get("usage") or {}
        return AgentResult(
            answer=str(result.get("result") or ""),
            transcript=events,
            usage={
                "input_tokens": int(usage.get("input_tokens") or 0),
                "output_tokens": int(usage.get("output_tokens") or 0),
            },
        )


# Codex's own tools, turned off so it acts only through clawsim's MCP tools.
CODEX_FEATURES_OFF = (
    "shell_tool",
    "unified_exec",
    "view_image",
    "image_generation",
    "apps",
    "browser_use",
    "computer_use",
    "skill_search",
    "tool_suggest",
    "goals",
)


class CodexAgent(_Preset):
    """``codex exec --json`` with ``CODEX_HOME`` in the trial's folder."""

    name = client_name = "codex"
    default_model = "gpt-5.1-codex"
    model_variable = "CLAWSIM_CODEX_MODEL"

    def launch(self, given: AgentInput, folder: Path) -> Launch:
        home = folder / ".codex"
        home.mkdir()
        (home / "config.toml").write_text(self._config(given), encoding="utf-8")
        argv = [str(self.client.program), "exec", "--skip-git-repo-check", "--json", given.instruction]
        env = {**self.node_env(), **OFF, "CODEX_HOME": str(home), "CLAWSIM_MODEL_KEY": self.api_key}
        if not self.base_url:
            env["OPENAI_API_KEY"] = self.api_key
        return Launch(argv, env)

    def _config(self, given: AgentInput) -> str:
        lines = [
            f"model = {json.dumps(self.model)}",
            'approval_policy = "never"',
            'sandbox_mode = "read-only"',
            'web_search = "disabled"',
            "check_for_update_on_startup = false",
            f"developer_instructions = {json.dumps(given.system_prompt)}",
        ]
        if self.base_url:
            lines.append('model_provider = "clawsim"')
        lines += ["", "[analytics]", "enabled = false", "", "[feedback]", "enabled = false"]
        lines += ["", "[agents]", "enabled = false", "", "[features]"]
        lines += [f"{feature} = false" for feature in CODEX_FEATURES_OFF]
        if self.base_url:
            lines += [
                "",
                "[model_providers.clawsim]",
                'name = "clawsim"',
                f"base_url = {json.dumps(self.base_url)}",
                'env_key = "CLAWSIM_MODEL_KEY"',
                'wire_api = "responses"',
            ]
        for service, url in sorted(given.urls.items()):
            lines += [
                "",
                f"[mcp_servers.{service}]",
                f"url = {json.dumps(url)}",
                'default_tools_approval_mode = "approve"',
                # on a loaded machine the default 10 s start-up wait can drop a server's tools silently
                "startup_timeout_sec = 60",
                "tool_timeout_sec = 120",
            ]
        return "\n".join(lines) + "\n"

    def read(self, finished: Finished) -> AgentResult:
        events = json_lines(finished.stdout)
        failed = [e for e in events if e.get("type") in ("turn.failed", "error")]
        if failed:
            raise AgentFailure(f"codex reported an error: {json.dumps(failed[-1])[:500]}")
        answers = [
            str(e["item"].get("text") or "")
            for e in events
            if e.get("type") == "item.completed" and (e.get("item") or {}).get("type") == "agent_message"
        ]
        usage: dict[str, int] = {"input_tokens": 0, "output_tokens": 0}
        for event in events:
            if event.get("type") == "turn.completed":
                used = event.get("usage") or {}
                usage["input_tokens"] += int(used.get("input_tokens") or 0)
                usage["output_tokens"] += int(used.get("output_tokens") or 0)
        return AgentResult(answer=answers[-1] if answers else "", transcript=events, usage=usage)


class OpenClawAgent(_Preset):
    """``openclaw agent --local --json`` with ``OPENCLAW_HOME`` in the trial's folder, on Node 24."""

    name = client_name = "openclaw"
    default_model = "openai/gpt-5.1"
    model_variable = "CLAWSIM_OPENCLAW_MODEL"

    def check(self) -> None:
        if not self.api_key and not self.base_url:
            self.api_key = next(
                (v for k, v in sorted(os.environ.items()) if k.endswith("_API_KEY") and v), ""
            )
        super().check()

    def launch(self, given: AgentInput, folder: Path) -> Launch:
        state = folder / ".openclaw"
        state.mkdir()
        (state / "openclaw.json").write_text(json.dumps(self._config(given), indent=2), encoding="utf-8")
        message = folder / "message.txt"
        message.write_text(briefing(given), encoding="utf-8")
        argv = [
            str(node_bin() / "node"),
            str(self.client.folder / "node_modules" / "openclaw" / "openclaw.mjs"),
            "agent",
            "--local",
            "--agent",
            "main",
            "--message-file",
            str(message),
            "--json",
            "--timeout",
            str(int(self.timeout or DEFAULT_CLIENT_TIMEOUT_S)),
        ]
        env = {
            **self.node_env(),
            **OFF,
            "OPENCLAW_HOME": str(folder),
            "OPENCLAW_NO_AUTO_UPDATE": "1",
            "OPENCLAW_OFFLINE": "1",
            "OPENCLAW_DISABLE_BONJOUR": "1",
        }
        if not self.base_url:  # the provider of --model provider/model reads its own key variable
            env.update({k: v for k, v in os.environ.items() if k.endswith("_API_KEY")})
            if self.given_key:
                env[self.key_variable] = self.given_key
        return Launch(argv, env)

    def _config(self, given: AgentInput) -> dict[str, Any]:
        servers = json.loads(_config("openclaw", given))["mcp"]["servers"]
        config: dict[str, Any] = {
            "agents": {"defaults": {"model": {"primary": self.model}}},
            "tools": {
                "toolSearch": False,
                "profile": "minimal",
                "alsoAllow": ["bundle-mcp"],
                "deny": ["gateway", "session_status"],
            },
            "mcp": {"servers": servers},
        }
        if self.base_url:
            provider = {
                "baseUrl": self.base_url,
                "apiKey": self.api_key,
                "api": "openai-completions",
                "models": [{"id": self.model, "name": self.model}],
            }
            config["models"] = {"mode": "merge", "providers": {"clawsim": provider}}
            config["agents"]["defaults"]["model"]["primary"] = f"clawsim/{self.model}"
        return config

    def read(self, finished: Finished) -> AgentResult:
        output = last_json(finished.stdout)
        if output is None:
            raise AgentFailure(f"openclaw printed no JSON result; its last lines:\n{finished.tail()}")
        answer = _find(output, "finalAssistantVisibleText")
        if not isinstance(answer, str):  # older releases: the reply's text payloads
            payloads = output.get("payloads")
            texts = (
                [p.get("text") for p in payloads or [] if isinstance(p, dict)]
                if isinstance(payloads, list)
                else []
            )
            answer = "\n".join(t for t in texts if isinstance(t, str)) if texts else None
        if answer is None:
            raise AgentFailure(f"openclaw's result has no final answer: {json.dumps(output)[:500]}")
        usage = _find(output, "usage")
        used = usage if isinstance(usage, dict) else {}
        tokens = {"input_tokens": int(used.get("input") or 0), "output_tokens": int(used.get("output") or 0)}
        return AgentResult(answer=answer, transcript=[output], usage=tokens)


def _config(client: str, given: AgentInput) -> str:
    """What ``clawsim config CLIENT --http EPISODE_ROOT`` prints for the episode's services: the presets
    use the configuration a person would paste, so running them checks it."""
    return render_config(client, http=episode_base(given.urls), services=sorted(given.urls))


def _find(value: Any, key: str) -> Any:
    """The first value of ``key`` anywhere in a JSON document (depth first)."""
    if isinstance(value, dict):
        if key in value:
            return value[key]
        children: list[Any] = list(value.values())  # pyright: ignore[reportUnknownArgumentType]
    elif isinstance(value, list):
        children = list(value)  # pyright: ignore[reportUnknownArgumentType]
    else:
        return None
    for child in children:
        found = _find(child, key)
        if found is not None:
            return found
    return None


class OpenAIAgentsAgent(_Preset):
    """The OpenAI Agents SDK in its own virtual environment, run by ``harness/scripts/openai_agents_run.py``."""

    name = client_name = "openai-agents"
    default_model = "gpt-5.1"
    model_variable = "CLAWSIM_OPENAI_MODEL"

    def __init__(
        self,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float | None = None,
        max_turns: int = 50,
        wire: str = "chat",
    ) -> None:
        super().__init__(model, base_url, api_key, timeout)
        self.max_turns, self.wire = max_turns, check_wire(self.name, wire)

    def launch(self, given: AgentInput, folder: Path) -> Launch:
        request = {
            "instruction": given.instruction,
            "system_prompt": given.system_prompt,
            "urls": given.urls,
            "model": self.model,
            "base_url": self.base_url,
            "wire": self.wire,
            "max_turns": self.max_turns,
        }
        main = Path(__file__).parents[1] / "scripts" / "openai_agents_run.py"
        env = {"OPENAI_API_KEY": self.api_key, "PYTHONNOUSERSITE": "1"}
        return Launch([str(self.client.program), "-I", str(main)], env, json.dumps(request).encode())

    def read(self, finished: Finished) -> AgentResult:
        output = last_json(finished.stdout)
        if output is None or "answer" not in output:
            raise AgentFailure(f"openai-agents printed no result; its last lines:\n{finished.tail()}")
        return AgentResult(
            answer=str(output["answer"]),
            transcript=list(output.get("items") or []),
            usage={k: int(v) for k, v in (output.get("usage") or {}).items()},
        )
