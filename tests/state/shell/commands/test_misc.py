"""seq, yes, whoami, hostname, id, uname, checksums, base64, open."""

from __future__ import annotations

import pytest

from state.errors import LimitReached
from state.shell.api import Limits
from state.world import World
from tests.state.shell.commands.conftest import Laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("seq 3", "1\n2\n3\n"),
        ("seq 2 4", "2\n3\n4\n"),
        ("seq 10 -3 1", "10\n7\n4\n1\n"),
        ("seq 1 0.5 2", "1.0\n1.5\n2.0\n"),
        ("seq -w 8 10", "08\n09\n10\n"),
        ("seq -s, 3", "1,2,3\n"),
        ("seq -f '%03g' 2", "001\n002\n"),
        ("seq -2 0", "-2\n-1\n0\n"),
        ("seq 5 1", ""),
        ("whoami", "maya\n"),
        ("hostname", "maya-laptop\n"),
        ("id", "uid=1000(maya) gid=1000(maya) groups=1000(maya)\n"),
        ("id -un", "maya\n"),
        ("uname", "Linux\n"),
        ("uname -sm", "Linux x86_64\n"),
        ("echo -n hi | md5sum", "49f68a5c8493ec2c0bf489821c21fc3b  -\n"),
        ("echo -n hi | sha256sum", "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4  -\n"),
        ("echo hi > f; sha1sum f", "55ca6286e3e4f4fba5d0448333fa99fc5a404a73  f\n"),
        ("echo hi | base64", "aGkK\n"),
        ("echo aGkK | base64 -d", "hi\n"),
        ("seq 60 | tr -d '\\n' | base64 -w 20 | head -n 2", "MTIzNDU2Nzg5MTAxMTEy\nMTMxNDE1MTYxNzE4MTky\n"),
    ],
)
async def test_small_commands_answer_as_coreutils(laptop: Laptop, line: str, stdout: str) -> None:
    assert await laptop.out(line) == stdout


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        ("seq", "seq: missing operand\nTry 'seq --help' for more information.\n"),
        ("seq x", "seq: invalid floating point argument: 'x'\nTry 'seq --help' for more information.\n"),
        ("seq 1 0 3", "seq: invalid Zero increment value: '0'\nTry 'seq --help' for more information.\n"),
        ("echo '!!' | base64 -d", "base64: invalid input\n"),
        ("md5sum nofile", "md5sum: nofile: No such file or directory\n"),
    ],
)
async def test_small_commands_complain_as_coreutils(laptop: Laptop, line: str, stderr: str) -> None:
    result = await laptop.run(line)
    assert (result.stderr, result.exit_status) == (stderr, 1)


@pytest.mark.anyio
@pytest.mark.parametrize("line", ["yes", "yes no | head -n 1", "yes > big", "yes > /dev/null; echo done"])
async def test_yes_never_stops_by_itself_so_the_line_hits_a_limit(
    laptop: Laptop, monkeypatch: pytest.MonkeyPatch, line: str
) -> None:
    monkeypatch.setattr("state.shell.run.LIMITS", Limits(output_bytes=1000, file_bytes=5000))
    with pytest.raises(LimitReached, match="rolled back"):
        await laptop.run(line)
    assert (await laptop.run("ls big")).exit_status == 2, "the line was not rolled back"


@pytest.mark.anyio
async def test_uname_and_open_follow_the_devices_operating_system(world: World) -> None:
    await world.apply(
        "world.add_device",
        {
            "id": "mac",
            "name": "Mac",
            "kind": "laptop",
            "os": "macOS 15",
            "home": "/Users/maya",
            "hostname": "maya-mbp",
        },
    )
    mac = await world.apply(
        "shell.run_command", {"command": "uname -a; touch f.pdf; open f.pdf", "device": "mac"}
    )
    assert mac.stdout.startswith("Darwin maya-mbp 24.0.0 Darwin Kernel Version 24.0.0")
    assert mac.exit_status == 0
    linux = await world.apply("shell.run_command", {"command": "open f.pdf"})
    assert (linux.stderr, linux.exit_status) == ("bash: open: command not found\n", 127)


@pytest.mark.anyio
async def test_checksums_of_files_without_text_tell_them_apart_and_match_their_copies(laptop: Laptop) -> None:
    photo = {"camera": "Pixel 8", "taken_at": "2026-01-05T19:24:29+01:00"}
    for path, size, metadata in (
        ("~/a.jpg", 4000, photo),
        ("~/b.jpg", 4000, {**photo, "taken_at": "2026-01-05T19:27:11+01:00"}),
        ("~/c.pdf", 4001, {}),
        ("~/d.pdf", 4002, {}),
    ):
        await laptop.world.apply("files.write_file", {"path": path, "size": size, "metadata": metadata})
    await laptop.out("cp a.jpg copy.jpg; mv c.pdf c.pdf.bak")
    for tool in ("md5sum", "sha1sum", "sha256sum"):
        sums = (await laptop.out(f"{tool} a.jpg b.jpg copy.jpg c.pdf.bak d.pdf")).split()[::2]
        assert sums[0] == sums[2]
        assert len(set(sums)) == 4, tool
    empty = (await laptop.out("md5sum /dev/null")).split()[0]
    assert empty not in sums


@pytest.mark.anyio
async def test_base64_of_a_file_without_text_prints_nothing_rather_than_its_stand_in(laptop: Laptop) -> None:
    await laptop.world.apply("files.write_file", {"path": "~/a.jpg", "size": 4000})
    assert await laptop.out("base64 a.jpg") == ""
