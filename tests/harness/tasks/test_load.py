"""Task files: errors that name the file and the field, and selectors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from harness.tasks import TaskError, load_task, select
from harness.tasks.validate import problems

LUNCH = Path(__file__).resolve().parents[3] / "fixtures" / "tasks" / "mail" / "mail-reply-lunch.yaml"


def _write(tmp_path: Path, name: str, **changes: object) -> Path:
    data = yaml.safe_load(LUNCH.read_text())
    data.update(changes)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_an_unknown_field_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = _write(tmp_path, "t.yaml", instructions="typo")
    with pytest.raises(TaskError, match=r"t\.yaml: field 'instructions' is not a task field"):
        load_task(path)


def test_a_bad_condition_says_what_tests_exist(tmp_path: Path) -> None:
    expect = {"changes": [{"table": "mail_message", "kind": "insert", "where": {"subject": {"like": "x"}}}]}
    with pytest.raises(
        TaskError, match=r"field 'expect\.changes\.0\.where\.subject\.like' is not a task field"
    ):
        load_task(_write(tmp_path, "t.yaml", expect=expect))


def test_a_file_that_is_not_yaml_or_not_a_mapping_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: [unclosed")
    (tmp_path / "b.yaml").write_text("- a list")
    with pytest.raises(TaskError, match="is not valid YAML"):
        load_task(tmp_path / "a.yaml")
    with pytest.raises(TaskError, match="a task file holds a mapping"):
        load_task(tmp_path / "b.yaml")


def test_unknown_tables_columns_tools_and_services_are_named_with_what_exists(tmp_path: Path) -> None:
    expect = {
        "changes": [{"table": "mails", "kind": "insert"}],
        "forbidden": [{"table": "mail_message", "kind": "delete", "where": {"sender": {"equals": "x"}}}],
    }
    oracle = {"steps": [{"service": "mail", "tool": "send_mail"}, {"service": "chat", "tool": "x"}]}
    found = problems(load_task(_write(tmp_path, "t.yaml", expect=expect, oracle=oracle)))
    assert any(
        p.startswith("field 'expect.changes.0.table': table 'mails' does not exist; tables: ") for p in found
    )
    assert any("table mail_message has no column 'sender'; columns: id, account_id" in p for p in found)
    assert any("mail has no tool 'send_mail'; its tools: send_email" in p for p in found)
    assert any("field 'oracle.steps.1': service 'chat' does not exist; services: mail" in p for p in found)


def test_a_selector_picks_by_id_glob_category_difficulty_and_path(tmp_path: Path) -> None:
    other = _write(tmp_path, "other.yaml", id="mail-other", category="patrol", difficulty="hard")
    pool = [load_task(LUNCH), load_task(other)]
    assert [t.id for t in select("mail-reply-lunch", pool)] == ["mail-reply-lunch"]
    assert [t.id for t in select("mail-*", pool)] == ["mail-other", "mail-reply-lunch"]
    assert [t.id for t in select("patrol", pool)] == ["mail-other"]
    assert [t.id for t in select("simple,hard", pool)] == ["mail-other", "mail-reply-lunch"]
    assert [t.id for t in select(str(tmp_path))] == ["mail-other"]


def test_a_selector_that_matches_nothing_says_what_a_selector_can_be() -> None:
    with pytest.raises(TaskError, match="matches no task; use 'all', a task id or glob"):
        select("no-such-task")
    with pytest.raises(TaskError, match="does not exist"):
        select("./no/such/dir")


def test_a_task_with_alternatives_dumps_and_loads_back_without_warnings() -> None:
    from harness.tasks.model import Expectations

    data = {
        "changes": [
            {"any_of": [{"table": "contact", "kind": "insert"}, {"table": "contact", "kind": "delete"}]}
        ]
    }
    expectations = Expectations.model_validate(data)
    dumped = expectations.model_dump(mode="json", exclude_defaults=True)  # warnings are errors in the tests
    assert Expectations.model_validate(dumped) == expectations
