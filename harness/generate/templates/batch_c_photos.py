"""Multi-device template: free the phone of one day's photos that the laptop already has."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, ClassVar

from harness.generate.base import Context
from harness.generate.templates.batch_c_common import (
    day_name,
    home,
    live_path,
    write_file,
)
from harness.tasks.model import Category, Task


def _photo_day(ctx: Context, base: str) -> tuple[datetime, dict[str, str]] | None:
    """A recent day whose photos the laptop holds only as good copies (same size), and the phone paths of
    that day's photos already backed up by name (counting back from two days before the cut-off)."""
    local = ctx.at.astimezone(ctx.tz)
    for back in range(2, 14):
        day = local - timedelta(days=back)
        like = f"IMG_{day.strftime('%Y%m%d')}_%"
        phone = {
            str(r["name"]): (str(r["path"]), int(r["size"]))
            for r in ctx.rows(
                "SELECT name, path, size FROM file_node WHERE device = 'phone' AND name LIKE ? AND trashed_at IS NULL",
                like,
            )
        }
        laptop = ctx.rows(
            "SELECT name, path, size FROM file_node WHERE device = 'laptop' AND name LIKE ? AND trashed_at IS NULL",
            like,
        )
        copies = {
            str(r["name"]): int(r["size"])
            for r in laptop
            if str(r["path"]) == f"{base}/Pictures/Phone/{r['name']}"
        }
        if len(copies) != len(laptop) or any(
            n in phone and phone[n][1] != size for n, size in copies.items()
        ):
            continue
        backed = {n: phone[n][0] for n in copies if n in phone}
        if len(backed) <= 6:
            return day, backed
    return None


