"""Grading a trial: required, tolerated and forbidden changes, collateral damage and answer checks."""

from __future__ import annotations

from typing import Any

import pytest

from harness.tasks.grade import grade, meets
from harness.tasks.model import Condition, Task
from state.diff import Diff, RowChange


def _task(expect: dict[str, Any]) -> Task:
    return Task.model_validate(
        {
            "id": "t",
            "title": "t",
            "category": "mail",
            "difficulty": "simple",
            "persona": "maya",
            "services": ["mail"],
            "instruction": "do it",
            "expect": expect,
            "oracle": {"steps": []},
        }
    )


def _mail(
    id: str,
    kind: str = "insert",
    before: dict[str, Any] | None = None,
    columns: list[str] | None = None,
    **after: Any,
) -> RowChange:
    row = {
        "id": id,
        "to_addresses": ["jonas@lumen.io"],
        "subject": "Re: Lunch",
        "body": "Yes, works.",
        **after,
    }
    return RowChange(
        table="mail_message",
        id=id,
        kind=kind,  # type: ignore[arg-type]
        before=before if kind != "insert" else None,
        after=None if kind == "delete" else row,
        columns=columns or list(row),
        volatile=False,
    )


REPLY = {
    "table": "mail_message",
    "kind": "insert",
    "where": {"to_addresses": {"includes": ["JONAS@lumen.io"]}},
}


def test_a_required_insert_that_happened_once_passes_every_check() -> None:
    result = grade(_task({"changes": [REPLY]}), Diff(changes=[_mail("msg_9")], volatile=[]), "", {})
    assert (result.passed, result.score) == (True, 1.0)
    assert [c.name for c in result.checks] == [
        "required 1: insert mail_message (to_addresses)",
        "no collateral damage",
    ]


def test_a_required_change_that_happened_twice_fails_when_exactly_one_is_wanted() -> None:
    diff = Diff(changes=[_mail("msg_9"), _mail("msg_10")], volatile=[])
    result = grade(_task({"changes": [REPLY]}), diff, "", {})
    assert not result.passed
    assert result.checks[0].reason == "wanted exactly 1 matching insert in mail_message, found 2"
    assert grade(_task({"changes": [{**REPLY, "at_least": 1}]}), diff, "", {}).passed


def test_a_near_miss_is_explained_with_the_column_that_did_not_match() -> None:
    diff = Diff(changes=[_mail("msg_9", to_addresses=["priya@lumen.io"])], volatile=[])
    result = grade(_task({"changes": [REPLY]}), diff, "", {})
    assert "msg_9: to_addresses=['priya@lumen.io']" in result.checks[0].reason
    assert result.checks[1].reason == "unexpected changes: insert mail_message msg_9"
    assert result.score == 0.0


def test_changes_no_pattern_accounts_for_are_collateral_damage_unless_tolerated() -> None:
    moved = _mail(
        "msg_3",
        kind="update",
        before={"id": "msg_3", "folder_id": "f1"},
        columns=["folder_id"],
        folder_id="f2",
    )
    diff = Diff(changes=[_mail("msg_9"), moved], volatile=[])
    assert not grade(_task({"changes": [REPLY]}), diff, "", {}).passed
    tolerated = {"table": "mail_message", "kind": "update", "columns": ["folder_id"]}
    assert grade(_task({"changes": [REPLY], "tolerated": [tolerated]}), diff, "", {}).passed
    narrower = {"table": "mail_message", "kind": "update", "columns": ["flagged"]}
    assert not grade(_task({"changes": [REPLY], "tolerated": [narrower]}), diff, "", {}).passed


def _file(id: str, kind: str, before: str | None, after: str | None) -> RowChange:
    def row(path: str | None) -> dict[str, Any] | None:
        return None if path is None else {"id": id, "device": "laptop", "path": path, "content": "x"}

    return RowChange(
        table="file_node",
        id=id,
        kind=kind,  # type: ignore[arg-type]
        before=row(before),
        after=row(after),
        columns=["path"],
        volatile=False,
    )


def test_files_made_changed_and_deleted_under_tmp_are_scratch_not_collateral() -> None:
    scratch = [
        _file("file_1", "insert", None, "/tmp/draft.md"),
        _file("file_2", "update", "/tmp/a.txt", "/tmp/b/a.txt"),
        _file("file_3", "delete", "/tmp/old.csv", None),
    ]
    result = grade(_task({"changes": [REPLY]}), Diff(changes=[_mail("msg_9"), *scratch], volatile=[]), "", {})
    assert (result.passed, result.collateral) == (True, [])


@pytest.mark.parametrize(
    ("kind", "before", "after"),
    [
        ("insert", None, "/tmpfile.txt"),
        ("insert", None, "/home/maya/tmp/a.txt"),
        ("update", "/home/maya/Documents/plan.md", "/tmp/plan.md"),
        ("update", "/tmp/plan.md", "/home/maya/Documents/plan.md"),
        ("delete", "/home/maya/tmp.txt", None),
    ],
)
def test_files_outside_tmp_or_moved_across_it_are_still_collateral(
    kind: str, before: str | None, after: str | None
) -> None:
    change = _file("file_1", kind, before, after)
    result = grade(_task({}), Diff(changes=[change], volatile=[]), "", {})
    assert [c.id for c in result.collateral] == ["file_1"]


def test_a_forbidden_pattern_still_sees_scratch_files() -> None:
    change = _file("file_1", "insert", None, "/tmp/leak.txt")
    forbidden = {"table": "file_node", "kind": "insert", "where": {"path": {"contains": "leak"}}}
    result = grade(_task({"forbidden": [forbidden]}), Diff(changes=[change], volatile=[]), "", {})
    assert [c.passed for c in result.checks] == [False, True]


