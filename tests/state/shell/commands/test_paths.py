"""basename, dirname, realpath, readlink."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("basename /home/maya/report.pdf", "report.pdf\n"),
        ("basename /home/maya/report.pdf .pdf", "report\n"),
        ("basename dir/", "dir\n"),
        ("basename /", "/\n"),
        ("basename .pdf .pdf", ".pdf\n"),
        ("basename -a a/x b/y", "x\ny\n"),
        ("basename -s .txt a/x.txt b/y.txt", "x\ny\n"),
        ("dirname /home/maya/report.pdf", "/home/maya\n"),
        ("dirname report.pdf", ".\n"),
        ("dirname /home/", "/\n"),
        ("dirname a/b/ c", "a\n.\n"),
        ("realpath Documents/../notes.txt", "/home/maya/notes.txt\n"),
        ("cd /tmp 2>/dev/null; realpath -m ../../x", "/x\n"),
        ("readlink -f ./a/../b", "/home/maya/b\n"),
    ],
)
async def test_path_names_are_computed_as_coreutils_do(laptop: Laptop, line: str, stdout: str) -> None:
    await laptop.out("mkdir -p Documents")
    assert (await laptop.run(line)).stdout == stdout


@pytest.mark.anyio
async def test_path_commands_refuse_missing_operands(laptop: Laptop) -> None:
    for name in ("basename", "dirname", "realpath"):
        result = await laptop.run(name)
        assert result.stderr == f"{name}: missing operand\nTry '{name} --help' for more information.\n"
        assert result.exit_status == 1
    extra = await laptop.run("basename a b c")
    assert extra.stderr.startswith("basename: extra operand 'c'\n")
    missing = await laptop.run("realpath -e nofile")
    assert (missing.stderr, missing.exit_status) == ("realpath: nofile: No such file or directory\n", 1)
