"""Calendar operations: calendars, events, invitations and answers (with the mail they make), recurrence."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from state.calendar import Calendar, Event, expand, occurrences
from state.errors import Conflict, InvalidArgument, NotFound
from state.world import World

BERLIN = ZoneInfo("Europe/Berlin")
UTC = ZoneInfo("UTC")


@pytest.fixture
async def cal(world: World) -> World:
    """The test world with Maya's mail account and her primary calendar (changes tracked from here)."""
    await world.apply("mail.add_account", {"address": "maya@lumen.io", "display_name": "Maya Lin"})
    await world.apply("calendar.create_calendar", {"name": "Maya", "is_primary": True})
    world.start_tracking()
    return world


def mails(world: World, folder: str) -> list[dict[str, Any]]:
    rows = world.conn.execute(
        "SELECT m.* FROM mail_message m JOIN mail_folder f ON f.id = m.folder_id WHERE f.name = ? ORDER BY m.rowid",
        (folder,),
    ).fetchall()
    return [dict(r) for r in rows]


def attendees(world: World, event_id: str) -> dict[str, str]:
    rows = world.conn.execute("SELECT email, response FROM event_attendee WHERE event_id = ?", (event_id,))
    return {r["email"]: r["response"] for r in rows}


def event_row(world: World, event_id: str) -> dict[str, Any]:
    return dict(world.conn.execute("SELECT * FROM event WHERE id = ?", (event_id,)).fetchone())


async def review(world: World, **extra: Any) -> Event:
    args = {
        "title": "Design review",
        "start": "2026-03-02T10:00:00+01:00",
        "end": "2026-03-02T11:00:00+01:00",
        "location": "Room 4",
        "description": "Walk through the new onboarding flow.",
        "attendees": ["Ana Ruiz <Ana@Example.com>", "ben@example.com"],
    } | extra
    return await world.apply("calendar.create_event", args)


async def weekly(world: World, **extra: Any) -> Event:
    args = {
        "title": "Team sync",
        "start": "2026-03-16T09:00:00+01:00",
        "end": "2026-03-16T09:30:00+01:00",
        "rrule": "FREQ=WEEKLY;BYDAY=MO",
        "attendees": ["ana@example.com"],
    } | extra
    return await world.apply("calendar.create_event", args)


# -- calendars ---------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_new_calendar_is_owned_by_the_user_and_taking_primary_moves_it(cal: World) -> None:
    second: Calendar = await cal.apply(
        "calendar.create_calendar", {"name": "Family", "color": "#00ff00", "is_primary": True}
    )
    assert second.owner == "maya@lumen.io"
    primaries = [r["name"] for r in cal.conn.execute("SELECT name FROM calendar WHERE is_primary = 1")]
    assert primaries == ["Family"]


@pytest.mark.anyio
async def test_a_calendar_name_taken_in_any_case_is_a_conflict(cal: World) -> None:
    with pytest.raises(Conflict, match=r"a calendar named 'Maya' exists already"):
        await cal.apply("calendar.create_calendar", {"name": "maya"})


# -- creating events ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_an_event_is_stored_in_utc_with_its_own_timezone(cal: World) -> None:
    event = await cal.apply(
        "calendar.create_event",
        {
            "title": "Call NYC",
            "start": "2026-03-02T10:00:00-05:00",
            "end": "2026-03-02T10:30:00-05:00",
            "timezone": "America/New_York",
        },
    )
    assert (event.starts_at, event.ends_at, event.timezone) == (
        "2026-03-02T15:00:00Z",
        "2026-03-02T15:30:00Z",
        "America/New_York",
    )
    assert event.calendar_id == "cal_1"
    assert event.organizer == "maya@lumen.io"
    assert event.status == "confirmed"
    assert event.uid.endswith("@lumen.io")


