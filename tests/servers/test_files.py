"""The files server, through the MCP protocol in memory."""

from __future__ import annotations

import base64
import io
from datetime import timedelta
from typing import Any

import pytest
from mcp import Client
from pypdf import PdfReader

from fixtures.history_gen.filetypes import Page, render_pdf
from servers.files import create_server
from servers.mail import create_server as create_mail_server
from state.files import read_node
from state.world import World
from tests.conftest import NOW
from tests.servers.calls import call, error

LONG = "".join(f"line {n}\n" for n in range(1, 301))
PHOTO = {"taken_at": "2026-02-14T16:20:00+01:00", "camera": "Pixel 8", "place": "Tiergarten"}


async def _write(world: World, path: str, content: str = "", device: str = "laptop", **more: Any) -> None:
    await world.apply(
        "files.write_file", {"path": path, "content": content, "device": device, "parents": True, **more}
    )


@pytest.fixture
async def home(world: World) -> World:
    """Maya's laptop with notes, a long file, a PDF and a dot file, and a photo on her phone."""
    await _write(world, "~/Documents/plan.md", "# Plan\n\nPay the deposit before the lease starts.\n")
    world.set_clock(NOW + timedelta(hours=1))
    await _write(world, "~/Documents/long.txt", LONG)
    await _write(world, "~/Documents/report.pdf", size=5000)
    await world.apply("files.make_directory", {"path": "~/Documents/archive"})
    await _write(world, "~/.bashrc", "export EDITOR=vim\n")
    await _write(world, "~/Notes/lease.md", "Lease signed.\n")
    await _write(world, "~/DCIM/Camera/IMG_1.jpg", device="phone", size=4_000_000, metadata=PHOTO)
    world.set_clock(NOW + timedelta(hours=2))
    world.start_tracking()
    return world


def _names(page: dict[str, Any]) -> list[str]:
    return [item["name"] for item in page["items"]]


# -- looking -------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_devices_are_listed_with_their_homes(home: World) -> None:
    async with Client(create_server(home)) as client:
        result = await call(client, "list_file_devices", {})
    assert [(d["id"], d["home"]) for d in result["devices"]] == [
        ("laptop", "/home/maya"),
        ("phone", "/storage/emulated/0"),
    ]


@pytest.mark.anyio
async def test_a_listing_puts_directories_first_then_names_in_any_case_and_hides_dot_files(
    home: World,
) -> None:
    async with Client(create_server(home)) as client:
        root = await call(client, "list_directory", {})
        assert (root["directory"], root["total"], _names(root)) == ("/home/maya", 2, ["Documents", "Notes"])
        assert root["items"][0]["item_count"] == 4
        assert _names(await call(client, "list_directory", {"include_hidden": True})) == [
            "Documents",
            "Notes",
            ".bashrc",
        ]
        docs = await call(client, "list_directory", {"path": "~/Documents"})
        assert _names(docs) == ["archive", "long.txt", "plan.md", "report.pdf"]
        pdf = docs["items"][3]
        assert (pdf["path"], pdf["size"], pdf["mime_type"], pdf["is_dir"], pdf["modified_at"]) == (
            "/home/maya/Documents/report.pdf",
            5000,
            "application/pdf",
            False,
            "2026-03-02T10:00:00+01:00",
        )


@pytest.mark.anyio
async def test_tmp_is_listed_at_the_root_and_takes_files_without_being_made(home: World) -> None:
    async with Client(create_server(home)) as client:
        await call(client, "write_file", {"path": "/tmp/scratch.txt", "content": "x"})
        root = await call(client, "list_directory", {"path": "/"})
        assert (_names(root), root["items"][1]["item_count"]) == (["home", "tmp"], 1)
        scratch = await call(client, "list_directory", {"path": "/tmp"})
        assert [item["path"] for item in scratch["items"]] == ["/tmp/scratch.txt"]


