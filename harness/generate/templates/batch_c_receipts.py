"""Files template: rename scanned receipts by the date and shop written on them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, ClassVar

from harness.generate.base import Context
from harness.generate.templates.batch_c_common import home, write_file
from harness.tasks.model import Category, Task

_RENAMED = r"^(scan_\d+|\d{4}-\d{2}-\d{2}.*)\.txt$"


class RenameByDate:
    """Scanned receipts in a folder carry the scanner's names; rename each to its date and shop. Hard: more
    receipts, dates written the German/European way inside, and a note in the folder that stays as it is."""

    id: ClassVar[str] = "files-rename-receipts"
    category: ClassVar[Category] = "files"

    def make(self, ctx: Context) -> Task | None:
        base = home(ctx)
        shops = [s for s in dict.fromkeys(ctx.persona.life.shops) if "/" not in s]
        count = 4 if ctx.hard else 2
        if base is None or len(shops) < count:
            return None
        folder = f"Downloads/scans-{ctx.at.strftime('%m-%d')}"
        if ctx.row("SELECT 1 FROM file_node WHERE device = 'laptop' AND path = ?", f"{base}/{folder}"):
            return None
        local = ctx.at.astimezone(ctx.tz)
        setup: list[dict[str, Any]] = []
        final: list[dict[str, Any]] = []
        numbers = ctx.sample(range(100, 999), count)
        for index, shop in enumerate(ctx.sample(shops, count)):
            day = (local - timedelta(days=3 + 4 * index)).date()
            written = day.strftime("%d.%m.%Y") if ctx.hard else day.isoformat()
            amount = f"{ctx.rng.randrange(5, 180)}.{ctx.rng.randrange(10, 99)}"
            name = f"scan_{numbers[index]:04d}.txt"
            content = f"RECEIPT\nShop: {shop}\nDate: {written}\nTotal: {amount}\n"
            setup.append(write_file(ctx.before(60 + index), f"~/{folder}/{name}", content))
            target = (
                f"^{re.escape(base)}/{re.escape(folder)}/{day.isoformat()}[ _-]+(?i:{re.escape(shop)})\\.txt$"
            )
            final.append(
                {
                    "description": f"{name} is now {day.isoformat()} {shop}.txt",
                    "table": "file_node",
                    "where": {
                        "device": {"equals": "laptop"},
                        "path": {"regex": target},
                        "content": {"contains": f"Total: {amount}"},
                        "trashed_at": {"empty": True},
                    },
                }
            )
        scans = f"^{re.escape(base)}/{re.escape(folder)}/scan_\\d+\\.txt$"
        final.append(
            {
                "description": "no scanner names are left",
                "table": "file_node",
                "where": {
                    "device": {"equals": "laptop"},
                    "path": {"regex": scans},
                    "trashed_at": {"empty": True},
                },
                "count": 0,
            }
        )
        if ctx.hard:
            setup.append(
                write_file(
                    ctx.before(30), f"~/{folder}/README.txt", "Scanned with the phone app. Receipts only.\n"
                )
            )
        example = f"{local.year}-01-05 Corner Shop.txt"
        instruction = ctx.pick(
            (
                f"the receipts I scanned are in ~/{folder} with useless names. rename each one to its date and shop, like '{example}'",
                f"rename the scans in my {folder} folder by the date and shop on each receipt — e.g. {example}",
            )
        )
        forbidden: list[dict[str, Any]] = [
            {
                "description": "nothing but the scans is deleted",
                "table": "file_node",
                "kind": "delete",
                "where": {"name": {"regex": "^(?!scan_\\d+\\.txt$)"}},
            }
        ]
        if ctx.hard:
            forbidden.append(
                {
                    "description": "the README stays as it is",
                    "table": "file_node",
                    "kind": "update",
                    "where": {"name": {"equals": "README.txt"}},
                }
            )
        return ctx.task(
            title=f"Rename the scanned receipts in ~/{folder}",
            category="files",
            services=["files", "shell"],
            instruction=instruction,
            setup=setup,
            expect={
                "final": final,
                "tolerated": [
                    {"table": "file_node", "kind": "update", "where": {"name": {"regex": _RENAMED}}},
                    {
                        "table": "file_node",
                        "kind": "insert",
                        "where": {"path": {"regex": f"^{re.escape(base)}/{re.escape(folder)}/"}},
                    },
                ],
                "forbidden": forbidden,
            },
            oracle={
                "steps": [
                    {"service": "files", "tool": "list_directory", "args": {"path": f"~/{folder}"}},
                    *(
                        {
                            "service": "files",
                            "tool": "move_file",
                            "args": {"source": event["args"]["path"], "destination": _renamed(event, folder)},
                        }
                        for event in setup
                        if "scan_" in event["args"]["path"]
                    ),
                ],
                "answer": f"I renamed the {count} receipts in ~/{folder} to their date and shop.",
            },
        )


def _renamed(event: dict[str, Any], folder: str) -> str:
    fields = dict(line.split(": ", 1) for line in str(event["args"]["content"]).splitlines() if ": " in line)
    written = fields["Date"]
    if "." in written:
        day, month, year = written.split(".")
        written = f"{year}-{month}-{day}"
    return f"~/{folder}/{written} {fields['Shop']}.txt"
