"""Files: a tree per device. Deleting moves a node to the trash (``trashed_at``) so it can be restored.

Paths are absolute and normalised (``normalize_path``); ``~`` is the device's home. The root ``/`` of
every device always exists and has no row.
"""

from state.files.devices import DEVICE_KINDS, add_device
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
from state.files.reading import (
    LISTING_ORDERS,
    MAX_READ_CHARS,
    TextPage,
    child_counts,
    devices,
    directory_or_error,
    first_match,
    has_text,
    list_entries,
    live_or_trashed,
    read_lines,
    search_nodes,
    split_lines,
    trash_entries,
    trashed_contents,
)
from state.files.tables import FULL_TEXT, FileNode
from state.files.transfer import copy_file, move_file, sync_file_to_device

TABLES = (FileNode,)
OPERATIONS = (
    write_file,
    make_directory,
    delete_file,
    restore_file,
    empty_trash,
    copy_file,
    move_file,
    sync_file_to_device,
)
FULL_TEXT_INDEXES = (FULL_TEXT,)

__all__ = [
    "DEFAULT_MIME_TYPE",
    "DEVICE_KINDS",
    "DIRECTORY_MIME_TYPE",
    "FULL_TEXT_INDEXES",
    "LISTING_ORDERS",
    "MAX_READ_CHARS",
    "OPERATIONS",
    "TABLES",
    "FileNode",
    "TextPage",
    "add_device",
    "child_counts",
    "copy_file",
    "delete_file",
    "devices",
    "directory_or_error",
    "empty_trash",
    "find_node",
    "first_match",
    "has_text",
    "is_directory",
    "list_directory",
    "list_entries",
    "live_or_trashed",
    "make_directory",
    "mime_type_for",
    "move_file",
    "normalize_path",
    "read_lines",
    "read_node",
    "restore_file",
    "search_nodes",
    "split_lines",
    "subtree",
    "sync_file_to_device",
    "trash_entries",
    "trash_roots",
    "trashed_contents",
    "write_file",
]
