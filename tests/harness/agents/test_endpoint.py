"""The model endpoint of the model agents and the client presets: options first, then the environment."""

from __future__ import annotations

import pytest

from harness.agents.endpoint import NO_KEY, ModelEndpoint, check_wire
from harness.errors import UsageError

OPENAI = {"model_variable": "CLAWSIM_OPENAI_MODEL", "key_variable": "OPENAI_API_KEY"}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CLAWSIM_OPENAI_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def test_options_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAWSIM_OPENAI_MODEL", "from-env")
    monkeypatch.setenv("OPENAI_API_KEY", "env-key")
    given = ModelEndpoint.resolve("m", "http://127.0.0.1:1/v1", "k", **OPENAI)
    assert given == ModelEndpoint("m", "http://127.0.0.1:1/v1", "k")
    assert ModelEndpoint.resolve(None, None, None, **OPENAI) == ModelEndpoint("from-env", None, "env-key")


def test_the_base_url_comes_from_the_environment_only_where_the_agent_names_a_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:2/v1")
    assert ModelEndpoint.resolve("m", None, None, **OPENAI).base_url is None
    read = ModelEndpoint.resolve("m", None, None, **OPENAI, base_url_variable="OPENAI_BASE_URL")
    assert (read.base_url, read.api_key) == ("http://127.0.0.1:2/v1", NO_KEY)


def test_a_default_model_fills_in_and_no_key_and_no_url_leaves_the_key_empty() -> None:
    endpoint = ModelEndpoint.resolve(None, None, None, **OPENAI, default_model="gpt-5.1")
    assert endpoint == ModelEndpoint("gpt-5.1", None, "")


def test_a_required_endpoint_names_the_missing_model_then_the_missing_key() -> None:
    with pytest.raises(
        UsageError, match=r"^the openai agent needs a model: --model or CLAWSIM_OPENAI_MODEL$"
    ):
        ModelEndpoint.required("openai", None, None, "k", **OPENAI)
    with pytest.raises(UsageError, match=r"^the openai agent needs a key: --api-key or OPENAI_API_KEY$"):
        ModelEndpoint.required("openai", "m", None, None, **OPENAI)
    assert ModelEndpoint.required("openai", "m", "http://x/v1", None, **OPENAI).api_key == NO_KEY


def test_the_wire_is_chat_or_responses() -> None:
    assert [check_wire("openai", wire) for wire in ("chat", "responses")] == ["chat", "responses"]
    with pytest.raises(UsageError, match=r"^the openai agent's wire is 'chat' or 'responses', not 'grpc'$"):
        check_wire("openai", "grpc")
