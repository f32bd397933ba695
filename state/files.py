"""Files: a tree per device. Deleting moves a node to the trash (``trashed_at``) so it can be restored."""

from __future__ import annotations

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from state.db import full_text_index


class FileNode(SQLModel, table=True):
    """A file or directory on a device. Paths are absolute and normalised; text files keep content."""

    __tablename__ = "file_node"
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
    mime_type: str = ""
    size: int = 0
    created_at: str
    modified_at: str
    trashed_at: str | None = None
    original_path: str = ""


full_text_index("file_fts", "file_node", ("name", "content"))