@pytest.mark.anyio
async def test_a_listing_pages_and_sorts_by_newest_or_largest(home: World) -> None:
    async with Client(create_server(home)) as client:
        first = await call(client, "list_directory", {"path": "~/Documents", "limit": 3})
        rest = await call(client, "list_directory", {"path": "~/Documents", "cursor": first["next_cursor"]})
        assert (_names(first) + _names(rest), rest["next_cursor"], rest["total"]) == (
            ["archive", "long.txt", "plan.md", "report.pdf"],
            None,
            4,
        )
        newest = await call(client, "list_directory", {"path": "~/Documents", "sort": "modified"})
        assert _names(newest)[-1] == "plan.md"
        largest = await call(client, "list_directory", {"path": "~/Documents", "sort": "size", "limit": 1})
        assert _names(largest) == ["report.pdf"]
        photos = await call(client, "list_directory", {"path": "~/DCIM/Camera", "device": "phone"})
        assert photos["items"][0]["metadata"] == PHOTO


@pytest.mark.anyio
async def test_listing_errors_say_what_was_wrong_and_what_there_is(home: World) -> None:
    async with Client(create_server(home)) as client:
        assert "device 'tablet' does not exist; devices: laptop, phone" in await error(
            client, "list_directory", {"device": "tablet"}
        )
        assert "'/home/maya/Notes/lease.md' on device 'laptop' is a file, not a directory" in await error(
            client, "list_directory", {"path": "~/Notes/lease.md"}
        )
        assert "'/home/maya' holds: .bashrc, Documents/, Notes/" in await error(
            client, "list_directory", {"path": "~/Music"}
        )
        assert "goes above the root '/' of device 'laptop'" in await error(
            client, "list_directory", {"path": "../../.."}
        )
        assert "limit 0 is out of range; use 1 to 100" in await error(client, "list_directory", {"limit": 0})


@pytest.mark.anyio
async def test_read_file_gives_lines_by_offset_and_limit_and_says_what_follows(home: World) -> None:
    async with Client(create_server(home)) as client:
        part = await call(client, "read_file", {"path": "~/Documents/long.txt", "offset": 10, "limit": 3})
        assert (part["content"], part["first_line"], part["last_line"], part["total_lines"]) == (
            "line 11\nline 12\nline 13\n",
            11,
            13,
            300,
        )
        assert (part["truncated"], part["next_offset"]) == (True, 13)
        assert "call again with offset=13" in part["note"]
        default = await call(client, "read_file", {"path": "/home/maya/Documents/long.txt"})
        assert (default["last_line"], default["next_offset"]) == (200, 200)
        end = await call(client, "read_file", {"path": "Documents/long.txt", "offset": 200})
        assert (end["first_line"], end["last_line"], end["truncated"], end["next_offset"]) == (
            201,
            300,
            False,
            None,
        )
        whole = await call(client, "read_file", {"path": "~/Documents/plan.md"})
        assert whole["content"] == "# Plan\n\nPay the deposit before the lease starts.\n"
        assert (whole["total_lines"], whole["note"]) == (3, "")


@pytest.mark.anyio
async def test_reading_a_photo_answers_with_its_details_and_no_text(home: World) -> None:
    async with Client(create_server(home)) as client:
        photo = await call(client, "read_file", {"path": "~/DCIM/Camera/IMG_1.jpg", "device": "phone"})
    assert (photo["has_text"], photo["content"], photo["total_lines"], photo["metadata"]) == (
        False,
        "",
        0,
        PHOTO,
    )
    assert (
        photo["note"]
        == "IMG_1.jpg (image/jpeg, 4000000 bytes) has no text to show; its details are in metadata."
    )