@pytest.mark.anyio
async def test_creating_an_event_with_attendees_sends_an_invitation_from_the_user(cal: World) -> None:
    event = await review(cal)
    assert attendees(cal, event.id) == {
        "maya@lumen.io": "accepted",
        "ana@example.com": "needs-action",
        "ben@example.com": "needs-action",
    }
    names = dict(cal.conn.execute("SELECT email, name FROM event_attendee").fetchall())
    assert names["ana@example.com"] == "Ana Ruiz"
    assert names["maya@lumen.io"] == "Maya Lin"
    [sent] = mails(cal, "Sent")
    assert sent["subject"] == "Invitation: Design review @ Mon Mar 2, 2026 10:00 – 11:00 (CET)"
    assert sent["from_address"] == "maya@lumen.io"
    assert sent["to_addresses"] == '["ana@example.com", "ben@example.com"]'
    body = sent["body"]
    assert body.startswith("Maya Lin has invited you to an event.\n\nDesign review\n")
    for line in (
        "When: Mon Mar 2, 2026 10:00 – 11:00 (CET)",
        "Where: Room 4",
        "Organizer: Maya Lin <maya@lumen.io>",
        "- Maya Lin <maya@lumen.io> (organizer)",
        "- Ana Ruiz <ana@example.com>",
        "- ben@example.com",
        "Walk through the new onboarding flow.",
    ):
        assert line in body
    assert mails(cal, "Inbox") == []


@pytest.mark.anyio
async def test_an_event_without_guests_or_without_notify_sends_no_mail(cal: World) -> None:
    alone = await review(cal, attendees=None)
    quiet = await review(cal, notify=False)
    assert attendees(cal, alone.id) == {}
    assert len(attendees(cal, quiet.id)) == 3
    assert mails(cal, "Sent") == []


@pytest.mark.anyio
async def test_an_event_goes_to_a_calendar_named_in_any_case_and_never_to_a_read_only_one(cal: World) -> None:
    await cal.apply("calendar.create_calendar", {"name": "Holidays", "read_only": True})
    await cal.apply("calendar.create_calendar", {"name": "Gym"})
    event = await review(cal, calendar="gym", attendees=None)
    assert event.calendar_id == "cal_3"
    with pytest.raises(Conflict, match=r"calendar 'Holidays' \(cal_2\) is read-only"):
        await review(cal, calendar="Holidays")


@pytest.mark.anyio
async def test_an_all_day_event_runs_from_local_midnight_to_the_next(cal: World) -> None:
    event = await cal.apply(
        "calendar.create_event",
        {
            "title": "Offsite",
            "start": "2026-03-05",
            "end": "2026-03-07",
            "all_day": True,
            "attendees": ["ana@example.com"],
        },
    )
    assert (event.starts_at, event.ends_at, event.all_day) == (
        "2026-03-04T23:00:00Z",
        "2026-03-06T23:00:00Z",
        True,
    )
    assert mails(cal, "Sent")[0]["subject"] == "Invitation: Offsite @ Thu Mar 5, 2026 – Fri Mar 6, 2026"


@pytest.mark.anyio
async def test_reminders_are_kept_once_each_in_minutes_before(cal: World) -> None:
    event = await review(cal, reminders=[30, 10, 10])
    rows = cal.conn.execute(
        "SELECT id, minutes_before FROM event_reminder ORDER BY minutes_before"
    ).fetchall()
    assert [tuple(r) for r in rows] == [(f"{event.id}/10", 10), (f"{event.id}/30", 30)]


@pytest.mark.anyio
async def test_a_recurring_invitation_says_how_it_repeats(cal: World) -> None:
    await weekly(cal, rrule="RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=4")
    [sent] = mails(cal, "Sent")
    assert (
        sent["subject"]
        == "Invitation: Team sync @ Every 2 weeks on Monday, Wednesday, 4 times from 09:00 to 09:30 (CET)"
    )
    assert "First: Mon Mar 16, 2026" in sent["body"]
    assert event_row(cal, "evt_1")["rrule"] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=4"


