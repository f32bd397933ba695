"""The calendar server, through the MCP protocol in memory."""

from __future__ import annotations

from typing import Any

import pytest
from mcp import Client

from servers.calendar import create_server
from state.world import World
from tests.servers.calls import call, error


def mails(world: World, folder: str) -> list[dict[str, Any]]:
    rows = world.conn.execute(
        "SELECT m.* FROM mail_message m JOIN mail_folder f ON f.id = m.folder_id WHERE f.name = ? ORDER BY m.rowid",
        (folder,),
    ).fetchall()
    return [dict(r) for r in rows]


@pytest.fixture
async def cal(people: World) -> World:
    """Maya's Work (primary) and Personal calendars: a weekly sync with Jonas, a one-off review, an
    invitation from Eva, a personal dinner and Jonas's shared busy time (changes tracked from here)."""
    await people.apply("calendar.create_calendar", {"name": "Work", "is_primary": True})
    await people.apply("calendar.create_calendar", {"name": "Personal", "color": "#10b981"})
    for args in (
        {
            "title": "Team sync",
            "start": "2026-03-02T10:00:00+01:00",
            "end": "2026-03-02T10:30:00+01:00",
            "rrule": "FREQ=WEEKLY;BYDAY=MO,WE",
            "attendees": ["jonas@lumen.io"],
            "reminders": [10],
            "location": "Room 4",
        },
        {
            "title": "Design review",
            "start": "2026-03-03T14:00:00+01:00",
            "end": "2026-03-03T15:00:00+01:00",
            "description": "Onboarding flow",
            "attendees": ["ana@lumen.io"],
        },
        {
            "title": "Dinner with Lea",
            "start": "2026-03-03T19:00:00+01:00",
            "end": "2026-03-03T21:00:00+01:00",
            "calendar": "Personal",
        },
    ):
        await people.apply("calendar.create_event", args)
    await people.apply(
        "calendar.receive_invitation",
        {
            "organizer": "eva@example.org",
            "title": "Northwind pilot",
            "start": "2026-03-04T13:00:00+01:00",
            "end": "2026-03-04T14:00:00+01:00",
            "location": "Video call",
        },
    )
    await people.apply(
        "calendar.add_busy",
        {"email": "jonas@lumen.io", "start": "2026-03-02T11:00:00+01:00", "end": "2026-03-02T12:00:00+01:00"},
    )
    people.start_tracking()
    return people


WEEK = {"start": "2026-03-02T00:00:00+01:00", "end": "2026-03-09T00:00:00+01:00"}


@pytest.mark.anyio
async def test_list_calendars_puts_the_primary_first(cal: World) -> None:
    async with Client(create_server(cal)) as client:
        found = (await call(client, "list_calendars", {}))["calendars"]
    assert [(c["id"], c["name"], c["is_primary"]) for c in found] == [
        ("cal_1", "Work", True),
        ("cal_2", "Personal", False),
    ]


@pytest.mark.anyio
async def test_list_events_expands_a_series_into_occurrences_that_name_themselves(cal: World) -> None:
    async with Client(create_server(cal)) as client:
        page = await call(client, "list_events", WEEK)
    rows = [
        (e["title"], e["start"], e["event_id"], e["series_id"], e["instance_start"]) for e in page["items"]
    ]
    assert rows == [
        ("Team sync", "2026-03-02T10:00:00+01:00", "evt_1", "evt_1", "2026-03-02T10:00:00+01:00"),
        ("Design review", "2026-03-03T14:00:00+01:00", "evt_2", None, None),
        ("Dinner with Lea", "2026-03-03T19:00:00+01:00", "evt_3", None, None),
        ("Team sync", "2026-03-04T10:00:00+01:00", "evt_1", "evt_1", "2026-03-04T10:00:00+01:00"),
        ("Northwind pilot", "2026-03-04T13:00:00+01:00", "evt_4", None, None),
    ]
    first, invited = page["items"][0], page["items"][4]
    assert (first["recurrence"], first["calendar"], first["my_response"]) == (
        "Weekly on Monday, Wednesday",
        "Work",
        None,
    )
    assert (invited["organizer"], invited["my_response"]) == ("eva@example.org", "needs-action")
    assert page["next_cursor"] is None


