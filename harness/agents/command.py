"""``command``: any other client, run from a command template.

The template is split like a shell would split it (no shell runs it) and these placeholders are filled
in, as whole words or inside words:

- ``{mcp_config}``: a JSON file ``{"mcpServers": {"mail": {"type": "http", "url": ...}, ...}}``, the
  format Claude Code, Cursor and most clients read;
- ``{instruction}``: the user's request; ``{system_prompt}``: the framing (who, when, which devices);
  ``{prompt}``: both in one message;
- ``{answer_file}``: a path where the client may write its final answer (else its stdout is the answer);
- ``{model}``, ``{base_url}``, ``{api_key}``: the model settings given to ``clawsim run``;
- ``{folder}``: the trial's scratch folder (also the working directory).

The same values are in the environment as ``CLAWSIM_MCP_CONFIG``, ``CLAWSIM_MCP_URLS`` (JSON: service ->
URL), ``CLAWSIM_INSTRUCTION``, ``CLAWSIM_SYSTEM_PROMPT``, ``CLAWSIM_PROMPT``, ``CLAWSIM_ANSWER_FILE``,
``CLAWSIM_MODEL``, ``CLAWSIM_BASE_URL``, ``CLAWSIM_API_KEY``; the rest of the environment is yours.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from pathlib import Path

from harness.agents.base import AgentInput, AgentResult
from harness.agents.external import ExternalAgent, Finished, Launch, briefing
from harness.errors import UsageError

PLACEHOLDERS = (
    "mcp_config",
    "instruction",
    "system_prompt",
    "prompt",
    "answer_file",
    "model",
    "base_url",
    "api_key",
    "folder",
)
_FIELD = re.compile(r"\{([^{}]*)\}")


class CommandAgent(ExternalAgent):
    name = "command"

    def __init__(
        self,
        command: str | None = None,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float | None = None,
    ) -> None:
        super().__init__(timeout)
        command = command or os.environ.get("CLAWSIM_COMMAND") or ""
        if not command.strip():
            raise UsageError(
                "the command agent needs a command: --command 'my-agent --mcp-config {mcp_config} "
                "{prompt}' (or CLAWSIM_COMMAND); placeholders: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            )
        try:
            self.words = shlex.split(command)
        except ValueError as exc:
            raise UsageError(f"the command {command!r} cannot be split into words: {exc}") from None
        unknown = sorted({f for word in self.words for f in _FIELD.findall(word)} - set(PLACEHOLDERS))
        if unknown:
            raise UsageError(
                f"the command has unknown placeholders {', '.join(f'{{{u}}}' for u in unknown)}; "
                "placeholders: " + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            )
        self.model, self.base_url, self.api_key = model or "", base_url or "", api_key or ""

    def launch(self, given: AgentInput, folder: Path) -> Launch:
        config = folder / "mcp.json"
        servers = {service: {"type": "http", "url": url} for service, url in sorted(given.urls.items())}
        config.write_text(json.dumps({"mcpServers": servers}, indent=2), encoding="utf-8")
        values = {
            "mcp_config": str(config),
            "instruction": given.instruction,
            "system_prompt": given.system_prompt,
            "prompt": briefing(given),
            "answer_file": str(folder / "answer.txt"),
            "model": self.model,
            "base_url": self.base_url,
            "api_key": self.api_key,
            "folder": str(folder),
        }
        argv = [_FIELD.sub(lambda m: values[m.group(1)], word) for word in self.words]
        env = {f"CLAWSIM_{key.upper()}": value for key, value in values.items()}
        env["CLAWSIM_MCP_URLS"] = json.dumps(given.urls)
        return Launch(argv, {**os.environ, **env}, inherit=True)

    def read(self, finished: Finished) -> AgentResult:
        answer_file = finished.folder / "answer.txt"
        if answer_file.is_file():
            answer = answer_file.read_text(encoding="utf-8", errors="replace")
        else:
            answer = finished.stdout
        return AgentResult(answer=answer.strip(), transcript=[{"role": "output", "content": finished.stdout}])
