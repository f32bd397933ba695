"""Files: a tree per device. Deleting moves a node to the trash (``trashed_at``) so it can be restored.

Paths are absolute and normalised (``normalize_path``); ``~`` is the device's home. The root ``/`` of
every device always exists and has no row.
"""

from state.files.mime import DEFAULT_MIME_TYPE, DIRECTORY_MIME_TYPE, mime_type_for
from state.files.ops import delete_file, empty_trash, make_directory, restore_file, trash_roots, write_file
from state.files.paths import (
    find_node,
    is_directory,
    list_directory,
    normalize_path,
    read_node,
    subtree,
)
from state.files.tables import FileNode
from state.files.transfer import copy_file, move_file, sync_file

__all__ = [
    "DEFAULT_MIME_TYPE",
    "DIRECTORY_MIME_TYPE",
    "FileNode",
    "copy_file",
    "delete_file",
    "empty_trash",
    "find_node",
    "is_directory",
    "list_directory",
    "make_directory",
    "mime_type_for",
    "move_file",
    "normalize_path",
    "read_node",
    "restore_file",
    "subtree",
    "sync_file",
    "trash_roots",
    "write_file",
]