@pytest.mark.anyio
async def test_list_events_pages_filters_by_calendar_and_defaults_to_the_coming_week(cal: World) -> None:
    async with Client(create_server(cal)) as client:
        first = await call(client, "list_events", WEEK | {"limit": 2})
        second = await call(client, "list_events", WEEK | {"limit": 2, "cursor": first["next_cursor"]})
        personal = await call(client, "list_events", WEEK | {"calendar": "personal"})
        default = await call(client, "list_events", {})
    assert [e["title"] for e in first["items"] + second["items"]] == [
        "Team sync",
        "Design review",
        "Dinner with Lea",
        "Team sync",
    ]
    assert [e["title"] for e in personal["items"]] == ["Dinner with Lea"]
    assert len(default["items"]) == 5


@pytest.mark.anyio
async def test_list_events_explains_a_bad_range_or_calendar(cal: World) -> None:
    async with Client(create_server(cal)) as client:
        assert "end 2026-03-01T00:00:00+01:00 must be after start 2026-03-02T00:00:00+01:00" in await error(
            client, "list_events", {"start": WEEK["start"], "end": "2026-03-01T00:00:00+01:00"}
        )
        assert "start 'monday' is not an ISO 8601 time" in await error(
            client, "list_events", {"start": "monday"}
        )
        assert "calendar 'Gym' does not exist; calendars: Work (cal_1), Personal (cal_2)" in await error(
            client, "list_events", {"calendar": "Gym"}
        )
        assert "longer than 366 days" in await error(
            client, "list_events", {"start": WEEK["start"], "end": "2028-01-01T00:00:00+01:00"}
        )


@pytest.mark.anyio
async def test_search_finds_words_anywhere_once_per_series_or_every_occurrence_in_a_range(cal: World) -> None:
    async with Client(create_server(cal)) as client:
        everywhere = await call(client, "search_events", {"query": "jonas"})
        in_week = await call(client, "search_events", {"query": "JONAS room"} | WEEK)
        by_text = await call(client, "search_events", {"query": "onboarding"})
        nothing = await call(client, "search_events", {"query": "jonas onboarding"})
        assert "query is empty" in await error(client, "search_events", {"query": " "})
    [series] = everywhere["items"]
    assert (series["event_id"], series["series_id"], series["instance_start"]) == ("evt_1", "evt_1", None)
    assert [e["start"] for e in in_week["items"]] == [
        "2026-03-02T10:00:00+01:00",
        "2026-03-04T10:00:00+01:00",
    ]
    assert [e["title"] for e in by_text["items"]] == ["Design review"]
    assert nothing["items"] == []


@pytest.mark.anyio
async def test_get_event_shows_attendees_answers_reminders_and_the_rule_in_words_and_rrule(
    cal: World,
) -> None:
    async with Client(create_server(cal)) as client:
        series = await call(client, "get_event", {"event_id": "evt_1"})
        one = await call(
            client, "get_event", {"event_id": "evt_1", "instance_start": "2026-03-04T10:00:00+01:00"}
        )
        invited = await call(client, "get_event", {"event_id": "evt_4"})
        assert "event 'evt_99' does not exist" in await error(client, "get_event", {"event_id": "evt_99"})
        assert "has no occurrence starting at 2026-03-05T10:00:00+01:00" in await error(
            client, "get_event", {"event_id": "evt_1", "instance_start": "2026-03-05T10:00:00+01:00"}
        )
    assert [(a["email"], a["response"], a["is_organizer"]) for a in series["attendees"]] == [
        ("maya@lumen.io", "accepted", True),
        ("jonas@lumen.io", "needs-action", False),
    ]
    assert series["recurrence"]["rule"] == "Weekly on Monday, Wednesday"
    assert series["recurrence"]["rrule"] == "FREQ=WEEKLY;BYDAY=MO,WE"
    assert series["recurrence"]["next_occurrences"][:2] == [
        "2026-03-02T10:00:00+01:00",
        "2026-03-04T10:00:00+01:00",
    ]
    assert (series["reminders_minutes_before"], series["user_is_organizer"]) == ([10], True)
    assert (one["start"], one["series_id"], one["instance_start"]) == (
        "2026-03-04T10:00:00+01:00",
        "evt_1",
        "2026-03-04T10:00:00+01:00",
    )
    assert (invited["organizer"], invited["user_is_organizer"], invited["my_response"]) == (
        "eva@example.org",
        False,
        "needs-action",
    )


