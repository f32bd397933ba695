"""Random sequences of real operations: the changelog diff always equals a full comparison, and an
operation that fails changes nothing."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import anyio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from state.db import blob_summary
from state.diff import compare, diff_json
from state.errors import WorldError
from state.world import World
from tests.conftest import NOW

PEOPLE = ["jonas@lumen.io", "eva@example.org", "Ana Ruiz <ana@lumen.io>"]
PATHS = ["~/notes.txt", "~/docs/plan.md", "~/docs", "/tmp/x.txt", "~/../../etc/passwd"]
FOLDERS = ["Archive", "Trash", "Inbox", "Nope"]

_mail = st.one_of(
    st.builds(
        lambda to, s: ("mail.send_email", {"to": [to], "subject": s, "body": "hi"}),
        st.sampled_from(PEOPLE),
        st.sampled_from(["Plan", "Re: Plan"]),
    ),
    st.builds(
        lambda who: (
            "mail.receive_email",
            {"from_address": who, "to": ["maya@lumen.io"], "subject": "News", "body": "b"},
        ),
        st.sampled_from(PEOPLE),
    ),
    st.builds(
        lambda n, f: ("mail.move_email", {"message_id": f"msg_{n}", "folder": f}),
        st.integers(1, 4),
        st.sampled_from(FOLDERS),
    ),
    st.builds(
        lambda n, flag: ("mail.mark_email", {"message_id": f"msg_{n}", "flagged": flag, "seen": not flag}),
        st.integers(1, 4),
        st.booleans(),
    ),
    st.builds(lambda n: ("mail.delete_email", {"message_id": f"msg_{n}"}), st.integers(1, 4)),
    st.builds(
        lambda n, all_: ("mail.reply_to_email", {"message_id": f"msg_{n}", "body": "ok", "reply_all": all_}),
        st.integers(1, 4),
        st.booleans(),
    ),
)
_files = st.one_of(
    st.builds(
        lambda p, m: ("files.write_file", {"path": p, "content": "x\n", "mode": m, "parents": True}),
        st.sampled_from(PATHS),
        st.sampled_from(["create", "overwrite", "append"]),
    ),
    st.builds(lambda p: ("files.delete_file", {"path": p}), st.sampled_from(PATHS)),
    st.builds(lambda p: ("files.restore_file", {"path": p}), st.sampled_from(PATHS)),
    st.builds(
        lambda a, b: ("files.move_file", {"source": a, "destination": b}),
        st.sampled_from(PATHS),
        st.sampled_from(PATHS),
    ),
)
_other = st.one_of(
    st.builds(
        lambda n: ("contacts.create_contact", {"name": n, "emails": [f"{n.lower()}@x.org"]}),
        st.sampled_from(["Ana", "Bo"]),
    ),
    st.builds(
        lambda n, note: ("contacts.update_contact", {"contact_id": f"contact_{n}", "notes": note}),
        st.integers(1, 2),
        st.sampled_from(["", "met in Lisbon"]),
    ),
    st.builds(
        lambda d, h: (
            "calendar.create_event",
            {
                "title": "Sync",
                "start": (NOW + timedelta(days=d, hours=h)).isoformat(),
                "end": (NOW + timedelta(days=d, hours=h + 1)).isoformat(),
                "attendees": ["jonas@lumen.io"],
            },
        ),
        st.integers(0, 2),
        st.integers(-2, 2),
    ),
    st.builds(
        lambda n, r: ("calendar.respond_to_invitation", {"event_id": f"evt_{n}", "response": r}),
        st.integers(1, 2),
        st.sampled_from(["accepted", "maybe"]),
    ),
    st.builds(
        lambda cmd: ("shell.record_command", {"command": cmd}), st.sampled_from(["ls", "cd docs", "cd /nope"])
    ),
    st.just(("clock", {})),
)
_steps = st.lists(st.one_of(_mail, _files, _other), max_size=25)


async def _setup(world: World) -> None:
    await world.apply("mail.add_account", {"address": "maya@lumen.io", "display_name": "Maya Lin"})
    for subject in ("Budget", "Offsite"):
        await world.apply(
            "mail.receive_email",
            {
                "from_address": "jonas@lumen.io",
                "to": ["maya@lumen.io"],
                "cc": ["eva@example.org"],
                "subject": subject,
                "body": "text",
            },
        )
    await world.apply("calendar.create_calendar", {"name": "Work", "is_primary": True})
    start = NOW + timedelta(days=1)
    invitation = {
        "organizer": "jonas@lumen.io",
        "title": "Offsite",
        "start": start.isoformat(),
        "end": (start + timedelta(hours=2)).isoformat(),
    }
    await world.apply("calendar.receive_invitation", invitation)


async def _run(world: World, steps: list[tuple[str, dict[str, Any]]]) -> None:
    for op, arguments in steps:
        if op == "clock":
            world.set_clock(world.now + timedelta(minutes=5))
            continue
        before = world.serialize()
        try:
            await world.apply(op, arguments)
        except WorldError:
            assert world.serialize() == before, f"failed {op} changed the world"


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(setup_steps=_steps, steps=_steps)
def test_diff_after_random_operations_equals_full_comparison(
    setup_steps: list[tuple[str, dict[str, Any]]], steps: list[tuple[str, dict[str, Any]]]
) -> None:
    async def scenario() -> None:
        world = World.create(now=NOW, timezone="Europe/Berlin", tracking=False)
        await world.apply("world.set_user", {"name": "Maya Lin", "email": "maya@lumen.io"})
        await world.apply(
            "world.add_device",
            {
                "id": "laptop",
                "name": "L",
                "kind": "laptop",
                "os": "Linux",
                "home": "/home/maya",
                "hostname": "l",
            },
        )
        world.start_tracking()
        await _setup(world)
        await _run(world, setup_steps)
        before = world.clone()
        base = world.snapshot()
        await _run(world, steps)
        assert world.diff(base) == compare(before.conn, world.conn)

    anyio.run(scenario)


@pytest.mark.anyio
async def test_a_binary_file_reads_as_its_size_and_digest_in_the_diff(world: World) -> None:
    await world.apply(
        "files.write_file", {"path": "~/a.jpg", "data": base64.b64encode(b"\xff\xd8old").decode()}
    )
    world.start_tracking()
    before = World.from_bytes(world.serialize())
    await world.apply(
        "files.write_file",
        {"path": "~/a.jpg", "data": base64.b64encode(b"\xff\xd8new!").decode(), "mode": "overwrite"},
    )
    diff = world.diff()
    assert diff == compare(before.conn, world.conn)
    assert (diff.changes[0].before or {})["data"] == blob_summary(b"\xff\xd8old")
    assert (diff.changes[0].after or {})["data"] == blob_summary(b"\xff\xd8new!")
    assert '+ data: "<6 bytes sha256:' in diff.render()
    json.dumps(diff_json(diff))