@pytest.mark.anyio
async def test_an_until_without_utc_marker_is_read_in_the_events_zone(cal: World) -> None:
    event = await weekly(cal, rrule="FREQ=WEEKLY;UNTIL=20260330")
    assert event.rrule == "FREQ=WEEKLY;UNTIL=20260330T215959Z"
    found = expand(event, datetime(2026, 3, 1, tzinfo=BERLIN), datetime(2026, 5, 1, tzinfo=BERLIN))
    assert [s.date().isoformat() for s, _ in found] == ["2026-03-16", "2026-03-23", "2026-03-30"]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        (
            {"end": "2026-03-02T09:00:00+01:00"},
            InvalidArgument,
            "end 2026-03-02T09:00:00\\+01:00 must be after start 2026-03-02T10:00:00\\+01:00",
        ),
        (
            {"rrule": "FREQ=SOMETIMES"},
            InvalidArgument,
            "rrule 'FREQ=SOMETIMES' is not a valid RFC 5545 RRULE .*FREQ=WEEKLY",
        ),
        ({"rrule": "DTSTART:20260302T100000Z\nRRULE:FREQ=DAILY"}, InvalidArgument, r"must be a single RRULE"),
        ({"calendar": "Work"}, NotFound, r"calendar 'Work' does not exist; calendars: Maya \(cal_1\)"),
        ({"timezone": "Mars/Olympus"}, InvalidArgument, r"timezone 'Mars/Olympus' is unknown"),
        ({"start": "2026-03-02T10:00:00"}, InvalidArgument, r"start '2026-03-02T10:00:00' has no UTC offset"),
        (
            {"attendees": ["not an address"]},
            InvalidArgument,
            "attendee 'not an address' is not an email address",
        ),
        ({"title": "  "}, InvalidArgument, r"event title must not be empty"),
        ({"reminders": [-5]}, InvalidArgument, r"reminder -5 must be minutes before the event"),
        (
            {"reminders": [10**20]},
            InvalidArgument,
            r"reminder 1000\d+ must be minutes before the event, 0 to 40320",
        ),
        (
            {"rrule": "FREQ=MINUTELY"},
            InvalidArgument,
            r"rrule 'FREQ=MINUTELY' repeats more often than hourly",
        ),
    ],
)
async def test_a_bad_event_is_refused_and_changes_nothing(
    cal: World, changes: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        await review(cal, **changes)
    assert cal.diff().empty
    assert cal.diff().volatile == []


# -- invitations from others -------------------------------------------------------------------


async def invited(world: World, **extra: Any) -> Event:
    args = {
        "organizer": "Ana Ruiz <ana@example.com>",
        "title": "Budget 2027",
        "start": "2026-03-04T14:00:00+01:00",
        "end": "2026-03-04T15:00:00+01:00",
        "attendees": ["ben@example.com", "maya@lumen.io"],
    } | extra
    return await world.apply("calendar.receive_invitation", args)


@pytest.mark.anyio
async def test_a_received_invitation_lands_in_the_primary_calendar_awaiting_the_users_answer(
    cal: World,
) -> None:
    event = await invited(cal)
    assert (event.calendar_id, event.organizer) == ("cal_1", "ana@example.com")
    assert attendees(cal, event.id) == {
        "ana@example.com": "accepted",
        "ben@example.com": "needs-action",
        "maya@lumen.io": "needs-action",
    }
    [mail] = mails(cal, "Inbox")
    assert (mail["from_address"], mail["from_name"]) == ("ana@example.com", "Ana Ruiz")
    assert mail["subject"] == "Invitation: Budget 2027 @ Wed Mar 4, 2026 14:00 – 15:00 (CET)"
    assert mail["body"].startswith("Ana Ruiz has invited you to an event.")
    assert mails(cal, "Sent") == []


@pytest.mark.anyio
async def test_an_invitation_naming_no_address_of_the_users_still_invites_the_user(cal: World) -> None:
    event = await invited(cal, attendees=None, organizer_name="Ana R.")
    assert attendees(cal, event.id) == {"ana@example.com": "accepted", "maya@lumen.io": "needs-action"}
    assert mails(cal, "Inbox")[0]["from_name"] == "Ana R."


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("response", "subject"),
    [
        ("accepted", "Accepted: Budget 2027"),
        ("declined", "Declined: Budget 2027"),
        ("tentative", "Tentatively accepted: Budget 2027"),
    ],
)
async def test_answering_an_invitation_mails_the_organiser(cal: World, response: str, subject: str) -> None:
    event = await invited(cal)
    await cal.apply(
        "calendar.respond_to_invitation",
        {"event_id": event.id, "response": response, "comment": "Sorry, late by 5'"},
    )
    assert attendees(cal, event.id)["maya@lumen.io"] == response
    [reply] = mails(cal, "Sent")
    assert reply["subject"] == subject
    assert reply["to_addresses"] == '["ana@example.com"]'
    assert 'Note: "Sorry, late by 5\'"' in reply["body"]
    assert reply["body"].startswith("Maya Lin has ")


