"""Shell templates: total a column of CSV files into a summary file; sort a downloads folder into
subfolders by file type."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from harness.generate.base import Context
from harness.generate.templates.batch_d_common import DAY, home, keyword, slug, terms, write
from harness.tasks.model import Category, Task

_CATEGORIES: tuple[str, ...] = ("travel", "food", "software", "printing", "equipment", "postage")
_MONTHS = ("january", "february", "march")


class CsvTotals:
    """Expense CSV files: total one category of one file and write it down. Hard: every category
    across several files (each with its own header), as a summary file."""

    id: ClassVar[str] = "shell-csv-totals"
    category: ClassVar[Category] = "shell"

    def make(self, ctx: Context) -> Task | None:
        laptop = home(ctx)
        if laptop is None or not ctx.persona.storylines:
            return None
        story = ctx.pick(ctx.persona.storylines)
        folder = f"Documents/{slug(keyword(story.title))}-costs"
        categories = ctx.sample(_CATEGORIES, 4 if ctx.hard else 3)
        files = _MONTHS if ctx.hard else _MONTHS[:1]
        totals: dict[str, int] = dict.fromkeys(categories, 0)
        setup: list[dict[str, Any]] = []
        for number, month in enumerate(files):
            lines = ["date,category,amount"]
            for row in range(ctx.rng.randrange(6, 10)):
                category = ctx.pick(categories)
                amount = ctx.rng.randrange(5, 400)
                totals[category] += amount
                lines.append(f"2026-{number + 1:02d}-{row * 3 + 1:02d},{category},{amount}")
            setup.append(
                write(ctx, f"~/{folder}/{month}.csv", "\n".join(lines) + "\n", (30 - number * 7) * DAY)
            )
        base = f"{laptop}/{folder}"
        if ctx.hard:
            return self._hard(ctx, folder, base, setup, totals)
        category = ctx.pick([c for c in categories if totals[c] > 0])
        total = totals[category]
        out = f"{category}-total.txt"
        instruction = ctx.pick(
            (
                f"how much did I spend on {category} according to ~/{folder}/{files[0]}.csv? put the total in ~/{folder}/{out} and tell me",
                f"add up the {category} amounts in ~/{folder}/{files[0]}.csv, write the total to ~/{folder}/{out}",
            )
        )
        command = f"cd ~/{folder} && awk -F, '$2 == \"{category}\" {{s += $3}} END {{print s}}' {files[0]}.csv > {out} && cat {out}"
        return ctx.task(
            title=f"Total the {category} expenses in a CSV",
            category="shell",
            services=["shell"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": [
                    {
                        "description": f"{out} with the total",
                        "table": "file_node",
                        "kind": "insert",
                        "where": {
                            "path": {"equals": f"{base}/{out}"},
                            "content": {"regex": rf"(?<![\d.]){total}(\.0+)?(?!\d)"},
                        },
                    }
                ],
                "forbidden": [
                    {"description": "the CSV is not changed", "table": "file_node", "kind": "update"},
                    {"description": "nothing deleted", "table": "file_node", "kind": "delete"},
                ],
                "answer": [{"description": "the total", "regex": rf"(?<![\d.]){total}(?!\d)"}],
            },
            oracle={
                "steps": [
                    {
                        "service": "shell",
                        "tool": "run_command",
                        "args": {"command": f"head -3 ~/{folder}/{files[0]}.csv"},
                    },
                    {"service": "shell", "tool": "run_command", "args": {"command": command}},
                ],
                "answer": f"You spent {total} on {category}; it's written in ~/{folder}/{out}.",
            },
        )

    def _hard(
        self, ctx: Context, folder: str, base: str, setup: list[dict[str, Any]], totals: dict[str, int]
    ) -> Task:
        instruction = ctx.pick(
            (
                f"total each category across all the CSVs in ~/{folder} and write it to ~/{folder}/summary.csv, one 'category,total' line each",
                f"I need a summary of ~/{folder}: per category, the sum of the amounts over all months, saved as summary.csv in that folder (category,total)",
            )
        )
        command = (
            f"cd ~/{folder} && awk -F, 'FNR > 1 && NF >= 3 {{s[$2] += $3}} END {{for (c in s) print c \",\" s[c]}}' "
            "january.csv february.csv march.csv | sort > summary.csv && cat summary.csv"
        )
        lines = "".join(rf"(?=.*^\W*{c}\W*[,;:\t ]\s*{t}(\.0+)?\s*$)" for c, t in totals.items() if t > 0)
        return ctx.task(
            title="Total the expense categories across the monthly CSVs",
            category="shell",
            services=["shell"],
            instruction=instruction,
            setup=setup,
            expect={
                "changes": [
                    {
                        "description": "summary.csv with every category's total",
                        "table": "file_node",
                        "kind": "insert",
                        "where": {
                            "path": {"equals": f"{base}/summary.csv"},
                            "content": {"regex": f"(?ims)^{lines}"},
                        },
                    }
                ],
                "forbidden": [
                    {"description": "the CSVs are not changed", "table": "file_node", "kind": "update"},
                    {"description": "nothing deleted", "table": "file_node", "kind": "delete"},
                ],
            },
            oracle={
                "steps": [
                    {
                        "service": "shell",
                        "tool": "run_command",
                        "args": {"command": f"ls ~/{folder} && head -3 ~/{folder}/january.csv"},
                    },
                    {"service": "shell", "tool": "run_command", "args": {"command": command}},
                ],
                "answer": "Totals: "
                + ", ".join(f"{c} {t}" for c, t in sorted(totals.items()))
                + f" — in ~/{folder}/summary.csv.",
            },
        )


_KINDS_SIMPLE = {"pdf": "pdf", "jpg": "images", "png": "images"}
_KINDS_HARD = {
    "pdf": "pdf",
    "jpg": "images",
    "JPG": "images",
    "png": "images",
    "zip": "archives",
    "docx": "documents",
}
_STEMS = ("scan", "invoice", "photo", "screenshot", "ticket", "slides", "notes", "backup", "form", "map")


class TidyDownloads:
    """Sort a downloads folder into subfolders by file type with the shell. Hard: more types, upper-case
    extensions, names with spaces, and text files that stay where they are."""

    id: ClassVar[str] = "shell-tidy-downloads"
    category: ClassVar[Category] = "shell"

    def make(self, ctx: Context) -> Task | None:
        laptop = home(ctx)
        if laptop is None or not ctx.persona.storylines:
            return None
        term = slug(keyword(ctx.pick(terms(ctx.pick(ctx.persona.storylines)))))
        folder = f"Downloads/{term}-inbox"
        kinds = _KINDS_HARD if ctx.hard else _KINDS_SIMPLE
        setup: list[dict[str, Any]] = []
        moved: list[tuple[str, str]] = []
        stems = ctx.sample(_STEMS, 8 if ctx.hard else 5)
        extensions = list(kinds)
        for index, stem in enumerate(stems):
            extension = extensions[index % len(extensions)]
            name = (
                f"{stem} {term} {index + 1}.{extension}"
                if ctx.hard and index % 2
                else f"{stem}-{term}-{index + 1}.{extension}"
            )
            moved.append((name, kinds[extension]))
            setup.append(write(ctx, f"~/{folder}/{name}", "", (20 - index) * DAY, size=5000 + index * 1311))
        stay: list[str] = []
        if ctx.hard:
            stay = [f"readme-{term}.txt", "todo.txt"]
            setup += [write(ctx, f"~/{folder}/{name}", "keep me here\n", 3 * DAY) for name in stay]
        base = f"{laptop}/{folder}"
        folders = sorted(set(kinds.values()))
        plan = ", ".join(
            f"{' and '.join(sorted({e.lower() for e, f in kinds.items() if f == target}))} into {target}/"
            for target in folders
        )
        instruction = ctx.pick(
            (
                f"tidy up ~/{folder} with the shell: {plan}",
                f"sort the files in ~/{folder} into subfolders by type — {plan}",
            )
        )
        if ctx.hard:
            instruction += ". leave the .txt files where they are"
        steps: list[dict[str, Any]] = [
            {
                "service": "shell",
                "tool": "run_command",
                "args": {"command": f"cd ~/{folder} && ls && mkdir -p {' '.join(folders)}"},
            }
        ]
        for target in folders:
            names = " ".join(f"'{n}'" for n, f in moved if f == target)
            steps.append(
                {
                    "service": "shell",
                    "tool": "run_command",
                    "args": {"command": f"cd ~/{folder} && mv -- {names} {target}/"},
                }
            )
        types = "|".join(sorted({e.lower() for e in kinds}))
        final: list[dict[str, Any]] = [
            {
                "description": "every file is in its type's folder",
                "table": "file_node",
                "where": {
                    "path": {"one_of": [f"{base}/{f}/{n}" for n, f in moved]},
                    "trashed_at": {"empty": True},
                },
                "count": len(moved),
            },
            {
                "description": "none of them is left at the top",
                "table": "file_node",
                "where": {
                    "path": {"regex": rf"^{re.escape(base)}/[^/]+\.(?i:{types})$"},
                    "trashed_at": {"empty": True},
                },
                "count": 0,
            },
        ]
        if stay:
            final.append(
                {
                    "description": "the text files stay",
                    "table": "file_node",
                    "where": {
                        "path": {"one_of": [f"{base}/{n}" for n in stay]},
                        "trashed_at": {"empty": True},
                    },
                    "count": len(stay),
                }
            )
        inside = {"path": {"regex": rf"^{re.escape(base)}/"}}
        return ctx.task(
            title=f"Sort ~/{folder} into folders by type",
            category="shell",
            services=["shell"],
            instruction=instruction,
            setup=setup,
            expect={
                "final": final,
                "tolerated": [
                    {"table": "file_node", "kind": "insert", "where": inside},
                    {"table": "file_node", "kind": "update", "before": inside},
                    {
                        "table": "file_node",
                        "kind": "delete",
                        "where": {"path": {"regex": rf"^{re.escape(base)}/[^/]+$"}},
                    },
                ],
                "forbidden": [
                    {
                        "description": "nothing outside the folder changes",
                        "table": "file_node",
                        "kind": "update",
                        "before": {"path": {"regex": rf"^(?!{re.escape(base)}(/|$))"}},
                    },
                    *[
                        {
                            "description": f"{n} stays put",
                            "table": "file_node",
                            "kind": "update",
                            "before": {"path": {"equals": f"{base}/{n}"}},
                        }
                        for n in stay
                    ],
                ],
            },
            oracle={"steps": steps, "answer": f"Sorted {len(moved)} files into {', '.join(folders)}."},
        )
