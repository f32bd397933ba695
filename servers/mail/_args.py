"""The mail tools' registry and the argument types they share."""

from __future__ import annotations

from typing import Annotated

from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, ConfigDict, Field

from servers._base import ToolRegistry

tool = ToolRegistry()

EmailId = Annotated[str, Field(description="A mail id from list_emails or search_emails, e.g. 'msg_42'.")]
DraftId = Annotated[str, Field(description="The mail id of a draft (in Drafts), e.g. 'msg_57'.")]
AttachmentId = Annotated[str, Field(description="An attachment id from read_email, e.g. 'att_3'.")]
Account = Annotated[
    str | None,
    Field(description="One of the user's addresses from list_mail_accounts, e.g. 'maya@lumen.io'."),
]
FromAccount = Annotated[
    str | None,
    Field(description="Which of the user's addresses to send from; default: the default account."),
]
Addresses = Annotated[
    list[str], Field(description="Addresses, each 'jonas@acme.com' or 'Jonas Weber <jonas@acme.com>'.")
]
MoreAddresses = Annotated[
    list[str] | None, Field(description="Addresses, each 'jonas@acme.com' or 'Jonas Weber <jonas@acme.com>'.")
]
Body = Annotated[str, Field(description="Plain text; the account's signature is not added for you.")]


class FileRef(BaseModel):
    """A file on one of the user's devices (the files service), e.g. {"device": "laptop", "path":
    "~/Documents/report.pdf"}."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(
        description="Absolute ('/Users/maya/x.pdf'), from home ('~/x.pdf') or relative to home."
    )
    device: str = Field(default="laptop", description="'laptop' or 'phone' (list_file_devices lists them).")


AttachFiles = Annotated[
    list[FileRef] | None,
    Field(
        description="Files from the user's devices to attach, e.g. [{'device': 'laptop', 'path': '~/a.pdf'}]."
    ),
]


def file_specs(files: list[FileRef] | None) -> list[str]:
    """The files as the operations take them: "device:/path"."""
    specs: list[str] = []
    for ref in files or []:
        device = ref.device.strip()
        if not device or any(c in device for c in "/:~"):
            raise ToolError(f"device {ref.device!r} is not a device name; use 'laptop' or 'phone'")
        specs.append(f"{device}:{ref.path}")
    return specs