@pytest.mark.anyio
async def test_an_answer_outside_accepted_declined_tentative_is_refused(cal: World) -> None:
    event = await invited(cal)
    before = cal.diff()
    with pytest.raises(
        InvalidArgument, match=r"response 'maybe' is not one of accepted\|declined\|tentative"
    ):
        await cal.apply("calendar.respond_to_invitation", {"event_id": event.id, "response": "maybe"})
    assert cal.diff() == before


@pytest.mark.anyio
async def test_the_user_cannot_answer_their_own_event_or_an_unknown_one(cal: World) -> None:
    own = await review(cal)
    with pytest.raises(Conflict, match=r"the user organises event evt_1 .*record_response"):
        await cal.apply("calendar.respond_to_invitation", {"event_id": own.id, "response": "accepted"})
    with pytest.raises(NotFound, match=r"event 'evt_99' does not exist"):
        await cal.apply("calendar.respond_to_invitation", {"event_id": "evt_99", "response": "accepted"})


@pytest.mark.anyio
async def test_an_attendees_answer_arrives_as_a_reply_mail(cal: World) -> None:
    event = await review(cal)
    await cal.apply(
        "calendar.record_response",
        {"event_id": event.id, "email": "ANA@example.com", "response": "declined", "comment": "On holiday"},
    )
    assert attendees(cal, event.id)["ana@example.com"] == "declined"
    comment = cal.conn.execute(
        "SELECT comment FROM event_attendee WHERE email = 'ana@example.com'"
    ).fetchone()[0]
    assert comment == "On holiday"
    [reply] = mails(cal, "Inbox")
    assert (reply["subject"], reply["from_address"], reply["from_name"]) == (
        "Declined: Design review",
        "ana@example.com",
        "Ana Ruiz",
    )
    assert reply["body"].startswith('Ana Ruiz has declined this invitation.\n\nNote: "On holiday"')


@pytest.mark.anyio
async def test_an_answer_from_someone_not_invited_names_the_guests(cal: World) -> None:
    event = await review(cal)
    with pytest.raises(
        NotFound,
        match=r"zoe@example.com is not a guest of event evt_1 .*guests: ana@example.com, ben@example.com",
    ):
        await cal.apply(
            "calendar.record_response",
            {"event_id": event.id, "email": "zoe@example.com", "response": "accepted"},
        )


# -- updating and cancelling -------------------------------------------------------------------


@pytest.mark.anyio
async def test_moving_an_event_keeps_its_length_asks_guests_again_and_mails_them(cal: World) -> None:
    event = await review(cal)
    await cal.apply(
        "calendar.record_response", {"event_id": event.id, "email": "ana@example.com", "response": "accepted"}
    )
    updated = await cal.apply(
        "calendar.update_event",
        {"event_id": event.id, "start": "2026-03-03T15:00:00+01:00", "location": "Room 5"},
    )
    assert (updated.starts_at, updated.ends_at, updated.location, updated.sequence) == (
        "2026-03-03T14:00:00Z",
        "2026-03-03T15:00:00Z",
        "Room 5",
        1,
    )
    assert attendees(cal, event.id) == {
        "maya@lumen.io": "accepted",
        "ana@example.com": "needs-action",
        "ben@example.com": "needs-action",
    }
    update = mails(cal, "Sent")[-1]
    assert update["subject"] == "Updated invitation: Design review @ Tue Mar 3, 2026 15:00 – 16:00 (CET)"
    assert "Changed: time, location" in update["body"]
    assert update["body"].startswith("Maya Lin has updated this event.")


@pytest.mark.anyio
async def test_a_new_title_keeps_answers_and_notify_false_sends_nothing(cal: World) -> None:
    event = await review(cal)
    await cal.apply(
        "calendar.record_response", {"event_id": event.id, "email": "ana@example.com", "response": "accepted"}
    )
    await cal.apply(
        "calendar.update_event", {"event_id": event.id, "title": "Design review v2", "notify": False}
    )
    assert attendees(cal, event.id)["ana@example.com"] == "accepted"
    assert [m["subject"] for m in mails(cal, "Sent")] == [
        "Invitation: Design review @ Mon Mar 2, 2026 10:00 – 11:00 (CET)"
    ]


