"""find and xargs."""

from __future__ import annotations

import pytest

from state.errors import LimitReached
from state.shell.api import Limits
from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def tree(laptop: Laptop) -> Laptop:
    await laptop.write("~/p/README.md", "# project\n")
    await laptop.write("~/p/src/main.py", "print('hi')\n" * 200)
    await laptop.write("~/p/src/util.py", "")
    await laptop.write("~/p/docs/Guide.MD", "guide\n")
    await laptop.out(
        "mkdir p/empty && touch -d '2025-12-01' p/docs/Guide.MD && touch -d '2026-02-27 09:00' p/README.md"
    )
    return laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("find p", "p\np/README.md\np/docs\np/docs/Guide.MD\np/empty\np/src\np/src/main.py\np/src/util.py\n"),
        ("find p -name '*.py'", "p/src/main.py\np/src/util.py\n"),
        ("find p -iname '*.md'", "p/README.md\np/docs/Guide.MD\n"),
        ("find p -type d", "p\np/docs\np/empty\np/src\n"),
        ("find p -maxdepth 1 -type f", "p/README.md\n"),
        ("find p -mindepth 2 -name '*.py'", "p/src/main.py\np/src/util.py\n"),
        ("find p -path '*src*' -type f", "p/src/main.py\np/src/util.py\n"),
        ("find p -empty", "p/empty\np/src/util.py\n"),
        ("find p -size +1k", "p\np/docs\np/empty\np/src\np/src/main.py\n"),
        ("find p -type f -size -1", "p/src/util.py\n"),
        ("find p -mtime +30", "p/docs/Guide.MD\n"),
        ("find p -type f -mtime -1", "p/src/main.py\np/src/util.py\n"),
        ("find p -newer p/README.md -type f", "p/src/main.py\np/src/util.py\n"),
        ("find p -type f -newermt 2026-01-01 ! -newermt '2026-02-27 10:00'", "p/README.md\n"),
        ("find p -newermt 2025-01-01 ! -newermt 2026-01-01", "p/docs/Guide.MD\n"),
        ("find p -newermm p/README.md -name '*.py'", "p/src/main.py\np/src/util.py\n"),
        ("find p -type f ! -name '*.py'", "p/README.md\np/docs/Guide.MD\n"),
        ("find p -type f -not -name '*.py'", "p/README.md\np/docs/Guide.MD\n"),
        ("find p \\( -name '*.md' -o -name '*.MD' \\) -print", "p/README.md\np/docs/Guide.MD\n"),
        ("find p -name src -prune -o -type f -print", "p/README.md\np/docs/Guide.MD\n"),
        ("find p -name '*.py' -print0 | tr '\\0' ' '", "p/src/main.py p/src/util.py "),
        ("find p -name '*.md' -printf '%f %s\\n'", "README.md 10\n"),
        ("cd p && find . -name '*.md'", "./README.md\n"),
        ("find p/src p/docs -type f", "p/src/main.py\np/src/util.py\np/docs/Guide.MD\n"),
    ],
)
async def test_find_walks_in_order_and_evaluates_tests(tree: Laptop, line: str, stdout: str) -> None:
    assert await tree.out(line) == stdout


@pytest.mark.anyio
async def test_find_exec_runs_a_command_per_path_or_once_with_plus(tree: Laptop) -> None:
    assert await tree.out("find p -name '*.md' -exec wc -l {} \\;") == "1 p/README.md\n"
    assert (
        await tree.out("find p -name '*.py' -exec wc -c {} +")
        == "2400 p/src/main.py\n   0 p/src/util.py\n2400 total\n"
    )


@pytest.mark.anyio
async def test_find_delete_removes_children_before_their_directory(tree: Laptop) -> None:
    assert await tree.out("find p/src -delete") == ""
    assert tree.read("/home/maya/p/src/main.py") is None
    assert await tree.out("find p -name '*.py' | wc -l") == "0\n"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        ("find nothere", "find: 'nothere': No such file or directory\n"),
        ("find p -bogus", "find: unknown predicate `-bogus'\n"),
        ("find p -name", "find: missing argument to `-name'\n"),
        ("find p -type q", "find: Unknown argument to -type: q\n"),
        ("find p -exec echo {}", "find: missing argument to `-exec'\n"),
        ("find p -newermt xyz", "find: I cannot figure out how to interpret 'xyz' as a date or time\n"),
        ("find p -newermt", "find: The '-newermt' test needs an argument\n"),
        ("find p -regex '['", "find: failed to compile regular expression '[': Invalid regular expression\n"),
    ],
)
async def test_find_reports_bad_paths_and_expressions(tree: Laptop, line: str, stderr: str) -> None:
    result = await tree.run(line)
    assert (result.stdout, result.stderr, result.exit_status) == ("", stderr, 1)


@pytest.mark.anyio
async def test_find_stops_at_the_glob_results_limit(tree: Laptop, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("state.shell.run.LIMITS", Limits(glob_results=3))
    with pytest.raises(LimitReached, match="walking 'p' produced more than 3 paths"):
        await tree.run("find p")


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("echo a b c | xargs", "a b c\n"),
        ("echo a b c | xargs -n 1 echo item", "item a\nitem b\nitem c\n"),
        ("printf 'x\\ny\\n' | xargs -I{} echo '<{}>'", "<x>\n<y>\n"),
        ("printf 'one two\\0three\\0' | xargs -0 -n 1 echo", "one two\nthree\n"),
        ("echo \"'a b' c\" | xargs -n 1", "a b\nc\n"),
        ("printf 'a,b' | xargs -d , -n 1", "a\nb\n"),
        ("find p -name '*.py' | xargs wc -l", " 200 p/src/main.py\n   0 p/src/util.py\n 200 total\n"),
        ("printf '' | xargs -r echo nothing", ""),
        ("printf '' | xargs echo nothing", "nothing\n"),
    ],
)
async def test_xargs_builds_command_lines_from_stdin(tree: Laptop, line: str, stdout: str) -> None:
    assert await tree.out(line) == stdout


@pytest.mark.anyio
async def test_xargs_exits_123_when_a_command_fails_and_127_when_it_is_missing(tree: Laptop) -> None:
    assert (await tree.run("echo nofile | xargs cat")).exit_status == 123
    missing = await tree.run("echo x | xargs nosuchcommand")
    assert missing.exit_status == 127
