"""A laptop home rich enough for the differential and adversarial corpora, made through the world's own
operations: documents with text, nested directories, hidden files, an empty file and an empty directory,
a name with a space, several file types and modification times from last May to this morning."""

from __future__ import annotations

from datetime import datetime

from state.world import World
from tests.conftest import BERLIN, NOW

_NOTES = """Meeting notes 2026-02-20
- budget review with Jonas
- TODO: send the report to Eva
- the Budget is due Friday
Ideas:
  rename the project
  TODO: book flights to Lisbon
"""
_TODO = """# To do
- [ ] renew passport
- [x] pay rent
- [ ] call Ana about the budget
- [ ] backup photos
"""
_BUDGET = """category,month,amount
rent,jan,1200
food,jan,340
travel,jan,95
rent,feb,1200
food,feb,310
travel,feb,480
"""
_LOG = "".join(
    f"2026-03-01 {8 + i // 6:02d}:{(i * 7) % 60:02d}:00 {level} {message}\n"
    for i, (level, message) in enumerate(
        [
            ("INFO", "server started"),
            ("INFO", "user maya logged in"),
            ("WARN", "disk usage at 81%"),
            ("INFO", "backup finished"),
            ("ERROR", "connection refused: db01"),
            ("INFO", "user maya logged in"),
            ("ERROR", "connection refused: db01"),
            ("INFO", "cache cleared"),
            ("WARN", "slow query: 2300 ms"),
            ("INFO", "user jonas logged in"),
            ("ERROR", "timeout talking to payments"),
            ("INFO", "server stopped"),
        ]
        * 2
    )
)
_NAMES = "eva\njonas\nana\nmaya\njonas\nEva\nana\nana\nbob\n"
_REPORT = "# Quarterly report\n\n" + "".join(
    f"## Section {n}\nRevenue grew by {n * 3} percent in region {n % 4}. Costs stayed flat.\n\n"
    for n in range(1, 260)
)
_FILES: list[tuple[str, str, datetime]] = [
    (".bashrc", "# ~/.bashrc\nexport EDITOR=nano\nalias ll='ls -la'\n", datetime(2025, 9, 1, 12, 0)),
    (".config/app.conf", "[user]\nname = Maya Lin\nemail = maya@lumen.io\n", datetime(2026, 1, 5, 10, 0)),
    ("Documents/notes.txt", _NOTES, datetime(2026, 2, 20, 14, 30)),
    ("Documents/todo.md", _TODO, datetime(2026, 2, 27, 18, 5)),
    ("Documents/budget.csv", _BUDGET, datetime(2026, 2, 10, 9, 15)),
    ("Documents/My Notes.txt", "a file whose name has a space\n", datetime(2026, 2, 1, 8, 0)),
    ("Documents/empty.txt", "", datetime(2026, 1, 20, 7, 45)),
    ("Documents/archive/taxes-2024.txt", "Taxes 2024\nrefund: 412 EUR\n", datetime(2025, 5, 12, 16, 20)),
    (
        "Documents/letters/to-jonas.txt",
        "Hi Jonas,\nthe budget looks fine.\nSee you Friday,\nMaya\n",
        datetime(2026, 2, 21, 11, 0),
    ),
    (
        "Documents/letters/to-eva.txt",
        "Liebe Eva,\nGrüße aus Berlin!\nThe report follows next week.\nMaya\n",
        datetime(2026, 2, 25, 19, 40),
    ),
    (
        "Projects/website/index.html",
        "<!doctype html>\n<html>\n<head><title>Maya Lin</title></head>\n<body>\n<h1>Hello</h1>\n"
        '<script src="app.js"></script>\n</body>\n</html>\n',
        datetime(2026, 2, 14, 22, 10),
    ),
    (
        "Projects/website/style.css",
        "body { margin: 0; }\nh1 { color: #333; }\n",
        datetime(2026, 2, 14, 22, 5),
    ),
    (
        "Projects/website/app.js",
        "// TODO: handle errors\nconst greet = (name) => `Hello ${name}`;\nconsole.log(greet('Maya'));\n",
        datetime(2026, 2, 15, 9, 30),
    ),
    ("Projects/website/README.md", "# Website\nStatic site. TODO: deploy\n", datetime(2026, 2, 12, 13, 0)),
    (
        "Projects/scripts/backup.sh",
        '#!/bin/bash\n# copy documents to the backup disk\nsrc="$HOME/Documents"\necho "backing up $src"\n',
        datetime(2026, 1, 30, 17, 0),
    ),
    (
        "Projects/scripts/data.json",
        '{"name": "maya", "items": [1, 2, 3], "active": true}\n',
        datetime(2026, 2, 2, 10, 0),
    ),
    ("logs/app.log", _LOG, datetime(2026, 3, 1, 23, 59)),
    ("names.txt", _NAMES, datetime(2026, 2, 28, 12, 0)),
    ("Documents/report.md", _REPORT, datetime(2026, 2, 24, 16, 45)),
    ("Documents/no-newline.txt", "first line\nlast line without newline", datetime(2026, 2, 23, 10, 0)),
    ("Downloads/windows.txt", "line one\r\nline two\r\n", datetime(2026, 2, 22, 9, 30)),
    ("Downloads/receipt-0042.txt", "Receipt 0042\nTotal: 23.50 EUR\nPaid\n", datetime(2026, 2, 26, 15, 0)),
]
_DEVICES_ADDED = datetime(2025, 4, 1, 8, 0, tzinfo=BERLIN)
_DIRECTORIES: list[tuple[str, datetime]] = [
    (".config", datetime(2025, 9, 1, 12, 0)),
    ("Documents", datetime(2026, 1, 5, 9, 0)),
    ("Documents/archive", datetime(2025, 5, 12, 16, 0)),
    ("Documents/letters", datetime(2026, 2, 21, 10, 0)),
    ("Documents/drafts", datetime(2026, 2, 3, 9, 0)),
    ("Projects", datetime(2026, 1, 10, 9, 0)),
    ("Projects/website", datetime(2026, 2, 12, 12, 0)),
    ("Projects/scripts", datetime(2026, 1, 30, 16, 0)),
    ("logs", datetime(2026, 1, 2, 8, 0)),
    ("Downloads", datetime(2026, 1, 3, 8, 0)),
]