@pytest.mark.anyio
async def test_a_new_guest_list_invites_the_new_and_tells_the_removed_it_is_cancelled(cal: World) -> None:
    event = await review(cal)
    await cal.apply(
        "calendar.update_event",
        {"event_id": event.id, "attendees": ["ana@example.com", "Cleo <cleo@example.com>"]},
    )
    assert attendees(cal, event.id) == {
        "maya@lumen.io": "accepted",
        "ana@example.com": "needs-action",
        "cleo@example.com": "needs-action",
    }
    sent = {m["subject"].split(":")[0]: m["to_addresses"] for m in mails(cal, "Sent")[1:]}
    assert sent == {
        "Updated invitation": '["ana@example.com"]',
        "Invitation": '["cleo@example.com"]',
        "Canceled event": '["ben@example.com"]',
    }


@pytest.mark.anyio
async def test_an_update_with_nothing_to_change_is_refused(cal: World) -> None:
    event = await review(cal)
    with pytest.raises(InvalidArgument, match=r"nothing to change"):
        await cal.apply("calendar.update_event", {"event_id": event.id, "title": "Design review"})


@pytest.mark.anyio
async def test_only_the_organiser_changes_or_cancels_an_event(cal: World) -> None:
    event = await invited(cal)
    with pytest.raises(Conflict, match=r"organised by ana@example.com; only the organiser"):
        await cal.apply("calendar.update_event", {"event_id": event.id, "title": "Mine now"})
    with pytest.raises(Conflict, match=r"organised by ana@example.com"):
        await cal.apply("calendar.cancel_event", {"event_id": event.id})


@pytest.mark.anyio
async def test_cancelling_an_event_keeps_it_as_cancelled_and_tells_the_guests(cal: World) -> None:
    event = await review(cal)
    cancelled = await cal.apply("calendar.cancel_event", {"event_id": event.id})
    assert cancelled.status == "cancelled"
    mail = mails(cal, "Sent")[-1]
    assert mail["subject"] == "Canceled event: Design review @ Mon Mar 2, 2026 10:00 – 11:00 (CET)"
    assert mail["body"].startswith("Maya Lin has canceled this event.")
    with pytest.raises(Conflict, match=r"is cancelled already"):
        await cal.apply("calendar.cancel_event", {"event_id": event.id})


@pytest.mark.anyio
async def test_an_invitation_cancelled_by_its_organiser_cannot_be_answered(cal: World) -> None:
    event = await invited(cal)
    cal.conn.execute("UPDATE event SET status = 'cancelled' WHERE id = ?", (event.id,))
    with pytest.raises(Conflict, match=r"was cancelled by its organiser ana@example.com"):
        await cal.apply("calendar.respond_to_invitation", {"event_id": event.id, "response": "accepted"})


# -- recurring series --------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_weekly_series_stays_at_nine_local_across_the_change_to_summer_time(cal: World) -> None:
    event = await weekly(cal)
    found = expand(event, datetime(2026, 3, 16, tzinfo=BERLIN), datetime(2026, 4, 7, tzinfo=BERLIN))
    assert [(s.isoformat(), e.isoformat()) for s, e in found] == [
        ("2026-03-16T09:00:00+01:00", "2026-03-16T09:30:00+01:00"),
        ("2026-03-23T09:00:00+01:00", "2026-03-23T09:30:00+01:00"),
        ("2026-03-30T09:00:00+02:00", "2026-03-30T09:30:00+02:00"),
        ("2026-04-06T09:00:00+02:00", "2026-04-06T09:30:00+02:00"),
    ]
    assert [s.astimezone(UTC).hour for s, _ in found] == [8, 8, 7, 7]


@pytest.mark.anyio
async def test_expand_gives_occurrences_overlapping_the_range_and_none_of_a_cancelled_event(
    cal: World,
) -> None:
    event = await weekly(cal)
    found = expand(
        event, datetime(2026, 3, 23, 9, 15, tzinfo=BERLIN), datetime(2026, 3, 30, 9, 0, tzinfo=BERLIN)
    )
    assert [s.date().isoformat() for s, _ in found] == ["2026-03-23"]
    one_off = await review(cal, attendees=None)
    assert expand(
        one_off, datetime(2026, 3, 2, 10, 59, tzinfo=BERLIN), datetime(2026, 3, 3, tzinfo=BERLIN)
    ) == [(datetime(2026, 3, 2, 10, tzinfo=BERLIN), datetime(2026, 3, 2, 11, tzinfo=BERLIN))]
    assert expand(one_off, datetime(2026, 3, 2, 11, tzinfo=BERLIN), datetime(2026, 3, 3, tzinfo=BERLIN)) == []
    cancelled = await cal.apply("calendar.cancel_event", {"event_id": event.id})
    assert expand(cancelled, datetime(2026, 3, 1, tzinfo=BERLIN), datetime(2026, 5, 1, tzinfo=BERLIN)) == []


