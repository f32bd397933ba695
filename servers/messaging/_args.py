"""The messaging tools' registry and the argument types they share."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from servers._base import ToolRegistry

tool = ToolRegistry()

ConversationRef = Annotated[
    str,
    Field(
        description="A conversation id such as 'conv_3', or its name: a channel ('general' or '#general'), "
        "a group's name, or the person's name for a dm."
    ),
]
WorkspaceRef = Annotated[
    str | None,
    Field(description="A workspace id from list_chat_workspaces (e.g. 'lumen'), or its name or platform."),
]
MessageId = Annotated[str, Field(description="A chat message id, e.g. 'chat_42'.")]
Handles = Annotated[
    list[str],
    Field(description="People's handles in the workspace, e.g. ['ana.ruiz', 'ben'] or phone numbers."),
]
