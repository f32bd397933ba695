from __future__ import annotations

import anyio
from hypothesis import given, settings
from hypothesis import strategies as st

from servers.calendar import create_server
from tests.conftest import new_world
from tests.servers.fuzz import Call, calls, list_tools, run_calls


async def _template() -> bytes:
    world = await new_world()
    await world.apply("mail.add_account", {"address": "maya@lumen.io", "display_name": "Maya Lin"})
    await world.apply("calendar.create_calendar", {"name": "Work", "is_primary": True})
    await world.apply("calendar.create_calendar", {"name": "Holidays", "read_only": True})
    await world.apply(
        "calendar.create_event",
        {
            "title": "Team sync",
            "start": "2026-03-02T10:00:00+01:00",
            "end": "2026-03-02T10:30:00+01:00",
            "rrule": "FREQ=WEEKLY;BYDAY=MO",
            "attendees": ["jonas@x.org"],
        },
    )
    await world.apply(
        "calendar.create_event",
        {"title": "Review", "start": "2026-03-03T14:00:00+01:00", "end": "2026-03-03T15:00:00+01:00"},
    )
    await world.apply(
        "calendar.receive_invitation",
        {
            "organizer": "eva@x.org",
            "title": "Pilot",
            "start": "2026-03-04T13:00:00+01:00",
            "end": "2026-03-04T14:00:00+01:00",
        },
    )
    await world.apply(
        "calendar.add_busy",
        {"email": "jonas@x.org", "start": "2026-03-02T11:00:00+01:00", "end": "2026-03-02T12:00:00+01:00"},
    )
    world.start_tracking()
    return world.serialize()


TEMPLATE = anyio.run(_template)
TIMES = st.sampled_from(
    [
        "2026-03-02T10:00:00+01:00",
        "2026-03-09T10:00:00+01:00",
        "2026-03-05T16:00:00+01:00",
        "2026-03-02",
        "soon",
    ]
)
OVERRIDES = {
    "event_id": st.sampled_from(["evt_1", "evt_2", "evt_3", "evt_99"]),
    "instance_start": st.one_of(st.none(), TIMES),
    "start": st.one_of(st.none(), TIMES),
    "end": st.one_of(st.none(), TIMES),
    "calendar": st.sampled_from(["Work", "holidays", "cal_9", None]),
    "attendees": st.lists(
        st.sampled_from(["jonas@x.org", "Eva <eva@x.org>", "maya@lumen.io", "bad"]), max_size=3
    ),
    "duration_minutes": st.sampled_from([30, 60, 0, 600]),
    "title": st.sampled_from(["Lunch", "", "  "]),
    "work_start": st.sampled_from(["09:00", "8", "18:00"]),
}


@settings(max_examples=60, deadline=None)
@given(planned=calls(list_tools(TEMPLATE, create_server), OVERRIDES))
def test_random_calls_fail_only_with_reasons_and_failed_ones_change_nothing(planned: list[Call]) -> None:
    run_calls(TEMPLATE, create_server, planned)