@pytest.mark.anyio
async def test_moving_one_occurrence_makes_an_exception_row_and_leaves_exdates_alone(cal: World) -> None:
    series = await weekly(cal)
    moved = await cal.apply(
        "calendar.update_event",
        {
            "event_id": series.id,
            "scope": "instance",
            "instance_start": "2026-03-30T09:00:00+02:00",
            "start": "2026-03-31T14:00:00+02:00",
            "title": "Team sync (moved)",
        },
    )
    assert moved.id != series.id
    assert (moved.series_id, moved.original_start, moved.rrule, moved.uid) == (
        series.id,
        "2026-03-30T07:00:00Z",
        "",
        series.uid,
    )
    assert (moved.starts_at, moved.ends_at) == ("2026-03-31T12:00:00Z", "2026-03-31T12:30:00Z")
    assert event_row(cal, series.id)["exdates"] == "[]"
    assert attendees(cal, moved.id) == {"maya@lumen.io": "accepted", "ana@example.com": "needs-action"}
    mail = mails(cal, "Sent")[-1]
    assert mail["subject"] == "Updated invitation: Team sync (moved) @ Tue Mar 31, 2026 14:00 – 14:30 (CEST)"
    assert "one occurrence of a recurring event" in mail["body"]
    exceptions = [Event(**r) for r in _decoded_events(cal, "series_id = ?", series.id)]
    found = expand(
        series, datetime(2026, 3, 23, tzinfo=BERLIN), datetime(2026, 4, 7, tzinfo=BERLIN), exceptions
    )
    assert [s.isoformat() for s, _ in found] == [
        "2026-03-23T09:00:00+01:00",
        "2026-03-31T14:00:00+02:00",
        "2026-04-06T09:00:00+02:00",
    ]


def _decoded_events(world: World, where: str, *params: Any) -> list[dict[str, Any]]:
    import json

    rows = [dict(r) for r in world.conn.execute(f"SELECT * FROM event WHERE {where}", params)]
    for row in rows:
        row["exdates"] = json.loads(row["exdates"])
        row["all_day"] = bool(row["all_day"])
    return rows


@pytest.mark.anyio
async def test_changing_the_same_occurrence_again_changes_its_exception_row(cal: World) -> None:
    series = await weekly(cal)
    args = {"event_id": series.id, "scope": "instance", "instance_start": "2026-03-23T09:00:00+01:00"}
    first = await cal.apply("calendar.update_event", args | {"location": "Room 1"})
    second = await cal.apply("calendar.update_event", args | {"location": "Room 2", "notify": False})
    assert first.id == second.id
    assert second.location == "Room 2"
    assert cal.conn.execute("SELECT COUNT(*) FROM event WHERE series_id = ?", (series.id,)).fetchone()[0] == 1


@pytest.mark.anyio
async def test_an_instance_start_that_is_no_occurrence_names_the_nearest(cal: World) -> None:
    series = await weekly(cal)
    with pytest.raises(
        NotFound,
        match=r"has no occurrence starting at 2026-03-24T09:00:00\+01:00; the nearest are 2026-03-23T09:00:00\+01:00 or 2026-03-30T09:00:00\+02:00",
    ):
        await cal.apply(
            "calendar.update_event",
            {
                "event_id": series.id,
                "scope": "instance",
                "instance_start": "2026-03-24T09:00:00+01:00",
                "title": "x",
            },
        )
    with pytest.raises(InvalidArgument, match=r"scope 'instance' needs instance_start"):
        await cal.apply("calendar.update_event", {"event_id": series.id, "scope": "instance", "title": "x"})
    with pytest.raises(InvalidArgument, match=r"scope 'whole' is not one of series\|instance"):
        await cal.apply("calendar.update_event", {"event_id": series.id, "scope": "whole", "title": "x"})
    one_off = await review(cal)
    with pytest.raises(InvalidArgument, match=r"does not repeat; use scope 'series'"):
        await cal.apply(
            "calendar.cancel_event",
            {"event_id": one_off.id, "scope": "instance", "instance_start": "2026-03-02T10:00:00+01:00"},
        )