def test_a_forbidden_change_fails_its_check_and_names_the_row() -> None:
    deleted = _mail("msg_4", kind="delete", before={"id": "msg_4", "subject": "Board deck"})
    task = _task(
        {"forbidden": [{"table": "mail_message", "kind": "delete", "description": "nothing deleted"}]}
    )
    result = grade(task, Diff(changes=[deleted], volatile=[]), "", {})
    first = result.checks[0]
    assert (first.name, first.passed, first.reason) == (
        "forbidden 1: nothing deleted",
        False,
        "happened: mail_message msg_4",
    )


def test_a_pattern_with_a_key_matches_only_the_keyed_row() -> None:
    flagged = _mail("msg_3", kind="update", before={"id": "msg_3"}, columns=["flagged"], flagged=True)
    task = _task({"changes": [{"table": "mail_message", "kind": "update", "key": "board-mail"}]})
    assert grade(task, Diff(changes=[flagged], volatile=[]), "", {"board-mail": "msg_3"}).passed
    assert not grade(task, Diff(changes=[flagged], volatile=[]), "", {"board-mail": "msg_7"}).passed


@pytest.mark.parametrize(
    ("check", "answer", "passed"),
    [
        ({"contains": "12:30"}, "Lunch is at 12:30.", True),
        ({"icontains": "THURSDAY"}, "on thursday", True),
        ({"regex": r"\b3 (mails|emails)\b"}, "You have 3 emails.", True),
        ({"number": 1250, "tolerance": 1}, "It costs 1,249.50 EUR.", True),
        ({"number": 1250}, "It costs 1,240 EUR.", False),
        ({"absent": "password"}, "The PASSWORD is hunter2", False),
    ],
)
def test_answer_checks(check: dict[str, Any], answer: str, passed: bool) -> None:
    result = grade(_task({"answer": [check]}), Diff(changes=[], volatile=[]), answer, {})
    assert result.checks[-1].passed is passed


@pytest.mark.parametrize(
    ("condition", "value", "ok"),
    [
        ({"equals": 3}, 3, True),
        ({"contains": "deck"}, "Board deck", True),
        ({"icontains": "DECK"}, "Board deck", True),
        ({"regex": "^Re: "}, "Fwd: x", False),
        ({"one_of": ["a", "b"]}, "b", True),
        ({"set": ["B@x.io", "a@x.io"]}, ["a@x.io", "b@x.io"], True),
        ({"set": ["a@x.io"]}, ["a@x.io", "b@x.io"], False),
        ({"includes": ["a@x.io"]}, ["a@x.io", "b@x.io"], True),
        ({"time": "2026-03-02T09:30:00+01:00"}, "2026-03-02T08:30:00Z", True),
        (
            {"after": "2026-03-02T09:00:00+01:00", "before": "2026-03-02T10:00:00+01:00"},
            "2026-03-02T08:30:00Z",
            True,
        ),
        ({"after": "2026-03-02T10:00:00+01:00"}, "2026-03-02T08:30:00Z", False),
        ({"ref": "jonas-mail"}, "msg_3", True),
        ({"ref": "jonas-mail.message_id"}, "<m3@lumen.io>", True),
        ({"ref": "unknown-key"}, "msg_3", False),
        ({"empty": True}, [], True),
        ({"empty": False}, "", False),
    ],
)
def test_conditions(condition: dict[str, Any], value: Any, ok: bool) -> None:
    keys = {"jonas-mail": "msg_3", "jonas-mail.message_id": "<m3@lumen.io>"}
    assert meets(Condition.model_validate(condition), value, keys) is ok


def test_a_condition_gives_exactly_one_test() -> None:
    with pytest.raises(ValueError, match="exactly one test"):
        Condition.model_validate({"equals": 1, "contains": "x"})
    with pytest.raises(ValueError, match="exactly one test"):
        Condition.model_validate({})


def test_a_final_state_check_passes_however_the_rows_got_there() -> None:
    task = _task(
        {
            "final": [
                {"table": "file_node", "where": {"path": {"equals": "/home/maya/Invoices/a.pdf"}}},
                {"table": "file_node", "where": {"path": {"regex": "^/home/maya/Downloads/"}}, "count": 0},
            ],
            "tolerated": [{"table": "file_node", "kind": "insert"}, {"table": "file_node", "kind": "delete"}],
        }
    )
    moved = {"file_node": [{"id": "file_9", "path": "/home/maya/Invoices/a.pdf"}]}
    left = {"file_node": [{"id": "file_1", "path": "/home/maya/Downloads/a.pdf"}]}
    assert grade(task, Diff(changes=[], volatile=[]), "", {}, lambda t: moved.get(t, [])).passed
    result = grade(task, Diff(changes=[], volatile=[]), "", {}, lambda t: left.get(t, []))
    assert [(c.passed, c.reason) for c in result.checks[:2]] == [
        (False, "wanted exactly 1 such row(s) at the end, found 0"),
        (False, "wanted exactly 0 such row(s) at the end, found 1"),
    ]


def test_any_of_passes_when_one_way_happened_and_accounts_for_its_rows() -> None:
    to_priya = {**REPLY, "where": {"to_addresses": {"includes": ["priya@lumen.io"]}}}
    task = _task({"changes": [{"description": "Jonas or Priya is told", "any_of": [REPLY, to_priya]}]})
    result = grade(task, Diff(changes=[_mail("msg_9", to_addresses=["priya@lumen.io"])], volatile=[]), "", {})
    assert result.passed
    assert result.checks[0].name == "required 1: Jonas or Priya is told"
    nobody = grade(task, Diff(changes=[], volatile=[]), "", {})
    assert not nobody.passed
    assert nobody.checks[0].reason.count("wanted exactly 1 matching insert in mail_message, found 0") == 2
