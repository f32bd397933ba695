"""sed: substitutions, addresses, commands, in-place editing and errors."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/abc.txt", "alpha\nbeta\ngamma\ndelta\n")
    await laptop.write("~/config.ini", "# comment\nname=old\n\nport=80\n")
    return laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("sed s/a/A/ abc.txt", "Alpha\nbetA\ngAmma\ndeltA\n"),
        ("sed 's/a/A/g' abc.txt", "AlphA\nbetA\ngAmmA\ndeltA\n"),
        ("sed 's/a/A/2' abc.txt", "alphA\nbeta\ngammA\ndelta\n"),
        ("sed 's/A/x/gi' abc.txt", "xlphx\nbetx\ngxmmx\ndeltx\n"),
        ("sed 's/\\(..\\)\\(.*\\)/\\2\\1/' abc.txt", "phaal\ntabe\nmmaga\nltade\n"),
        ("sed -E 's/(l|t)a$/[&]/' abc.txt", "alpha\nbe[ta]\ngamma\ndel[ta]\n"),
        ("sed 's|a|/|' abc.txt", "/lpha\nbet/\ng/mma\ndelt/\n"),
        ("sed 's/.*/\\U&/' abc.txt", "ALPHA\nBETA\nGAMMA\nDELTA\n"),
        ("sed 's/b/\\n/' abc.txt", "alpha\n\neta\ngamma\ndelta\n"),
        ("sed -n 2p abc.txt", "beta\n"),
        ("sed -n '$p' abc.txt", "delta\n"),
        ("sed -n '2,3p' abc.txt", "beta\ngamma\n"),
        ("sed -n '/beta/,/gamma/p' abc.txt", "beta\ngamma\n"),
        ("sed '2,$d' abc.txt", "alpha\n"),
        ("sed '/^g/d' abc.txt", "alpha\nbeta\ndelta\n"),
        ("sed '/^g/!d' abc.txt", "gamma\n"),
        ("sed 2q abc.txt", "alpha\nbeta\n"),
        ("sed -n '1~2p' abc.txt", "alpha\ngamma\n"),
        ("sed '/beta/,+1d' abc.txt", "alpha\ndelta\n"),
        ("sed '0,/a/s//X/' abc.txt", "Xlpha\nbeta\ngamma\ndelta\n"),
        ("sed -e 1d -e 's/e/E/' abc.txt", "bEta\ngamma\ndElta\n"),
        ("sed '1d;3d' abc.txt", "beta\ndelta\n"),
        ("sed -n '2{p;p}' abc.txt", "beta\nbeta\n"),
        ("sed '1a after' abc.txt", "alpha\nafter\nbeta\ngamma\ndelta\n"),
        ("sed '2i\\\nbefore' abc.txt", "alpha\nbefore\nbeta\ngamma\ndelta\n"),
        ("sed '2c changed' abc.txt", "alpha\nchanged\ngamma\ndelta\n"),
        ("sed = abc.txt | head -2", "1\nalpha\n"),
        ("sed 'y/abg/ABG/' abc.txt", "AlphA\nBetA\nGAmmA\ndeltA\n"),
        ("sed '$!N;s/\\n/+/' abc.txt", "alpha+beta\ngamma+delta\n"),
        ("sed -n 'h;n;G;p' abc.txt", "beta\nalpha\ndelta\ngamma\n"),
        ("printf 'a\\nb' | sed 's/b/B/'", "a\nB"),
        ("echo aaa | sed 's/x*/-/g'", "-a-a-a-\n"),
        ("sed -n '/^#/!{/=/p}' config.ini", "name=old\nport=80\n"),
    ],
)
async def test_sed_edits_the_stream(files: Laptop, line: str, stdout: str) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
async def test_sed_i_edits_files_in_place_and_keeps_a_backup_with_a_suffix(files: Laptop) -> None:
    assert await files.out("sed -i 's/old/new/; /^#/d' config.ini") == ""
    assert files.read("/home/maya/config.ini") == "name=new\n\nport=80\n"
    await files.out("sed -i.bak '/^$/d' config.ini")
    assert files.read("/home/maya/config.ini") == "name=new\nport=80\n"
    assert files.read("/home/maya/config.ini.bak") == "name=new\n\nport=80\n"


@pytest.mark.anyio
async def test_sed_q_gives_its_exit_status(files: Laptop) -> None:
    result = await files.run("sed '1q5' abc.txt")
    assert (result.stdout, result.exit_status) == ("alpha\n", 5)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr", "status"),
    [
        ("sed 's/a/b' abc.txt", "sed: -e expression #1, char 5: unterminated `s' command\n", 1),
        ("sed k abc.txt", "sed: -e expression #1, char 1: unknown command: `k'\n", 1),
        ("sed 's/a/b/q' abc.txt", "sed: -e expression #1, char 7: unknown option to `s'\n", 1),
        (
            "sed 'y/abc/xy/' abc.txt",
            "sed: -e expression #1, char 9: strings for `y' command are different lengths\n",
            1,
        ),
        ("sed -n '/x/{p' abc.txt", "sed: -e expression #1, char 0: unmatched `{'\n", 1),
        ("sed p nofile", "sed: can't read nofile: No such file or directory\n", 2),
    ],
)
async def test_sed_reports_script_errors_as_gnu_does(
    files: Laptop, line: str, stderr: str, status: int
) -> None:
    result = await files.run(line)
    assert (result.stderr, result.exit_status) == (stderr, status)


@pytest.mark.anyio
async def test_a_sed_script_that_branches_forever_stops_at_the_limit(files: Laptop) -> None:
    from state.errors import LimitReached

    with pytest.raises(LimitReached, match="sed ran too many commands"):
        await files.run("echo x | sed ':a;ba'")