@pytest.mark.anyio
async def test_create_event_invites_the_attendees_by_mail_from_the_user(cal: World) -> None:
    async with Client(create_server(cal)) as client:
        created = await call(
            client,
            "create_event",
            {
                "title": "Pricing chat",
                "start": "2026-03-05T11:00:00+01:00",
                "end": "2026-03-05T11:30:00+01:00",
                "attendees": ["Eva Schmidt <eva@example.org>"],
                "reminders_minutes_before": [15],
            },
        )
    assert (created["event_id"], created["calendar"], created["reminders_minutes_before"]) == (
        "evt_5",
        "Work",
        [15],
    )
    sent = mails(cal, "Sent")[-1]
    assert (sent["subject"], sent["to_addresses"]) == (
        "Invitation: Pricing chat @ Thu Mar 5, 2026 11:00 – 11:30 (CET)",
        '["eva@example.org"]',
    )


@pytest.mark.anyio
async def test_moving_one_occurrence_gives_it_its_own_id_and_tells_the_attendees(cal: World) -> None:
    async with Client(create_server(cal)) as client:
        moved = await call(
            client,
            "update_event",
            {
                "event_id": "evt_1",
                "instance_start": "2026-03-04T10:00:00+01:00",
                "start": "2026-03-04T16:00:00+01:00",
            },
        )
        week = await call(client, "list_events", WEEK)
        again = await call(
            client,
            "update_event",
            {"event_id": "evt_1", "instance_start": "2026-03-04T10:00:00+01:00", "title": "Team sync (late)"},
        )
    assert (moved["start"], moved["end"], moved["series_id"]) == (
        "2026-03-04T16:00:00+01:00",
        "2026-03-04T16:30:00+01:00",
        "evt_1",
    )
    syncs = [
        (e["event_id"], e["start"], e["instance_start"]) for e in week["items"] if e["series_id"] == "evt_1"
    ]
    assert syncs == [
        ("evt_1", "2026-03-02T10:00:00+01:00", "2026-03-02T10:00:00+01:00"),
        (moved["event_id"], "2026-03-04T16:00:00+01:00", "2026-03-04T10:00:00+01:00"),
    ]
    assert again["event_id"] == moved["event_id"]
    assert mails(cal, "Sent")[-2]["subject"].startswith("Updated invitation: Team sync @ Wed Mar 4")


@pytest.mark.anyio
async def test_updating_without_instance_start_changes_the_whole_series(cal: World) -> None:
    async with Client(create_server(cal)) as client:
        updated = await call(client, "update_event", {"event_id": "evt_1", "location": "Room 7"})
        week = await call(client, "search_events", {"query": "room 7"} | WEEK)
        assert "nothing to change" in await error(client, "update_event", {"event_id": "evt_1"})
        assert "organised by eva@example.org" in await error(
            client, "update_event", {"event_id": "evt_4", "title": "Mine now"}
        )
    assert (updated["location"], len(week["items"])) == ("Room 7", 2)
    assert "Changed: location" in mails(cal, "Sent")[-1]["body"]


@pytest.mark.anyio
async def test_cancelling_one_occurrence_or_an_event_removes_it_from_the_list_and_mails_guests(
    cal: World,
) -> None:
    async with Client(create_server(cal)) as client:
        one = await call(
            client, "cancel_event", {"event_id": "evt_1", "instance_start": "2026-03-02T10:00:00+01:00"}
        )
        whole = await call(client, "cancel_event", {"event_id": "evt_2"})
        week = await call(client, "list_events", WEEK)
        series = await call(client, "get_event", {"event_id": "evt_1"})
        assert "is cancelled already" in await error(client, "cancel_event", {"event_id": "evt_2"})
    assert (one["scope"], one["instance_start"], one["attendees_notified"]) == (
        "instance",
        "2026-03-02T10:00:00+01:00",
        ["jonas@lumen.io"],
    )
    assert (whole["scope"], whole["attendees_notified"]) == ("series", ["ana@lumen.io"])
    assert [e["title"] for e in week["items"]] == ["Dinner with Lea", "Team sync", "Northwind pilot"]
    assert series["recurrence"]["cancelled_occurrences"] == ["2026-03-02T10:00:00+01:00"]
    assert [m["subject"][:30] for m in mails(cal, "Sent")[-2:]] == [
        "Canceled event: Team sync @ Mo",
        "Canceled event: Design review ",
    ]