@pytest.mark.anyio
async def test_read_file_refuses_directories_offsets_past_the_end_and_huge_limits(home: World) -> None:
    async with Client(create_server(home)) as client:
        assert "is a directory, not a file; list its contents instead" in await error(
            client, "read_file", {"path": "~/Documents"}
        )
        assert "offset 3 is past the end of '/home/maya/Documents/plan.md', which has 3 lines" in await error(
            client, "read_file", {"path": "~/Documents/plan.md", "offset": 3}
        )
        assert "offset -1 is negative" in await error(
            client, "read_file", {"path": "~/Documents/plan.md", "offset": -1}
        )
        assert "limit 5000 is out of range; use 1 to 2000 lines" in await error(
            client, "read_file", {"path": "~/Documents/plan.md", "limit": 5000}
        )
        assert (
            "no file or directory '/storage/emulated/0/Documents/plan.md' on device 'phone'"
            in await error(client, "read_file", {"path": "~/Documents/plan.md", "device": "phone"})
        )


# -- searching -----------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_search_by_name_pattern_in_any_case_under_a_directory(home: World) -> None:
    async with Client(create_server(home)) as client:
        assert _names(await call(client, "search_files", {"name_pattern": "*.MD"})) == ["lease.md", "plan.md"]
        scoped = await call(client, "search_files", {"name_pattern": "*.md", "directory": "~/Notes"})
        assert _names(scoped) == ["lease.md"]
        first = await call(
            client, "search_files", {"name_pattern": "*", "directory": "~/Documents", "limit": 2}
        )
        rest = await call(
            client,
            "search_files",
            {"name_pattern": "*", "directory": "~/Documents", "cursor": first["next_cursor"]},
        )
        assert sorted(_names(first) + _names(rest)) == ["archive", "long.txt", "plan.md", "report.pdf"]
        assert rest["next_cursor"] is None
        assert _names(await call(client, "search_files", {"name_pattern": ".bash*"})) == []
        hidden = await call(client, "search_files", {"name_pattern": ".bash*", "include_hidden": True})
        assert _names(hidden) == [".bashrc"]


@pytest.mark.anyio
async def test_search_by_words_finds_them_in_text_and_points_at_the_line(home: World) -> None:
    async with Client(create_server(home)) as client:
        hits = (await call(client, "search_files", {"query": "DEPOS"}))["items"]
        assert [(h["path"], h["match_line"], h["match_text"]) for h in hits] == [
            ("/home/maya/Documents/plan.md", 3, "Pay the deposit before the lease starts.")
        ]
        both = await call(client, "search_files", {"query": "lease"})
        assert _names(both) == ["lease.md", "plan.md"]
        assert _names(await call(client, "search_files", {"query": "lease deposit"})) == ["plan.md"]
        assert _names(await call(client, "search_files", {"query": "lease", "name_pattern": "plan*"})) == [
            "plan.md"
        ]
        assert _names(await call(client, "search_files", {"query": "nothing-like-it"})) == []


@pytest.mark.anyio
async def test_search_finds_photos_by_their_details(home: World) -> None:
    async with Client(create_server(home)) as client:
        hits = (await call(client, "search_files", {"query": "tiergarten", "device": "phone"}))["items"]
    assert [(h["name"], h["match_line"], h["match_text"]) for h in hits] == [
        ("IMG_1.jpg", None, "place: Tiergarten")
    ]


@pytest.mark.anyio
async def test_search_leaves_out_the_trash_and_refuses_paths_in_patterns(home: World) -> None:
    await home.apply("files.delete_file", {"path": "~/Documents/plan.md"})
    async with Client(create_server(home)) as client:
        assert _names(await call(client, "search_files", {"query": "deposit"})) == []
        assert "name pattern 'Notes/*.md' holds a '/'" in await error(
            client, "search_files", {"name_pattern": "Notes/*.md"}
        )
        assert "'/home/maya/Notes/lease.md' on device 'laptop' is a file, not a directory" in await error(
            client, "search_files", {"directory": "~/Notes/lease.md"}
        )


