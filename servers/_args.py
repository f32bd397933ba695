"""The argument types the tools of several services share: paging (see ``page_bounds``).

The ``limit`` wordings differ only in what a page holds; each is part of its tools' input schemas.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

Limit = Annotated[int, Field(description="How many per page (1-100).")]
MailLimit = Annotated[int, Field(description="How many mails per page (1-100).")]
EntryLimit = Annotated[int, Field(description="How many entries per page (1-100).")]
ContactLimit = Annotated[int, Field(description="How many contacts per page (1-100).")]
Cursor = Annotated[str | None, Field(description="next_cursor of the previous page.")]