async def sample_world() -> World:
    """The tests' base world (as ``new_world`` makes it) with the sample home on the laptop, tracking
    changes. The devices are added weeks before now: GNU ``ls -l`` shows a time equal to now with its
    year, an edge no person meets and the corpus should not hinge on."""
    world = World.create(now=_DEVICES_ADDED, timezone="Europe/Berlin", persona="test", seed=0, tracking=False)
    await world.apply("world.set_user", {"name": "Maya Lin", "email": "maya@lumen.io", "workplace": "Lumen"})
    for device, kind, home in (("laptop", "laptop", "/home/maya"), ("phone", "phone", "/storage/emulated/0")):
        await world.apply(
            "world.add_device",
            {"id": device, "name": f"Maya's {kind}", "kind": kind, "os": "Linux", "home": home,
             "hostname": f"maya-{kind}"},
        )  # fmt: skip
    for path, when in _DIRECTORIES:
        world.set_clock(when.replace(tzinfo=BERLIN))
        await world.apply("files.make_directory", {"path": f"~/{path}", "device": "laptop"})
    for path, content, when in _FILES:
        world.set_clock(when.replace(tzinfo=BERLIN))
        await world.apply("files.write_file", {"path": f"~/{path}", "content": content, "device": "laptop"})
    world.set_clock(datetime(2026, 2, 1, 9, 0, tzinfo=BERLIN))
    await world.apply(
        "files.write_file",
        {"path": "~/DCIM/IMG_0001.jpg", "content": "", "device": "phone", "parents": True, "size": 2048},
    )
    world.set_clock(NOW)
    world.start_tracking()
    return world
