# pyright: reportIncompatibleVariableOverride=false
# (SQLModel types __tablename__ as a declared_attr; a table names itself with a plain string)
"""The files service's table: one row per file or directory of a device, live or in the trash."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import JSON, Index, text
from sqlmodel import Field, SQLModel

from state.db import FullTextIndex


class FileNode(SQLModel, table=True):
    """A file or directory on a device. Paths are absolute and normalised.

    ``content`` is the text a reader sees: a text file's text, a PDF's text layer, a spreadsheet's cells
    as CSV, a document's paragraphs ("" for a photo). ``data`` holds the bytes of a binary file (None for
    a text file, whose bytes are its content in UTF-8); ``size`` is their length.

    A trashed node keeps its ``path``; ``original_path`` records where it was and ``trash_id`` (``trash_7``)
    the deletion that trashed it, shared by a directory and its subtree and ordered by deletion.
    ``file_metadata`` holds free-form details such as a photo's ``taken_at``, ``camera`` and ``place``.
    """

    __tablename__: ClassVar[str] = "file_node"
    __table_args__ = (
        Index(
            "file_node_live_path",
            "device",
            "path",
            unique=True,
            sqlite_where=text("trashed_at IS NULL"),
        ),
        Index("file_node_parent", "device", "parent"),
    )
    id: str = Field(primary_key=True)
    device: str = Field(foreign_key="device.id")
    path: str
    parent: str
    name: str
    is_dir: bool = False
    content: str = ""
    data: bytes | None = None
    mime_type: str = ""
    size: int = 0
    created_at: str
    modified_at: str
    trashed_at: str | None = None
    original_path: str = ""
    trash_id: str = ""
    file_metadata: dict[str, str] = Field(default_factory=dict, sa_type=JSON)


FULL_TEXT = FullTextIndex("file_fts", "file_node", ("name", "content"))
"""The index ``search`` queries; kept in step with the table by triggers."""
