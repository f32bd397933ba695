from __future__ import annotations

import anyio
from hypothesis import given, settings
from hypothesis import strategies as st

from servers.messaging import create_server
from tests.conftest import new_world
from tests.servers.fuzz import Call, calls, list_tools, run_calls


async def _template() -> bytes:
    world = await new_world()
    await world.apply("files.write_file", {"path": "/home/maya/plan.md", "content": "# Plan"})
    await world.apply(
        "messaging.add_workspace",
        {"id": "lumen", "name": "Lumen", "platform": "Slack", "kind": "work", "user_handle": "maya"},
    )
    await world.apply(
        "messaging.create_conversation",
        {"workspace": "lumen", "kind": "channel", "name": "design", "members": [{"handle": "ana"}]},
    )
    await world.apply("messaging.send_direct_message", {"workspace": "lumen", "handle": "ana", "text": "hi"})
    await world.apply(
        "messaging.send_chat_message", {"conversation_id": "conv_1", "text": "plan?", "sender": "ana"}
    )
    await world.apply(
        "messaging.send_chat_message",
        {
            "conversation_id": "conv_1",
            "text": "here",
            "thread_parent_id": "chat_2",
            "attach_files": ["/home/maya/plan.md"],
        },
    )
    await world.apply(
        "messaging.react_to_chat_message", {"message_id": "chat_2", "emoji": "👍", "handle": "ana"}
    )
    world.start_tracking()
    return world.serialize()


TEMPLATE = anyio.run(_template)
OVERRIDES = {
    "conversation_id": st.sampled_from(["conv_1", "conv_2", "design", "#design", "Ana", "conv_9"]),
    "message_id": st.sampled_from(["chat_1", "chat_2", "chat_3", "chat_9"]),
    "thread_id": st.sampled_from(["chat_2", "chat_3", "chat_1", "chat_9"]),
    "attachment_id": st.sampled_from(["chatfile_1", "chatfile_2"]),
    "workspace": st.sampled_from(["lumen", "Slack", "whatsapp"]),
    "to_handle": st.sampled_from(["ana", "@eva", "maya", ""]),
    "members": st.lists(st.sampled_from(["ana", "ben", "maya", " "]), max_size=3),
    "attach_files": st.lists(
        st.sampled_from(["laptop:/home/maya/plan.md", "laptop:/home/maya", "/x"]), max_size=2
    ),
    "path": st.sampled_from(["~/", "/home/maya/plan.md", "~/new.md", "/nowhere/x"]),
    "device": st.sampled_from(["laptop", "phone"]),
    "cursor": st.sampled_from(["1", "0", "x", "999"]),
}


@settings(max_examples=60, deadline=None)
@given(planned=calls(list_tools(TEMPLATE, create_server), OVERRIDES))
def test_random_calls_fail_only_with_reasons_and_failed_ones_change_nothing(planned: list[Call]) -> None:
    run_calls(TEMPLATE, create_server, planned)
