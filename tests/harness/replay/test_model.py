"""The replay model without HTTP: finding the task, naming the tool, counting steps, wrong steps."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from harness.cli import app
from harness.replay import Conversation, Mutation, OfferedTool, ReplayModel, pick_tool
from harness.replay.model import Text, ToolResult, ToolUse
from harness.tasks import select

TASK = select("mail-reply-lunch")[0]
FOUND = json.dumps({"items": [{"id": "msg_42"}]})
MAIL = [OfferedTool("search_emails"), OfferedTool("reply_to_email")]


@pytest.mark.parametrize(
    ("offered", "picked"),
    [
        (["search_emails"], "search_emails"),
        (["files__search_files", "mail__search_emails"], "mail__search_emails"),
        (["mcp__contacts__search_emails", "mcp__mail__search_emails"], "mcp__mail__search_emails"),
        (["mail_search_emails", "mail.search_emails_v2"], "mail_search_emails"),
        (["mail.search_emails"], "mail.search_emails"),
        (["research_emails"], None),
    ],
)
def test_the_offered_tool_ending_in_the_step_tool_and_naming_the_service_is_picked(
    offered: list[str], picked: str | None
) -> None:
    tool = pick_tool([OfferedTool(n) for n in offered], "mail", "search_emails")
    assert (tool.full_name if tool else None) == picked


def test_a_codex_namespace_counts_as_the_service_prefix() -> None:
    tools = [OfferedTool("search_emails", "mcp__mail"), OfferedTool("search_emails", "mcp__chat")]
    assert pick_tool(tools, "mail", "search_emails") == OfferedTool("search_emails", "mcp__mail")


def test_the_instruction_matches_after_whitespace_normalisation() -> None:
    spaced = "  " + TASK.instruction.replace(" ", "\n  ") + "\n"
    reply = ReplayModel([TASK]).reply(Conversation([spaced], [], MAIL))
    assert isinstance(reply, ToolUse) and reply.call_id == "call_1"
    assert reply.arguments == TASK.oracle.steps[0].args


def test_a_transient_error_result_is_played_again_rather_than_counted() -> None:
    results = [ToolResult("Error executing tool search_emails: 429 Too Many Requests", is_error=True)]
    again = ReplayModel([TASK]).reply(Conversation([TASK.instruction], results, MAIL))
    assert isinstance(again, ToolUse) and again.tool.name == "search_emails" and again.call_id == "call_2"
    after = ReplayModel([TASK]).reply(Conversation([TASK.instruction], [*results, ToolResult(FOUND)], MAIL))
    assert isinstance(after, ToolUse) and after.arguments["email_id"] == "msg_42"


def test_a_reference_into_a_result_that_lacks_it_is_reported_as_text() -> None:
    reply = ReplayModel([TASK]).reply(Conversation([TASK.instruction], [ToolResult("no mails")], MAIL))
    assert isinstance(reply, Text) and "$result 'found.items.0.id'" in reply.text


def test_no_offered_tool_of_the_step_is_reported_with_what_was_offered() -> None:
    reply = ReplayModel([TASK]).reply(Conversation([TASK.instruction], [], [OfferedTool("notes__add_note")]))
    assert isinstance(reply, Text) and "named like mail.search_emails; offered: notes__add_note" in reply.text


def test_mutations_skip_a_step_or_give_it_wrong_arguments() -> None:
    skipped = Mutation.parse("mail-reply-lunch:2").apply(TASK.oracle)
    wrong = Mutation.parse("mail-reply-lunch:1:wrong_args").apply(TASK.oracle)
    assert [s.tool for s in skipped.steps] == ["search_emails"]
    assert wrong.steps[0].args == {"wrong": "argument"}


@pytest.mark.parametrize("text", ["mail-reply-lunch", "mail-reply-lunch:x", "mail-reply-lunch:1:maybe"])
def test_a_malformed_mutation_says_what_is_expected(text: str) -> None:
    with pytest.raises(ValueError, match="expected TASK_ID:STEP"):
        Mutation.parse(text)


def test_a_mutation_of_an_unserved_task_or_missing_step_is_refused() -> None:
    with pytest.raises(ValueError, match="not served"):
        ReplayModel([TASK], [Mutation("other-task", 1)])
    with pytest.raises(ValueError, match=r"out of range 1\.\.2"):
        ReplayModel([TASK], [Mutation(TASK.id, 3)])


def test_the_command_refuses_an_unknown_selector_and_a_bad_mutation() -> None:
    runner = CliRunner()
    unknown = runner.invoke(app, ["replay-model", "--tasks", "nothing-like-this"])
    bad = runner.invoke(
        app, ["replay-model", "--tasks", "mail-reply-lunch", "--mutate", "mail-reply-lunch:9"]
    )
    assert (unknown.exit_code, bad.exit_code) == (1, 1)
    assert "matches no task" in unknown.output
    assert "step 9 is out of range" in bad.output


@pytest.mark.parametrize(
    "passed_back",
    [
        FOUND,
        json.dumps({"type": "text", "text": FOUND, "annotations": None}),
        json.dumps({"content": [{"type": "text", "text": "{}"}], "structuredContent": json.loads(FOUND)}),
        json.dumps({"content": [{"type": "text", "text": FOUND}], "isError": False}),
        f"Result: {FOUND}",
    ],
    ids=["json", "agents-sdk-text-part", "structured", "call-tool-result", "prefixed"],
)
def test_references_resolve_through_the_wrappers_clients_pass_results_back_in(passed_back: str) -> None:
    reply = ReplayModel([TASK]).reply(Conversation([TASK.instruction], [ToolResult(passed_back)], MAIL))
    assert isinstance(reply, ToolUse) and reply.arguments["email_id"] == "msg_42"


def test_an_instruction_inside_a_longer_user_text_is_found() -> None:
    text = f"<context>Today is Monday.</context>\n{TASK.instruction}\n(answer briefly)"
    assert ReplayModel([TASK]).find_task(Conversation([text], [], MAIL)) == TASK
