"""Reasonable solutions other than the oracle's pass the shipped tasks they are written for."""

from __future__ import annotations

import pytest

from harness.agents import OracleAgent
from harness.episode import WorldCache
from harness.runner import run_trial
from harness.tasks import select
from harness.tasks.model import Oracle, OracleStep


@pytest.mark.anyio
async def test_the_schufa_report_may_go_as_a_message_and_then_the_file() -> None:
    task = select("msg-maya-schufa-to-alex")[0]
    send = {"to_handle": "+4915233445566", "workspace": "whatsapp"}
    pdf = "laptop:/Users/maya/Downloads/SCHUFA-BonitaetsAuskunft_Maya_Lin.pdf"
    two_messages = Oracle(
        steps=[
            OracleStep(
                service="messaging", tool="send_chat_message", args={**send, "text": "Here it comes 📄"}
            ),
            OracleStep(
                service="messaging",
                tool="send_chat_message",
                args={**send, "text": "", "attach_files": [pdf]},
            ),
        ],
        answer=task.oracle.answer,
    )
    result = await run_trial(task, 0, OracleAgent(two_messages), WorldCache())
    assert (result.error, result.passed) == (None, True), [c.reason for c in result.checks if not c.passed]