@pytest.mark.anyio
async def test_file_info_shows_lines_photo_details_and_whether_it_is_in_the_trash(home: World) -> None:
    async with Client(create_server(home)) as client:
        plan = await call(client, "get_file_info", {"path": "~/Documents/plan.md"})
        assert (plan["size"], plan["line_count"], plan["has_text"], plan["trashed"]) == (49, 3, True, False)
        assert plan["created_at"] == "2026-03-02T09:00:00+01:00"
        photo = await call(client, "get_file_info", {"path": "~/DCIM/Camera/IMG_1.jpg", "device": "phone"})
        assert (photo["metadata"], photo["has_text"], photo["line_count"]) == (PHOTO, False, None)
        docs = await call(client, "get_file_info", {"path": "~/Documents"})
        assert (docs["is_dir"], docs["item_count"]) == (True, 4)
        await call(client, "delete_file", {"path": "~/Documents/plan.md"})
        gone = await call(client, "get_file_info", {"path": "~/Documents/plan.md"})
        assert (gone["trashed"], gone["deleted_at"], gone["path"]) == (
            True,
            "2026-03-02T11:00:00+01:00",
            "/home/maya/Documents/plan.md",
        )
        assert "it was deleted at 2026-03-02T11:00:00+01:00 and is in the trash" in await error(
            client, "read_file", {"path": "~/Documents/plan.md"}
        )
        assert "no file or directory '/home/maya/nope.txt'" in await error(
            client, "get_file_info", {"path": "~/nope.txt"}
        )


# -- changing ------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_write_file_creates_overwrites_and_appends(home: World) -> None:
    async with Client(create_server(home)) as client:
        made = await call(client, "write_file", {"path": "~/todo.md", "content": "- milk\n"})
        assert (made["path"], made["size"], made["mime_type"], made["line_count"]) == (
            "/home/maya/todo.md",
            7,
            "text/markdown",
            1,
        )
        await call(client, "write_file", {"path": "~/todo.md", "content": "- eggs\n", "mode": "append"})
        assert (await call(client, "read_file", {"path": "~/todo.md"}))["content"] == "- milk\n- eggs\n"
        await call(client, "write_file", {"path": "~/todo.md", "content": "done\n", "mode": "overwrite"})
        assert (await call(client, "read_file", {"path": "~/todo.md"}))["content"] == "done\n"
        deep = await call(client, "write_file", {"path": "~/a/b/c.txt", "content": "x", "parents": True})
        assert deep["path"] == "/home/maya/a/b/c.txt"
        assert (
            "file '/home/maya/todo.md' exists already on device 'laptop'; use mode 'overwrite'"
            in await error(client, "write_file", {"path": "~/todo.md", "content": "again"})
        )
        assert "directory '/home/maya/x' does not exist on device 'laptop'" in await error(
            client, "write_file", {"path": "~/x/y.txt", "content": "y"}
        )
        assert "Input should be 'create', 'overwrite' or 'append'" in await error(
            client, "write_file", {"path": "~/z.txt", "content": "z", "mode": "replace"}
        )
    async with home.read() as tx:
        assert read_node(tx, "laptop", "~/todo.md").content == "done\n"


@pytest.mark.anyio
async def test_make_directory_makes_parents_and_accepts_one_that_exists(home: World) -> None:
    async with Client(create_server(home)) as client:
        made = await call(client, "make_directory", {"path": "~/Projects/2026/q1"})
        assert (made["path"], made["is_dir"], made["item_count"]) == ("/home/maya/Projects/2026/q1", True, 0)
        again = await call(client, "make_directory", {"path": "~/Projects/2026/q1"})
        assert again["path"] == made["path"]
        assert "directory '/home/maya/Projects/2026/q1' exists already" in await error(
            client, "make_directory", {"path": "~/Projects/2026/q1", "parents": False}
        )
        assert "'/home/maya/Notes/lease.md' on device 'laptop' is a file" in await error(
            client, "make_directory", {"path": "~/Notes/lease.md"}
        )


