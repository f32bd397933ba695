from __future__ import annotations

import anyio
from hypothesis import given, settings
from hypothesis import strategies as st

from servers.mail import create_server
from tests.conftest import new_world
from tests.servers.fuzz import Call, calls, list_tools, run_calls


async def _template() -> bytes:
    """Two accounts, mail with and without files, a thread, a draft, a mail in Trash, a file to attach."""
    world = await new_world()
    await world.apply("files.write_file", {"path": "/home/maya/plan.md", "content": "# Plan\n"})
    for address in ("maya@lumen.io", "maya@posteo.de"):
        await world.apply("mail.add_account", {"address": address, "display_name": "Maya Lin"})
    await world.apply(  # msg_1, att_1
        "mail.receive_email",
        {
            "from_address": "jonas@x.org",
            "to": ["maya@lumen.io"],
            "subject": "Budget",
            "body": "See the sheet.",
            "attachments": [{"filename": "budget.csv", "content": "a,b\n"}],
        },
    )
    await world.apply("mail.reply_to_email", {"message_id": "msg_1", "body": "Thanks"})  # msg_2
    await world.apply(  # msg_3
        "mail.receive_email",
        {"from_address": "eva@y.org", "to": ["maya@posteo.de"], "subject": "Lunch", "body": "Friday?"},
    )
    await world.apply("mail.create_draft", {"to": ["eva@y.org"], "subject": "Later"})  # msg_4
    await world.apply("mail.delete_email", {"message_id": "msg_3"})
    world.start_tracking()
    return world.serialize()


TEMPLATE = anyio.run(_template)
_IDS = ["msg_1", "msg_2", "msg_3", "msg_4", "msg_99", "thr_1", ""]
OVERRIDES = {
    "email_id": st.sampled_from(_IDS),
    "draft_id": st.sampled_from(_IDS),
    "in_reply_to_id": st.sampled_from(_IDS),
    "thread_id": st.sampled_from(["thr_1", "thr_2", "thr_9", "msg_1", "msg_99", ""]),
    "attachment_id": st.sampled_from(["att_1", "att_2", "att_9"]),
    "folder": st.sampled_from(["Inbox", "sent", "Trash", "Drafts", "Archive", "Nope", ""]),
    "account": st.sampled_from(["maya@lumen.io", "maya@posteo.de", "x@y.z", None]),
    "from_account": st.sampled_from(["maya@lumen.io", "maya@posteo.de", "x@y.z", None]),
    "to": st.lists(
        st.sampled_from(["jonas@x.org", "Eva <eva@y.org>", "maya@posteo.de", "bad", ""]), max_size=3
    ),
    "attachments": st.lists(
        st.fixed_dictionaries(
            {"path": st.sampled_from(["~/plan.md", "/home/maya", "nope.md", "../../.."])},
            optional={"device": st.sampled_from(["laptop", "phone", "", "a/b"])},
        ),
        max_size=2,
    ),
    "path": st.sampled_from(["~", "~/saved.csv", "/home/maya/plan.md", "/nowhere/x", ""]),
    "device": st.sampled_from(["laptop", "phone", "nope"]),
    "after": st.sampled_from(["2026-03-01", "2026-03-02T09:00:00+01:00", "soon", None]),
    "cursor": st.sampled_from(["1", "x", None]),
}


@settings(max_examples=60, deadline=None)
@given(planned=calls(list_tools(TEMPLATE, create_server), OVERRIDES))
def test_random_calls_fail_only_with_reasons_and_failed_ones_change_nothing(planned: list[Call]) -> None:
    run_calls(TEMPLATE, create_server, planned)
