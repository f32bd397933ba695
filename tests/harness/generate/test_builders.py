"""The typed builders templates write tasks with: each gives the model its YAML form gives."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import BaseModel

from harness.generate.builders import (
    answer_contains,
    answer_lacks,
    answer_matches,
    at_time,
    between,
    change,
    column_of,
    empty,
    equals,
    expect,
    final_rows,
    forbid,
    includes,
    not_empty,
    one_of,
    other_than,
    refers_to,
    regex,
    reply_marks,
    result,
    same_items,
    step,
    thousands,
    tolerate,
    unquoted,
)
from harness.tasks.model import (
    AnswerCheck,
    Condition,
    Expectations,
    FinalState,
    Forbidden,
    OracleStep,
    Required,
    RowPattern,
)

CASES: list[tuple[BaseModel, type[BaseModel], dict[str, Any]]] = [
    (equals(False), Condition, {"equals": False}),
    (includes("a@example.com"), Condition, {"includes": ["a@example.com"]}),
    (same_items(["a@example.com"]), Condition, {"set": ["a@example.com"]}),
    (one_of(["x", "y"]), Condition, {"one_of": ["x", "y"]}),
    (refers_to("gen-request"), Condition, {"ref": "gen-request"}),
    (column_of("gen-request", "message_id"), Condition, {"ref": "gen-request.message_id"}),
    (at_time("2026-03-02T09:00:00+01:00"), Condition, {"time": "2026-03-02T09:00:00+01:00"}),
    (
        between("2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z"),
        Condition,
        {
            "after": "2026-03-02T09:00:00Z",
            "before": "2026-03-02T10:00:00Z",
        },
    ),
    (empty(), Condition, {"empty": True}),
    (not_empty(), Condition, {"empty": False}),
    (
        change(
            "insert", "mail_message", "a reply", where={"to_addresses": includes("a@example.com")}, at_least=1
        ),
        Required,
        {
            "description": "a reply",
            "table": "mail_message",
            "kind": "insert",
            "where": {"to_addresses": {"includes": ["a@example.com"]}},
            "at_least": 1,
        },
    ),
    (
        change("update", "event", "moved", key="gen-block", columns=["starts_at"]),
        Required,
        {
            "description": "moved",
            "table": "event",
            "kind": "update",
            "key": "gen-block",
            "columns": ["starts_at"],
        },
    ),
    (
        forbid("update", "file_node", "kept", before={"path": one_of(["/a"])}),
        Forbidden,
        {
            "description": "kept",
            "table": "file_node",
            "kind": "update",
            "before": {"path": {"one_of": ["/a"]}},
        },
    ),
    (tolerate("insert", "chat_reaction"), RowPattern, {"table": "chat_reaction", "kind": "insert"}),
    (
        reply_marks("gen-ask"),
        RowPattern,
        {
            "table": "mail_message",
            "kind": "update",
            "key": "gen-ask",
            "columns": ["answered", "flagged", "seen"],
        },
    ),
    (
        final_rows("file_node", "gone", where={"trashed_at": empty()}, count=0),
        FinalState,
        {"description": "gone", "table": "file_node", "where": {"trashed_at": {"empty": True}}, "count": 0},
    ),
    (answer_contains("the code", "4821-K"), AnswerCheck, {"description": "the code", "contains": "4821-K"}),
    (answer_matches("the total", r"\d+"), AnswerCheck, {"description": "the total", "regex": r"\d+"}),
    (
        answer_lacks("not the old one", "1234"),
        AnswerCheck,
        {"description": "not the old one", "absent": "1234"},
    ),
    (
        step("mail", "reply_to_email", email_id=result("found.items.0.id"), body="yes", save="reply"),
        OracleStep,
        {
            "service": "mail",
            "tool": "reply_to_email",
            "args": {"email_id": {"$result": "found.items.0.id"}, "body": "yes"},
            "save": "reply",
        },
    ),
]


@pytest.mark.parametrize(("built", "model", "written"), CASES)
def test_a_builder_gives_the_model_its_yaml_form_gives(
    built: BaseModel, model: type[BaseModel], written: dict[str, Any]
) -> None:
    assert built == model.model_validate(written)


def test_expectations_take_any_sequence_and_keep_the_order_given() -> None:
    first = change("insert", "chat_message", "first")
    second = change("insert", "chat_message", "second")
    built = expect(changes=(first, second), forbidden=[forbid("delete", "file_node", "nothing deleted")])
    assert built == Expectations(
        changes=[first, second], forbidden=[forbid("delete", "file_node", "nothing deleted")]
    )
    assert [c.description for c in built.changes] == ["first", "second"]


def test_a_step_keeps_its_arguments_in_the_order_written() -> None:
    built = step(
        "files", "sync_file_to_device", path="~/a", device="phone", to_device="laptop", to_path="~/b"
    )
    assert list(built.args) == ["path", "device", "to_device", "to_path"]


def test_other_than_matches_anything_but_the_value_itself() -> None:
    pattern = other_than("notes (v2).md").regex
    assert pattern is not None
    assert regex(pattern).regex == pattern
    assert re.search(pattern, "notes (v2).md") is None
    assert re.search(pattern, "notes (v2).md.bak") is not None
    assert re.search(pattern, "other.md") is not None


def test_thousands_and_unquoted_read_what_people_write() -> None:
    assert all(re.fullmatch(thousands(4500), text) for text in ("4500", "4,500", "4.500", "4 500"))
    body = unquoted("yes")
    assert re.search(body, "Yes, that works.\n\nOn Monday Ines wrote:\n> no")
    assert not re.search(body, "Sure.\n\nOn Monday Ines wrote:\n> yes")