@pytest.mark.anyio
async def test_move_and_copy_keep_the_content_and_never_replace(home: World) -> None:
    async with Client(create_server(home)) as client:
        moved = await call(
            client, "move_file", {"source": "~/Notes/lease.md", "destination": "~/Documents/archive"}
        )
        assert moved["path"] == "/home/maya/Documents/archive/lease.md"
        renamed = await call(
            client, "move_file", {"source": moved["path"], "destination": "~/Documents/archive/l.md"}
        )
        assert renamed["name"] == "l.md"
        copy = await call(client, "copy_file", {"source": "~/Documents", "destination": "~/Backup"})
        assert (copy["path"], copy["item_count"]) == ("/home/maya/Backup", 4)
        read = await call(client, "read_file", {"path": "~/Backup/archive/l.md"})
        assert read["content"] == "Lease signed.\n"
        assert "'/home/maya/Documents/plan.md' exists already" in await error(
            client, "copy_file", {"source": "~/Backup/plan.md", "destination": "~/Documents/plan.md"}
        )
        assert "cannot move directory '/home/maya/Documents' into itself" in await error(
            client, "move_file", {"source": "~/Documents", "destination": "~/Documents/archive"}
        )
        assert "no file or directory '/home/maya/Notes/lease.md'" in await error(
            client, "copy_file", {"source": "~/Notes/lease.md", "destination": "~/x.md"}
        )


@pytest.mark.anyio
async def test_delete_moves_to_the_trash_and_restore_puts_it_back(home: World) -> None:
    async with Client(create_server(home)) as client:
        deleted = await call(client, "delete_file", {"path": "~/Documents"})
        assert (deleted["original_path"], deleted["is_dir"], deleted["item_count"]) == (
            "/home/maya/Documents",
            True,
            4,
        )
        await call(client, "delete_file", {"path": "~/Notes/lease.md"})
        trash = await call(client, "list_trash", {})
        assert [t["original_path"] for t in trash["items"]] == [
            "/home/maya/Notes/lease.md",
            "/home/maya/Documents",
        ]
        assert _names(await call(client, "list_directory", {})) == ["Notes"]
        restored = await call(client, "restore_file", {"path": "~/Documents"})
        assert (restored["path"], restored["trashed"], restored["item_count"]) == (
            "/home/maya/Documents",
            False,
            4,
        )
        assert (await call(client, "read_file", {"path": "~/Documents/plan.md"}))["total_lines"] == 3
        assert "nothing at '/home/maya/Documents' is in the trash of device 'laptop'" in await error(
            client, "restore_file", {"path": "~/Documents"}
        )
        assert "no file or directory '/home/maya/Music' on device 'laptop' to delete" in await error(
            client, "delete_file", {"path": "~/Music"}
        )


@pytest.mark.anyio
async def test_empty_trash_deletes_for_good(home: World) -> None:
    async with Client(create_server(home)) as client:
        await call(client, "delete_file", {"path": "~/Documents"})
        assert await call(client, "empty_trash", {}) == {"device": "laptop", "removed": 5}
        assert (await call(client, "list_trash", {}))["items"] == []
        assert await call(client, "empty_trash", {"device": "phone"}) == {"device": "phone", "removed": 0}
        assert "device 'tablet' does not exist" in await error(client, "empty_trash", {"device": "tablet"})
    assert (
        home.conn.execute("SELECT count(*) FROM file_node WHERE path LIKE '%/Documents%'").fetchone()[0] == 0
    )


@pytest.mark.anyio
async def test_sync_copies_to_the_same_place_under_the_other_devices_home(home: World) -> None:
    async with Client(create_server(home)) as client:
        synced = await call(client, "sync_file_to_device", {"path": "~/Documents/plan.md"})
        assert (synced["device"], synced["path"]) == ("phone", "/storage/emulated/0/Documents/plan.md")
        photo = await call(
            client,
            "sync_file_to_device",
            {
                "path": "~/DCIM/Camera/IMG_1.jpg",
                "device": "phone",
                "to_device": "laptop",
                "to_path": "~/Documents",
            },
        )
        assert (photo["path"], photo["metadata"]) == ("/home/maya/Documents/IMG_1.jpg", PHOTO)
        assert "from_device and to_device are both 'laptop'" in await error(
            client, "sync_file_to_device", {"path": "~/Documents/plan.md", "to_device": "laptop"}
        )
        assert "device 'tablet' does not exist" in await error(
            client, "sync_file_to_device", {"path": "~/Documents/plan.md", "to_device": "tablet"}
        )
    async with home.read() as tx:
        assert read_node(tx, "phone", "~/Documents/plan.md").content.startswith("# Plan")


