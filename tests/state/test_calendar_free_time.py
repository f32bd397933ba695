"""Free time: the user's events, others' shared busy times and the events they attend, in working hours."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from state.calendar.free_time import FreeTime, WorkingHours, find_free_time
from state.errors import InvalidArgument
from state.world import World

BERLIN = ZoneInfo("Europe/Berlin")
# The test world's clock is Monday 2026-03-02 09:00 in Berlin (UTC+1).
DAY: dict[str, Any] = {"start": "2026-03-02T09:00:00+01:00", "end": "2026-03-02T18:00:00+01:00"}


@pytest.fixture
async def cal(world: World) -> World:
    await world.apply("mail.add_account", {"address": "maya@lumen.io", "display_name": "Maya Lin"})
    await world.apply("calendar.create_calendar", {"name": "Maya", "is_primary": True})
    world.start_tracking()
    return world


async def event(world: World, start: str, end: str, **extra: Any) -> str:
    args = {"title": "Busy", "start": f"2026-03-{start}:00+01:00", "end": f"2026-03-{end}:00+01:00"}
    return (await world.apply("calendar.create_event", args | extra)).id


async def free(world: World, minutes: int, **extra: Any) -> FreeTime:
    async with world.read() as tx:
        return find_free_time(tx, minutes, **(DAY | extra))


def spans(found: FreeTime) -> list[tuple[str, str, str]]:
    """(start, end, free_until) as local HH:MM (or MM-DD HH:MM when the day is not Monday 2 March)."""

    def show(moment: datetime) -> str:
        local = moment.astimezone(BERLIN)
        return f"{local:%H:%M}" if local.day == 2 else f"{local:%m-%d %H:%M}"

    return [(show(s.start), show(s.end), show(s.free_until)) for s in found.slots]


@pytest.mark.anyio
async def test_slots_avoid_the_users_events_and_the_attendees_busy_times(cal: World) -> None:
    await event(cal, "02T10:00", "02T11:00")
    await cal.apply(
        "calendar.add_busy",
        {
            "email": "ana@example.com",
            "start": "2026-03-02T12:00:00+01:00",
            "end": "2026-03-02T13:30:00+01:00",
        },
    )
    await event(cal, "02T15:00", "02T16:00", attendees=["ben@example.com"])
    found = await free(cal, 60, attendees=["ana@example.com", "Ben <ben@example.com>"])
    assert spans(found) == [
        ("09:00", "10:00", "10:00"),
        ("11:00", "12:00", "12:00"),
        ("13:30", "14:30", "15:00"),
        ("16:00", "17:00", "17:00"),
    ]
    assert (found.known_busy, found.unknown_busy) == (["ana@example.com", "ben@example.com"], [])
    assert found.working_hours == "09:00-17:00 Mon, Tue, Wed, Thu, Fri (Europe/Berlin)"


@pytest.mark.anyio
async def test_a_stretch_shorter_than_the_meeting_is_no_slot(cal: World) -> None:
    await event(cal, "02T09:30", "02T16:30")
    assert spans(await free(cal, 31)) == []
    assert spans(await free(cal, 30)) == [("09:00", "09:30", "09:30"), ("16:30", "17:00", "17:00")]


@pytest.mark.anyio
async def test_declined_events_free_the_user_and_the_guest_but_not_the_organiser(cal: World) -> None:
    invite = await cal.apply(
        "calendar.receive_invitation",
        {
            "organizer": "ana@example.com",
            "title": "Budget",
            "start": "2026-03-02T10:00:00+01:00",
            "end": "2026-03-02T16:00:00+01:00",
            "attendees": ["maya@lumen.io", "ben@example.com"],
        },
    )
    assert len((await free(cal, 60)).slots) == 2
    await cal.apply("calendar.respond_to_invitation", {"event_id": invite.id, "response": "declined"})
    assert spans(await free(cal, 60)) == [("09:00", "10:00", "17:00")]
    assert len((await free(cal, 60, attendees=["ana@example.com"])).slots) == 2
    mine = await event(cal, "03T10:00", "03T16:00", attendees=["ben@example.com"])
    await cal.apply(
        "calendar.record_response", {"event_id": mine, "email": "ben@example.com", "response": "declined"}
    )
    monday = await free(cal, 60, attendees=["ben@example.com"])
    assert (len(monday.slots), monday.known_busy) == (2, ["ben@example.com"])
    tuesday = {"start": "2026-03-03T09:00:00+01:00", "end": "2026-03-03T18:00:00+01:00"}
    found = await free(cal, 60, attendees=["ben@example.com"], **tuesday)
    assert (len(found.slots), found.unknown_busy) == (2, ["ben@example.com"])


@pytest.mark.anyio
async def test_each_occurrence_of_a_series_is_busy_until_it_is_cancelled(cal: World) -> None:
    series = await event(cal, "02T12:00", "02T14:00", rrule="FREQ=DAILY")
    week = {"start": "2026-03-02T09:00:00+01:00", "end": "2026-03-04T00:00:00+01:00"}
    assert spans(await free(cal, 240, **week)) == []
    await cal.apply(
        "calendar.cancel_event",
        {"event_id": series, "scope": "instance", "instance_start": "2026-03-03T12:00:00+01:00"},
    )
    assert spans(await free(cal, 240, **week)) == [("03-03 09:00", "03-03 13:00", "03-03 17:00")]


@pytest.mark.anyio
async def test_weekends_are_skipped_unless_working_days_include_them(cal: World) -> None:
    weekend = {"start": "2026-03-07T00:00:00+01:00", "end": "2026-03-09T00:00:00+01:00"}
    assert (await free(cal, 30, **weekend)).slots == []
    found = await free(cal, 30, hours=WorkingHours("10:00", "12:00", ("Sun",)), **weekend)
    assert spans(found) == [("03-08 10:00", "03-08 10:30", "03-08 12:00")]
    assert found.working_hours == "10:00-12:00 Sun (Europe/Berlin)"


@pytest.mark.anyio
async def test_working_hours_in_another_zone_and_across_the_change_to_summer_time(cal: World) -> None:
    found = await free(
        cal,
        60,
        hours=WorkingHours("09:00", "10:00", timezone="America/New_York"),
        start="2026-03-06T00:00:00+01:00",
        end="2026-03-10T00:00:00+01:00",
    )
    # New York moves its clocks on 8 March: 09:00 there is 15:00 in Berlin before, 14:00 after
    assert spans(found) == [
        ("03-06 15:00", "03-06 16:00", "03-06 16:00"),
        ("03-09 14:00", "03-09 15:00", "03-09 15:00"),
    ]
    summer = await free(cal, 60, start="2026-03-27T00:00:00+01:00", end="2026-03-31T00:00:00+02:00")
    assert [s.start.isoformat() for s in summer.slots] == [
        "2026-03-27T08:00:00+00:00",
        "2026-03-30T07:00:00+00:00",
    ]


@pytest.mark.anyio
async def test_the_search_never_starts_before_now_and_starts_on_a_quarter_hour(cal: World) -> None:
    cal.set_clock(datetime.fromisoformat("2026-03-02T10:07:30+01:00"))
    found = await free(cal, 30, start="2026-03-01T00:00:00+01:00")
    assert spans(found)[0] == ("10:15", "10:45", "17:00")
    async with cal.read() as tx:
        default = find_free_time(tx, 30)
    assert default.slots[0].start.isoformat() == "2026-03-02T09:15:00+00:00"
    assert default.slots[-1].free_until.isoformat() == "2026-03-09T10:07:30+01:00"


@pytest.mark.anyio
async def test_all_day_events_are_listed_apart_unless_they_count_as_busy(cal: World) -> None:
    await cal.apply(
        "calendar.create_event",
        {"title": "Ana vacation", "start": "2026-03-02", "end": "2026-03-03", "all_day": True},
    )
    found = await free(cal, 60)
    assert (len(found.slots), [o.event.title for o in found.all_day_not_counted]) == (1, ["Ana vacation"])
    counted = await free(cal, 60, all_day_events_busy=True)
    assert (counted.slots, counted.all_day_not_counted) == ([], [])


@pytest.mark.anyio
async def test_the_users_own_address_among_attendees_is_the_user(cal: World) -> None:
    found = await free(cal, 60, attendees=["Maya <maya@lumen.io>", "zoe@example.com"])
    assert (found.known_busy, found.unknown_busy) == ([], ["zoe@example.com"])


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("minutes", "extra", "message"),
    [
        (0, {}, r"duration_minutes 0 must be 1 or more"),
        (481, {}, r"duration_minutes 481 is longer than the working day 09:00-17:00"),
        (30, {"hours": WorkingHours("9am")}, r"work_start '9am' is not a time of day; expected HH:MM"),
        (30, {"hours": WorkingHours("17:00", "09:00")}, r"work_end '09:00' must be after work_start '17:00'"),
        (
            30,
            {"hours": WorkingHours(days=("Monday",))},
            r"work_days \['Monday'\] must name at least one of Mon",
        ),
        (30, {"hours": WorkingHours(timezone="Mars/Base")}, r"timezone 'Mars/Base' is unknown"),
        (30, {"end": "2026-03-01T00:00:00+01:00"}, r"end 2026-03-01T00:00:00\+01:00 must be after start"),
        (30, {"end": "2026-06-01T00:00:00+02:00"}, r"longer than 62 days"),
        (30, {"start": "tomorrow"}, r"start 'tomorrow' is not an ISO 8601 time"),
        (30, {"attendees": ["ana"]}, r"attendee 'ana' is not an email address"),
    ],
)
async def test_bad_arguments_say_what_is_allowed(
    cal: World, minutes: int, extra: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidArgument, match=message):
        await free(cal, minutes, **extra)