@pytest.mark.anyio
async def test_answering_an_invitation_replies_to_the_organiser_and_clears_it_from_the_open_ones(
    cal: World,
) -> None:
    async with Client(create_server(cal)) as client:
        before = await call(client, "list_calendar_invitations", {})
        answered = await call(
            client,
            "respond_to_invitation",
            {"event_id": "evt_4", "response": "tentative", "comment": "May be 5 min late"},
        )
        after = await call(client, "list_calendar_invitations", {})
        assert "Input should be 'accepted', 'declined' or 'tentative'" in await error(
            client, "respond_to_invitation", {"event_id": "evt_4", "response": "maybe"}
        )
        assert "the user organises event evt_2" in await error(
            client, "respond_to_invitation", {"event_id": "evt_2", "response": "accepted"}
        )
    assert [e["event_id"] for e in before["items"]] == ["evt_4"]
    assert (answered["my_response"], after["items"]) == ("tentative", [])
    reply = mails(cal, "Sent")[-1]
    assert (reply["subject"], reply["to_addresses"]) == (
        "Tentatively accepted: Northwind pilot",
        '["eva@example.org"]',
    )
    assert 'Note: "May be 5 min late"' in reply["body"]


@pytest.mark.anyio
async def test_find_free_time_avoids_the_user_and_the_attendees_busy_times(cal: World) -> None:
    async with Client(create_server(cal)) as client:
        found = await call(
            client,
            "find_free_time",
            {
                "duration_minutes": 60,
                "attendees": ["jonas@lumen.io", "ana@lumen.io", "lea@x.org"],
                "start": "2026-03-02T09:00:00+01:00",
                "end": "2026-03-03T00:00:00+01:00",
            },
        )
        week = await call(client, "find_free_time", {"duration_minutes": 30, "limit": 3})
        assert "work_start '9' is not a time of day" in await error(
            client, "find_free_time", {"duration_minutes": 30, "work_start": "9"}
        )
        assert "Input should be 'Mon'" in await error(
            client, "find_free_time", {"duration_minutes": 30, "work_days": ["Monday"]}
        )
    assert [(s["start"], s["free_until"]) for s in found["items"]] == [
        ("2026-03-02T09:00:00+01:00", "2026-03-02T10:00:00+01:00"),
        ("2026-03-02T12:00:00+01:00", "2026-03-02T17:00:00+01:00"),
    ]
    assert found["attendees_with_known_busy_times"] == ["jonas@lumen.io"]
    assert found["attendees_with_no_known_busy_times"] == ["ana@lumen.io", "lea@x.org"]
    assert [s["start"] for s in week["items"]] == [
        "2026-03-02T09:00:00+01:00",
        "2026-03-02T10:30:00+01:00",
        "2026-03-03T09:00:00+01:00",
    ]
    assert week["next_cursor"] == "3"


@pytest.mark.anyio
async def test_create_calendar_refuses_a_name_taken(cal: World) -> None:
    async with Client(create_server(cal)) as client:
        created = await call(client, "create_calendar", {"name": "Family", "color": "#ff0000"})
        assert "a calendar named 'Work' exists already" in await error(
            client, "create_calendar", {"name": "work"}
        )
    assert (created["id"], created["is_primary"]) == ("cal_3", False)


@pytest.mark.anyio
async def test_failed_calls_change_nothing(cal: World) -> None:
    async with Client(create_server(cal)) as client:
        assert "attendee 'nobody' is not an email address" in await error(
            client,
            "create_event",
            {
                "title": "X",
                "start": "2026-03-05T11:00:00+01:00",
                "end": "2026-03-05T12:00:00+01:00",
                "attendees": ["nobody"],
            },
        )
        assert "rrule belongs to the whole series" in await error(
            client,
            "update_event",
            {"event_id": "evt_1", "instance_start": "2026-03-04T10:00:00+01:00", "rrule": "FREQ=DAILY"},
        )
        assert "does not repeat; use scope 'series'" in await error(
            client, "cancel_event", {"event_id": "evt_2", "instance_start": "2026-03-03T14:00:00+01:00"}
        )
    assert cal.diff().changes == []


@pytest.mark.anyio
async def test_tools_carry_hints_and_output_schemas(cal: World) -> None:
    async with Client(create_server(cal)) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) >= {
        "list_calendars",
        "list_events",
        "search_events",
        "get_event",
        "create_event",
        "update_event",
        "cancel_event",
        "respond_to_invitation",
        "find_free_time",
    }
    assert tools["find_free_time"].annotations.read_only_hint is True  # type: ignore[union-attr]
    assert tools["cancel_event"].annotations.destructive_hint is True  # type: ignore[union-attr]
    assert all(t.output_schema for t in tools.values())
    assert all(t.description and len(t.description) > 40 for t in tools.values())
