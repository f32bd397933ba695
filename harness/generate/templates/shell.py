"""Shell templates: find a fact in the laptop's notes, total a column of CSV files into a summary file,
sort a downloads folder into subfolders by file type."""

from __future__ import annotations

import re
from typing import ClassVar

from harness.generate.base import Context
from harness.generate.builders import (
    answer_contains,
    answer_matches,
    change,
    contains,
    empty,
    equals,
    expect,
    final_rows,
    forbid,
    one_of,
    regex,
    step,
    tolerate,
)
from harness.generate.templates._setup import event, write_file
from harness.generate.templates._world import DAY, home, keyword, slug, terms
from harness.tasks.model import Category, Expectations, FinalState, Forbidden, Oracle, Required, Task
from state.history import HistoryEvent

_NOTES = "Documents/notes"


class FindInFiles:
    """A fact sits in one of several notes on the laptop; find it with the shell and report it. Hard:
    more notes as distractors, older, and the file must also be copied into a folder."""

    id: ClassVar[str] = "shell-find-fact"
    category: ClassVar[Category] = "shell"

    def make(self, ctx: Context) -> Task | None:
        laptop = home(ctx)
        if laptop is None or not ctx.persona.storylines:
            return None
        story = ctx.pick(ctx.persona.storylines)
        code = f"{ctx.rng.randrange(1000, 9999)}-{ctx.pick(('A', 'B', 'C', 'K', 'R'))}"
        topics = list(dict.fromkeys([*story.terms, *(t for s in ctx.persona.storylines for t in s.terms)]))
        count = 6 if ctx.hard else 3
        if len(topics) < count:
            return None
        chosen = ctx.sample(topics, count)
        target = chosen[0]
        setup = self._setup(ctx, chosen, code)
        instruction = ctx.pick(
            (
                f"what's the reference number in my notes about {target}? it's somewhere in ~/{_NOTES}",
                f"find the reference for {target} in my notes folder and tell me",
            )
        )
        return ctx.task(
            title=f"Find the reference in the notes about {target}",
            category=self.category,
            services=["shell"],
            instruction=instruction + (", and put a copy of that note in ~/Desktop" if ctx.hard else ""),
            setup=setup,
            expect=self._expect(ctx, laptop, code),
            oracle=self._oracle(ctx, target, code),
        )

    def _setup(self, ctx: Context, chosen: list[str], code: str) -> list[HistoryEvent]:
        """A note on each topic, the first with ``code`` (hard: older notes)."""
        setup: list[HistoryEvent] = []
        for index, topic in enumerate(chosen):
            number = code if index == 0 else f"{ctx.rng.randrange(1000, 9999)}-X"
            days = 20 + index if ctx.hard else 3 + index
            setup.append(self._note(ctx, ctx.before(days * DAY), topic, number))
        return setup

    def _expect(self, ctx: Context, laptop: str, code: str) -> Expectations:
        changes: list[Required] = []
        if ctx.hard:
            where = {
                "device": equals("laptop"),
                "path": regex(f"^{laptop}/Desktop/[^/]+$"),
                "content": contains(f"reference: {code}"),
            }
            changes.append(change("insert", "file_node", "a copy of the note on the Desktop", where=where))
        return expect(
            changes=changes,
            tolerated=[tolerate("insert", "file_node", where={"path": regex(f"^{laptop}/Desktop$")})],
            forbidden=[forbid("delete", "file_node", "no note deleted")],
            answer=[answer_contains("the reference", code)],
        )

    def _oracle(self, ctx: Context, target: str, code: str) -> Oracle:
        steps = [step("shell", "run_command", command=f"grep -ril '{target}' ~/{_NOTES}")]
        if ctx.hard:
            copy = f"mkdir -p ~/Desktop && cp ~/{_NOTES}/{slug(target)}.txt ~/Desktop/"
            steps.append(step("shell", "run_command", command=copy))
        return Oracle(steps=steps, answer=f"The reference in your notes about {target} is {code}.")

    def _note(self, ctx: Context, at: str, topic: str, number: str) -> HistoryEvent:
        # not write_file: these arguments come in their own order, which the pinned manifest's hash holds
        args = {
            "path": f"~/{_NOTES}/{slug(topic)}.txt",
            "mode": "overwrite",
            "parents": True,
            "content": f"Notes on {topic}\n\nreference: {number}\nowner: {ctx.user.name}\n",
        }
        return event(at, "files.write_file", args)


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
        setup, totals = self._expenses(ctx, folder, categories)
        if ctx.hard:
            return self._all_categories(ctx, folder, f"{laptop}/{folder}", setup, totals)
        return self._one_category(ctx, folder, f"{laptop}/{folder}", setup, totals)

    def _expenses(
        self, ctx: Context, folder: str, categories: list[str]
    ) -> tuple[list[HistoryEvent], dict[str, int]]:
        """A month's expenses per file (hard: three months), and each category's total over them."""
        totals: dict[str, int] = dict.fromkeys(categories, 0)
        setup: list[HistoryEvent] = []
        for number, month in enumerate(_MONTHS if ctx.hard else _MONTHS[:1]):
            lines = ["date,category,amount"]
            for row in range(ctx.rng.randrange(6, 10)):
                category = ctx.pick(categories)
                amount = ctx.rng.randrange(5, 400)
                totals[category] += amount
                lines.append(f"2026-{number + 1:02d}-{row * 3 + 1:02d},{category},{amount}")
            at = ctx.before((30 - number * 7) * DAY)
            setup.append(write_file(at, f"~/{folder}/{month}.csv", "\n".join(lines) + "\n"))
        return setup, totals

    def _one_category(
        self, ctx: Context, folder: str, base: str, setup: list[HistoryEvent], totals: dict[str, int]
    ) -> Task:
        category = ctx.pick([c for c, total in totals.items() if total > 0])
        total, out, csv = totals[category], f"{category}-total.txt", f"{_MONTHS[0]}.csv"
        instruction = ctx.pick(
            (
                f"how much did I spend on {category} according to ~/{folder}/{csv}? put the total in ~/{folder}/{out} and tell me",
                f"add up the {category} amounts in ~/{folder}/{csv}, write the total to ~/{folder}/{out}",
            )
        )
        command = f"cd ~/{folder} && awk -F, '$2 == \"{category}\" {{s += $3}} END {{print s}}' {csv} > {out} && cat {out}"
        where = {"path": equals(f"{base}/{out}"), "content": regex(rf"(?<![\d.]){total}(\.0+)?(?!\d)")}
        steps = [
            step("shell", "run_command", command=f"head -3 ~/{folder}/{csv}"),
            step("shell", "run_command", command=command),
        ]
        return ctx.task(
            title=f"Total the {category} expenses in a CSV",
            category=self.category,
            services=["shell"],
            instruction=instruction,
            setup=setup,
            expect=expect(
                changes=[change("insert", "file_node", f"{out} with the total", where=where)],
                forbidden=_unchanged("the CSV is not changed"),
                answer=[answer_matches("the total", rf"(?<![\d.]){total}(?!\d)")],
            ),
            oracle=Oracle(
                steps=steps, answer=f"You spent {total} on {category}; it's written in ~/{folder}/{out}."
            ),
        )

    def _all_categories(
        self, ctx: Context, folder: str, base: str, setup: list[HistoryEvent], totals: dict[str, int]
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
        where = {"path": equals(f"{base}/summary.csv"), "content": regex(f"(?ims)^{lines}")}
        listed = ", ".join(f"{c} {t}" for c, t in sorted(totals.items()))
        return ctx.task(
            title="Total the expense categories across the monthly CSVs",
            category=self.category,
            services=["shell"],
            instruction=instruction,
            setup=setup,
            expect=expect(
                changes=[
                    change("insert", "file_node", "summary.csv with every category's total", where=where)
                ],
                forbidden=_unchanged("the CSVs are not changed"),
            ),
            oracle=Oracle(
                steps=[
                    step("shell", "run_command", command=f"ls ~/{folder} && head -3 ~/{folder}/january.csv"),
                    step("shell", "run_command", command=command),
                ],
                answer=f"Totals: {listed} — in ~/{folder}/summary.csv.",
            ),
        )


def _unchanged(description: str) -> list[Forbidden]:
    return [forbid("update", "file_node", description), forbid("delete", "file_node", "nothing deleted")]


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
        moved = self._files(ctx, term, kinds)
        stay = [f"readme-{term}.txt", "todo.txt"] if ctx.hard else []
        setup = [
            write_file(ctx.before((20 - i) * DAY), f"~/{folder}/{n}", "", size=5000 + i * 1311)
            for i, (n, _) in enumerate(moved)
        ]
        setup += [write_file(ctx.before(3 * DAY), f"~/{folder}/{name}", "keep me here\n") for name in stay]
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
        steps = [step("shell", "run_command", command=f"cd ~/{folder} && ls && mkdir -p {' '.join(folders)}")]
        for target in folders:
            names = " ".join(f"'{n}'" for n, f in moved if f == target)
            steps.append(step("shell", "run_command", command=f"cd ~/{folder} && mv -- {names} {target}/"))
        return ctx.task(
            title=f"Sort ~/{folder} into folders by type",
            category=self.category,
            services=["shell"],
            instruction=instruction + (". leave the .txt files where they are" if ctx.hard else ""),
            setup=setup,
            expect=self._expect(f"{laptop}/{folder}", kinds, moved, stay),
            oracle=Oracle(steps=steps, answer=f"Sorted {len(moved)} files into {', '.join(folders)}."),
        )

    def _files(self, ctx: Context, term: str, kinds: dict[str, str]) -> list[tuple[str, str]]:
        """The downloads to sort, as (name, the folder its type goes in) (hard: some names with spaces)."""
        extensions = list(kinds)
        found: list[tuple[str, str]] = []
        for index, stem in enumerate(ctx.sample(_STEMS, 8 if ctx.hard else 5)):
            extension = extensions[index % len(extensions)]
            spaced = ctx.hard and index % 2
            name = f"{stem} {term} {index + 1}" if spaced else f"{stem}-{term}-{index + 1}"
            found.append((f"{name}.{extension}", kinds[extension]))
        return found

    def _expect(
        self, base: str, kinds: dict[str, str], moved: list[tuple[str, str]], stay: list[str]
    ) -> Expectations:
        types = "|".join(sorted({e.lower() for e in kinds}))
        top = rf"^{re.escape(base)}/[^/]+\.(?i:{types})$"
        final: list[FinalState] = [
            final_rows(
                "file_node",
                "every file is in its type's folder",
                where={"path": one_of([f"{base}/{f}/{n}" for n, f in moved]), "trashed_at": empty()},
                count=len(moved),
            ),
            final_rows(
                "file_node",
                "none of them is left at the top",
                where={"path": regex(top), "trashed_at": empty()},
                count=0,
            ),
        ]
        if stay:
            where = {"path": one_of([f"{base}/{n}" for n in stay]), "trashed_at": empty()}
            final.append(final_rows("file_node", "the text files stay", where=where, count=len(stay)))
        inside = {"path": regex(rf"^{re.escape(base)}/")}
        outside = {"path": regex(rf"^(?!{re.escape(base)}(/|$))")}
        return expect(
            final=final,
            tolerated=[
                tolerate("insert", "file_node", where=inside),
                tolerate("update", "file_node", before=inside),
                tolerate("delete", "file_node", where={"path": regex(rf"^{re.escape(base)}/[^/]+$")}),
            ],
            forbidden=[
                forbid("update", "file_node", "nothing outside the folder changes", before=outside),
                *(
                    forbid("update", "file_node", f"{n} stays put", before={"path": equals(f"{base}/{n}")})
                    for n in stay
                ),
            ],
        )
