"""The contacts tools' registry and the argument types they share."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from servers._base import ToolRegistry

tool = ToolRegistry()

ContactId = Annotated[str, Field(description="A contact id from search_contacts, e.g. 'contact_12'.")]