@pytest.mark.anyio
async def test_cancelling_one_occurrence_adds_it_to_exdates_and_tells_the_guests(cal: World) -> None:
    series = await weekly(cal)
    after = await cal.apply(
        "calendar.cancel_event",
        {"event_id": series.id, "scope": "instance", "instance_start": "2026-03-23T09:00:00+01:00"},
    )
    assert (after.status, after.exdates) == ("confirmed", ["2026-03-23T08:00:00Z"])
    found = expand(after, datetime(2026, 3, 16, tzinfo=BERLIN), datetime(2026, 4, 1, tzinfo=BERLIN))
    assert [s.date().isoformat() for s, _ in found] == ["2026-03-16", "2026-03-30"]
    mail = mails(cal, "Sent")[-1]
    assert mail["subject"] == "Canceled event: Team sync @ Mon Mar 23, 2026 09:00 – 09:30 (CET)"
    assert "canceled one occurrence of a recurring event" in mail["body"]
    with pytest.raises(Conflict, match=r"is cancelled already"):
        await cal.apply(
            "calendar.cancel_event",
            {"event_id": series.id, "scope": "instance", "instance_start": "2026-03-23T08:00:00Z"},
        )


@pytest.mark.anyio
async def test_a_cancelled_exception_drops_its_occurrence(cal: World) -> None:
    series = await weekly(cal)
    args = {"event_id": series.id, "scope": "instance", "instance_start": "2026-03-23T09:00:00+01:00"}
    moved = await cal.apply("calendar.update_event", args | {"start": "2026-03-24T09:00:00+01:00"})
    await cal.apply(
        "calendar.cancel_event",
        {"event_id": series.id, "scope": "instance", "instance_start": "2026-03-23T09:00:00+01:00"},
    )
    assert event_row(cal, moved.id)["status"] == "cancelled"
    async with cal.transaction() as tx:
        found = occurrences(tx, datetime(2026, 3, 16, tzinfo=BERLIN), datetime(2026, 4, 1, tzinfo=BERLIN))
    assert [(o.event.id, o.start.date().isoformat()) for o in found] == [
        (series.id, "2026-03-16"),
        (series.id, "2026-03-30"),
    ]


@pytest.mark.anyio
async def test_occurrences_lists_one_off_events_series_and_moved_occurrences_in_time_order(
    cal: World,
) -> None:
    series = await weekly(cal, attendees=None)
    one_off = await review(
        cal, start="2026-03-23T10:00:00+01:00", end="2026-03-23T11:00:00+01:00", attendees=None
    )
    moved = await cal.apply(
        "calendar.update_event",
        {
            "event_id": series.id,
            "scope": "instance",
            "instance_start": "2026-03-30T09:00:00+02:00",
            "start": "2026-03-30T11:00:00+02:00",
        },
    )
    async with cal.transaction() as tx:
        found = occurrences(
            tx, datetime(2026, 3, 23, tzinfo=BERLIN), datetime(2026, 4, 1, tzinfo=BERLIN), calendar_id="cal_1"
        )
    assert [(o.event.id, o.start.isoformat()) for o in found] == [
        (series.id, "2026-03-23T09:00:00+01:00"),
        (one_off.id, "2026-03-23T10:00:00+01:00"),
        (moved.id, "2026-03-30T11:00:00+02:00"),
    ]


@pytest.mark.anyio
async def test_an_occurrence_can_only_be_changed_through_its_series(cal: World) -> None:
    series = await weekly(cal)
    moved = await cal.apply(
        "calendar.update_event",
        {
            "event_id": series.id,
            "scope": "instance",
            "instance_start": "2026-03-23T09:00:00+01:00",
            "title": "x",
        },
    )
    with pytest.raises(
        InvalidArgument, match=rf"event {moved.id} is already a single occurrence of series {series.id}"
    ):
        await cal.apply(
            "calendar.update_event",
            {
                "event_id": moved.id,
                "scope": "instance",
                "instance_start": "2026-03-23T09:00:00+01:00",
                "title": "y",
            },
        )
    with pytest.raises(InvalidArgument, match=r"rrule belongs to the whole series"):
        await cal.apply(
            "calendar.update_event",
            {
                "event_id": series.id,
                "scope": "instance",
                "instance_start": "2026-03-30T09:00:00+02:00",
                "rrule": "FREQ=DAILY",
            },
        )