@pytest.mark.anyio
async def test_failed_calls_change_nothing(home: World) -> None:
    failing: list[tuple[str, dict[str, Any]]] = [
        ("write_file", {"path": "~/Documents/plan.md", "content": "x"}),
        ("write_file", {"path": "/", "content": "x"}),
        ("make_directory", {"path": "~/Documents/plan.md/sub"}),
        ("move_file", {"source": "~/Documents", "destination": "~/Notes/lease.md"}),
        ("copy_file", {"source": "~/Documents", "destination": "~/Documents/archive/in"}),
        ("delete_file", {"path": "~/../../.."}),
        ("restore_file", {"path": "~/Documents/plan.md"}),
        ("sync_file_to_device", {"path": "~/Notes", "to_path": "~/DCIM/Camera/IMG_1.jpg"}),
        ("empty_trash", {"device": "tablet"}),
    ]
    async with Client(create_server(home)) as client:
        for tool, arguments in failing:
            await error(client, tool, arguments)
    assert home.diff().changes == []


# -- binary files ------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_binary_file_keeps_its_bytes_through_copy_sync_mail_and_save(world: World) -> None:
    pdf = render_pdf(
        Page("Invoice 4711", "Shop", NOW).add("title", "Invoice 4711").add("text", "Total €42.00")
    )
    await world.apply("mail.add_account", {"address": "maya@lumen.io", "display_name": "Maya Lin"})
    await _write(world, "~/Downloads/invoice.pdf", **pdf.write_args())
    await world.apply("files.make_directory", {"path": "~/Documents"})
    async with Client(create_server(world)) as client:
        await call(client, "copy_file", {"source": "~/Downloads/invoice.pdf", "destination": "~/Documents"})
        await call(
            client,
            "sync_file_to_device",
            {"path": "~/Documents/invoice.pdf", "from_device": "laptop", "to_device": "phone"},
        )
        read = await call(client, "read_file", {"path": "~/Documents/invoice.pdf", "device": "phone"})
    async with Client(create_mail_server(world)) as client:
        sent = await call(
            client,
            "send_email",
            {
                "to": ["eva@example.org"],
                "subject": "Invoice",
                "body": "Here it is.",
                "attachments": [{"device": "phone", "path": "~/Documents/invoice.pdf"}],
            },
        )
        attachment = sent["attachments"][0]["id"]
        await call(
            client, "save_email_attachment", {"attachment_id": attachment, "path": "~/Documents/back.pdf"}
        )
    async with world.read() as tx:
        synced = read_node(tx, "phone", "~/Documents/invoice.pdf")
        saved = read_node(tx, "laptop", "~/Documents/back.pdf")
    assert synced.data == saved.data == pdf.data
    assert (saved.size, saved.mime_type, saved.content) == (len(pdf.data), "application/pdf", pdf.content)
    assert read["has_text"] and "Total €42.00" in read["content"]
    assert f"application/pdf, {len(pdf.data)} bytes" in read["note"]
    assert PdfReader(io.BytesIO(saved.data or b"")).pages[0].extract_text().startswith("Invoice 4711")


@pytest.mark.anyio
async def test_a_photo_has_no_text_but_its_type_and_size(world: World) -> None:
    await _write(world, "~/p.jpg", data=base64.b64encode(b"\xff\xd8\xff\xe0 not much").decode())
    async with Client(create_server(world)) as client:
        read = await call(client, "read_file", {"path": "~/p.jpg"})
    assert (read["has_text"], read["size"], read["mime_type"]) == (False, 13, "image/jpeg")
    assert "image/jpeg, 13 bytes" in read["note"]
