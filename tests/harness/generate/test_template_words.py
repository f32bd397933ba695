"""How the templates say what they take from a world: one clock format, one set of day names, one slug,
and setup events whose arguments come in a fixed order (task files and the pinned manifest hold it)."""

from __future__ import annotations

from datetime import date, datetime, time

from harness.generate.templates._setup import attachment, send_chat_message, write_file
from harness.generate.templates._world import WEEKDAYS, clock_text, day_text, misspelt, slug, weekday


def test_times_read_without_a_leading_zero_as_the_starter_templates_write_them() -> None:
    assert clock_text(time(9, 5)) == "9:05"
    assert clock_text(datetime(2026, 3, 5, 14, 30)) == "14:30"


def test_days_are_named_from_one_list_monday_first() -> None:
    assert WEEKDAYS[0] == "Monday" and len(WEEKDAYS) == 7
    assert weekday(date(2026, 3, 5)) == "Thursday"
    assert day_text(date(2026, 3, 5)) == "Thursday 5 March"


def test_a_slug_keeps_letters_of_any_alphabet_and_single_dashes() -> None:
    assert slug("Parents' evening") == "parents-evening"
    assert slug("New listing: a riverside flat") == "new-listing-a-riverside-flat"
    assert slug("Zuzanna Kamiński") == "zuzanna-kamiński"


def test_a_misspelt_name_doubles_a_consonant_of_the_last_name() -> None:
    assert misspelt("Lena Weber") == "Lena Webber"
    assert misspelt("Al Xu") is None


def test_a_file_written_names_its_device_only_when_given() -> None:
    laptop = write_file("2026-03-02T09:00:00+01:00", "~/a.txt", "hi", size=2)
    phone = write_file("2026-03-02T09:00:00+01:00", "~/a.txt", "hi", device="phone")
    assert list(laptop.args) == ["path", "content", "mode", "parents", "size"]
    assert list(phone.args) == ["path", "content", "device", "mode", "parents"]


def test_a_chat_message_from_the_user_has_no_sender_and_a_thread_by_key() -> None:
    posted = send_chat_message("2026-03-02T09:00:00+01:00", "team", "yes", thread="gen-question")
    assert posted.op == "messaging.send_chat_message"
    assert posted.args == {
        "conversation_id": {"$ref": "conv-team"},
        "text": "yes",
        "thread_parent_id": {"$ref": "gen-question"},
    }


def test_an_attachment_carries_its_text_or_only_its_size() -> None:
    assert list(attachment("a.csv", "text/csv", content="x")) == ["filename", "content", "mime_type"]
    assert attachment("r.pdf", "application/pdf", size=10) == {
        "filename": "r.pdf",
        "size": 10,
        "mime_type": "application/pdf",
    }