@pytest.mark.anyio
async def test_a_series_rule_can_be_changed_for_the_whole_series(cal: World) -> None:
    series = await weekly(cal)
    changed = await cal.apply("calendar.update_event", {"event_id": series.id, "rrule": "FREQ=DAILY;COUNT=3"})
    found = expand(changed, datetime(2026, 3, 1, tzinfo=BERLIN), datetime(2026, 5, 1, tzinfo=BERLIN))
    assert [s.date().isoformat() for s, _ in found] == ["2026-03-16", "2026-03-17", "2026-03-18"]
    assert "Changed: recurrence" in mails(cal, "Sent")[-1]["body"]


# -- busy times --------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_someone_elses_busy_time_is_recorded_in_utc(cal: World) -> None:
    block = await cal.apply(
        "calendar.add_busy",
        {
            "email": "Ana <ana@example.com>",
            "start": "2026-03-03T09:00:00+01:00",
            "end": "2026-03-03T12:00:00+01:00",
        },
    )
    assert (block.email, block.starts_at, block.ends_at) == (
        "ana@example.com",
        "2026-03-03T08:00:00Z",
        "2026-03-03T11:00:00Z",
    )
    with pytest.raises(InvalidArgument, match=r"maya@lumen.io is the user's own address"):
        await cal.apply(
            "calendar.add_busy",
            {
                "email": "maya@lumen.io",
                "start": "2026-03-03T09:00:00+01:00",
                "end": "2026-03-03T12:00:00+01:00",
            },
        )


@pytest.mark.anyio
async def test_an_event_needs_a_calendar_to_go_to(world: World) -> None:
    with pytest.raises(NotFound, match=r"the user has no calendar yet"):
        await review(world, attendees=None)


@pytest.mark.anyio
async def test_a_refused_change_of_one_occurrence_leaves_no_exception_behind(cal: World) -> None:
    series = await weekly(cal)
    before = cal.diff()
    with pytest.raises(InvalidArgument, match="nothing to change"):
        await cal.apply(
            "calendar.update_event",
            {
                "event_id": series.id,
                "scope": "instance",
                "instance_start": "2026-03-23T09:00:00+01:00",
                "title": "Team sync",
            },
        )
    assert cal.diff() == before
    assert cal.conn.execute("SELECT COUNT(*) FROM event").fetchone()[0] == 1


@pytest.mark.anyio
async def test_an_all_day_event_ending_on_its_start_day_explains_the_exclusive_end(cal: World) -> None:
    with pytest.raises(InvalidArgument, match="an all-day event's end is the day after its last day"):
        await cal.apply(
            "calendar.create_event",
            {"title": "Offsite", "start": "2026-03-05", "end": "2026-03-05", "all_day": True},
        )


@pytest.mark.anyio
async def test_expand_refuses_a_range_without_timezone(cal: World) -> None:
    event = await weekly(cal)
    with pytest.raises(InvalidArgument, match="expand needs times with a timezone"):
        expand(event, datetime(2026, 3, 1), datetime(2026, 4, 1))


def test_a_rule_is_anchored_in_its_own_zone_even_at_the_same_instant() -> None:
    """Two series start at the same instant in zones with different clock changes: each follows its own."""
    from datetime import datetime as _datetime
    from zoneinfo import ZoneInfo

    from state.calendar.recurrence import _rule  # pyright: ignore[reportPrivateUsage]

    cape_town = _datetime(2026, 3, 2, 19, 0, tzinfo=ZoneInfo("Africa/Johannesburg"))
    austin = cape_town.astimezone(ZoneInfo("America/Chicago"))
    assert cape_town == austin  # the same instant: a cache keyed on the datetime alone mixes them up
    rule = "FREQ=WEEKLY;COUNT=3"
    south = [d.hour for d in _rule(rule, cape_town)]
    north = [d.hour for d in _rule(rule, austin)]
    assert south == [19, 19, 19]
    assert north == [11, 11, 11]  # 11:00 in Chicago, before and after its clocks move on 8 March
