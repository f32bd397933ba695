"""date and sleep: the world's clock (Mon 2 Mar 2026 09:00 in Berlin)."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("date", "Mon Mar  2 09:00:00 CET 2026\n"),
        ("date -u", "Mon Mar  2 08:00:00 UTC 2026\n"),
        ("date +%Y-%m-%d", "2026-03-02\n"),
        ("date '+%A %d %B %Y, %H:%M:%S %Z %z'", "Monday 02 March 2026, 09:00:00 CET +0100\n"),
        (
            "date +'%s %j %u %w %V %e %-d %I %p %D %T %F %R'",
            "1772438400 061 1 1 10  2 2 09 AM 03/02/26 09:00:00 2026-03-02 09:00\n",
        ),
        ("date -I", "2026-03-02\n"),
        ("date -Iseconds", "2026-03-02T09:00:00+01:00\n"),
        ("date --iso-8601=minutes", "2026-03-02T09:00+01:00\n"),
        ("date -R", "Mon, 02 Mar 2026 09:00:00 +0100\n"),
        ("date -d yesterday +%F", "2026-03-01\n"),
        ("date -d tomorrow +%F", "2026-03-03\n"),
        ("date -d '2 days ago' +%F", "2026-02-28\n"),
        ("date -d '+3 days' '+%a %F'", "Thu 2026-03-05\n"),
        ("date -d '1 week' +%F", "2026-03-09\n"),
        ("date -d 'next friday' '+%a %F %T'", "Fri 2026-03-06 00:00:00\n"),
        ("date -d 'last monday' +%F", "2026-02-23\n"),
        ("date -d '3 hours ago' +%T", "06:00:00\n"),
        ("date -d '1 month ago' +%F", "2026-02-02\n"),
        ("date -d 2024-07-01 '+%F %T %Z'", "2024-07-01 00:00:00 CEST\n"),
        ("date -d '2024-07-01 14:30' +%H:%M", "14:30\n"),
        ("date -d '2024-07-01T12:00:00Z' +%H:%M", "14:00\n"),
        ("date -d 'Jan 5 2025' +%F", "2025-01-05\n"),
        ("date -d @0 -u", "Thu Jan  1 00:00:00 UTC 1970\n"),
        ("date -d 15:45 '+%F %T'", "2026-03-02 15:45:00\n"),
    ],
)
async def test_date_formats_the_worlds_clock_and_parses_d_strings(
    laptop: Laptop, line: str, stdout: str
) -> None:
    assert await laptop.out(line) == stdout


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        ("date -d 'no such day'", "date: invalid date 'no such day'\n"),
        ("date tomorrow", "date: invalid date 'tomorrow'\n"),
        ("date -s 2020-01-01", "date: cannot set date: Operation not permitted\n"),
        ("date -x", "date: invalid option -- 'x'\nTry 'date --help' for more information.\n"),
    ],
)
async def test_date_refuses_what_gnu_refuses(laptop: Laptop, line: str, stderr: str) -> None:
    result = await laptop.run(line)
    assert (result.stderr, result.exit_status) == (stderr, 1)


@pytest.mark.anyio
async def test_sleep_returns_at_once_without_moving_the_clock(laptop: Laptop) -> None:
    assert await laptop.out("sleep 5; sleep 0.5s; date +%T") == "09:00:00\n"
    bad = await laptop.run("sleep soon")
    assert (bad.stderr, bad.exit_status) == (
        "sleep: invalid time interval 'soon'\nTry 'sleep --help' for more information.\n",
        1,
    )