class ClearBackedUpPhotos:
    """Free phone space: delete one day's photos that the laptop already has. Hard: one laptop copy is
    broken (too small) — that photo stays on the phone and is copied over again, and named in the answer."""

    id: ClassVar[str] = "multi-device-clear-backed-up-photos"
    category: ClassVar[Category] = "multi-device"

    def make(self, ctx: Context) -> Task | None:
        base, phone = home(ctx), home(ctx, "phone")
        if base is None or phone is None:
            return None
        found = _photo_day(ctx, base)
        if found is None:
            return None
        day, already = found
        place = ctx.pick(ctx.persona.life.places)
        count = 7 if ctx.hard else 5
        backed = 4 if ctx.hard else 3
        moments = sorted(ctx.sample(range(10 * 3600, 19 * 3600), count))
        midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
        names = [f"IMG_{(midnight + timedelta(seconds=s)).strftime('%Y%m%d_%H%M%S')}.jpg" for s in moments]
        if any(live_path(ctx, "phone", f"{phone}/DCIM/Camera/{n}") for n in names):
            return None
        sizes = [ctx.rng.randrange(2_000_000, 6_500_000) for _ in names]
        chosen = set(ctx.sample(range(count), backed))
        broken = min(chosen) if ctx.hard else -1
        setup: list[dict[str, Any]] = []
        for index, (name, size) in enumerate(zip(names, sizes, strict=True)):
            taken = midnight + timedelta(seconds=moments[index])
            meta = {
                "camera": ctx.persona.life.camera,
                "place": place,
                "subject": ctx.pick(ctx.persona.life.photo_subjects),
                "taken_at": ctx.local(taken),
            }
            setup.append(
                write_file(
                    ctx.local(taken),
                    f"~/DCIM/Camera/{name}",
                    "",
                    device="phone",
                    size=size,
                    mime_type="image/jpeg",
                    metadata=meta,
                )
            )
            if index in chosen:
                copy_size = size // 3 if index == broken else size
                setup.append(
                    write_file(
                        ctx.before(24 * 60),
                        f"~/Pictures/Phone/{name}",
                        "",
                        size=copy_size,
                        mime_type="image/jpeg",
                        metadata=meta,
                    )
                )
        gone = [n for i, n in enumerate(names) if i in chosen and i != broken]
        paths = {n: f"~/DCIM/Camera/{n}" for n in gone} | already
        gone = sorted(paths)
        pattern = "^(" + "|".join(re.escape(n) for n in gone) + ")$"
        when = day_name(day)
        instruction = ctx.pick(
            (
                f"my phone is full. delete the photos from {when} off the phone, but only the ones that are already on the laptop in Pictures/Phone",
                f"free some space on my phone: the {when} photos that are backed up in ~/Pictures/Phone on the laptop can go from the phone. keep the rest",
            )
        )
        where = {"device": {"equals": "phone"}, "name": {"regex": pattern}}
        final: list[dict[str, Any]] = [
            {
                "description": f"the {len(gone)} backed-up photos of {when} are gone from the phone (bin or not)",
                "table": "file_node",
                "where": {**where, "trashed_at": {"empty": True}},
                "count": 0,
            }
        ]
        tolerated: list[dict[str, Any]] = [
            {"table": "file_node", "kind": "update", "where": {**where, "trashed_at": {"empty": False}}},
            {"table": "file_node", "kind": "delete", "where": where},
        ]
        steps: list[dict[str, Any]] = [
            {
                "service": "files",
                "tool": "search_files",
                "args": {"name_pattern": f"IMG_{day.strftime('%Y%m%d')}_*", "device": "phone"},
            },
            {
                "service": "files",
                "tool": "list_directory",
                "args": {"path": "~/Pictures/Phone", "sort": "modified"},
            },
            *(
                {"service": "files", "tool": "delete_file", "args": {"path": paths[n], "device": "phone"}}
                for n in gone
            ),
        ]
        bad = names[broken] if ctx.hard else ""
        recopy = f"{base}/Pictures/Phone/{bad}"
        forbidden: list[dict[str, Any]] = [
            {
                "description": "no other phone photo is deleted or changed",
                "table": "file_node",
                "kind": "update",
                "where": {"device": {"equals": "phone"}, "name": {"regex": f"^(?!{pattern[1:-1]}$)"}},
            },
            {
                "description": "nothing else is deleted for good",
                "table": "file_node",
                "kind": "delete",
                "where": {"name": {"regex": f"^(?!{pattern[1:-1]}$)"}},
            },
            {
                "description": "nothing is copied to the laptop that was not asked for",
                "table": "file_node",
                "kind": "insert",
                "where": {"path": {"regex": f"^(?!{re.escape(recopy)}$)"}} if ctx.hard else {},
            },
        ]
        answer: list[dict[str, Any]] = []
        oracle_answer = (
            f"I moved {len(gone)} photos from {when} that the laptop already has to the phone's trash."
        )
        if ctx.hard:
            instruction += ". if a laptop copy isn't the same size as the phone's, don't delete that one — copy it over again and tell me which"
            copy = {"device": {"equals": "laptop"}, "path": {"equals": recopy}}
            final.append(
                {
                    "description": f"the broken laptop copy of {bad} is copied again, full size",
                    "table": "file_node",
                    "where": {**copy, "size": {"equals": sizes[broken]}, "trashed_at": {"empty": True}},
                }
            )
            tolerated += [
                {"table": "file_node", "kind": kind, "where": copy} for kind in ("update", "insert")
            ]
            steps.append(
                {
                    "service": "files",
                    "tool": "sync_file_to_device",
                    "args": {
                        "path": f"~/DCIM/Camera/{bad}",
                        "device": "phone",
                        "to_device": "laptop",
                        "to_path": "~/Pictures/Phone",
                    },
                }
            )
            answer.append({"description": "names the broken copy", "regex": bad[13:19]})
            oracle_answer += (
                f" The laptop copy of {bad} was broken, so I copied it again and kept it on the phone."
            )
        else:
            forbidden.append(
                {
                    "description": "nothing on the laptop changes",
                    "table": "file_node",
                    "kind": "update",
                    "where": {"device": {"equals": "laptop"}},
                }
            )
        return ctx.task(
            title=f"Delete the {when} photos the laptop already has from the phone",
            category="multi-device",
            services=["files"],
            instruction=instruction,
            setup=setup,
            expect={
                "final": final,
                "tolerated": tolerated,
                "forbidden": forbidden,
                "answer": answer,
            },
            oracle={"steps": steps, "answer": oracle_answer},
        )
