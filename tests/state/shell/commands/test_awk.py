"""awk: fields, patterns, actions, variables, arrays, built-in functions, output."""

from __future__ import annotations

import pytest

from tests.state.shell.commands.conftest import Laptop


@pytest.fixture
async def files(laptop: Laptop) -> Laptop:
    await laptop.write("~/people.csv", "name,age,city\nana,31,Lisbon\nbo,27,Oslo\ncy,45,Rome\n")
    await laptop.write("~/words.txt", "apple pie\nbanana\ncherry tart\napple\n")
    return laptop


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stdout"),
    [
        ("awk '{print $1}' words.txt", "apple\nbanana\ncherry\napple\n"),
        ("awk -F, '{print $2}' people.csv", "age\n31\n27\n45\n"),
        ("awk -F, 'NR > 1 {sum += $2} END {print sum, sum / (NR - 1)}' people.csv", "103 34.3333\n"),
        ("awk '{print NR \": \" $0}' words.txt", "1: apple pie\n2: banana\n3: cherry tart\n4: apple\n"),
        ("awk '/apple/' words.txt", "apple pie\napple\n"),
        ("awk '!/apple/ {print NF, $NF}' words.txt", "1 banana\n2 tart\n"),
        ("awk -F, '$2 > 30 {print $1}' people.csv", "name\nana\ncy\n"),
        ("awk -F, '$3 == \"Oslo\"' people.csv", "bo,27,Oslo\n"),
        ("awk 'NR == 2, NR == 3' words.txt", "banana\ncherry tart\n"),
        ("awk '{count[$1]++} END {print count[\"apple\"], length(count)}' words.txt", "2 3\n"),
        (
            "awk '{printf \"%-7s|%3d\\n\", $1, NR}' words.txt",
            "apple  |  1\nbanana |  2\ncherry |  3\napple  |  4\n",
        ),
        ("awk '{print toupper(substr($1, 1, 1)) substr($1, 2)}' words.txt", "Apple\nBanana\nCherry\nApple\n"),
        ("awk '{gsub(/a/, \"A\"); print}' words.txt", "Apple pie\nbAnAnA\ncherry tArt\nApple\n"),
        ("awk '{sub(/p+/, \"[&]\"); print $1}' words.txt", "a[pp]le\nbanana\ncherry\na[pp]le\n"),
        ("awk '{n = split($0, parts, \"a\"); print n}' words.txt", "2\n4\n2\n2\n"),
        ("awk 'match($0, /an+/) {print RSTART, RLENGTH}' words.txt", "2 2\n"),
        ("awk '{print index($0, \"e\"), length($0)}' words.txt", "5 9\n0 6\n3 11\n5 5\n"),
        ("awk 'BEGIN {OFS = \"-\"} {$1 = $1; print}' words.txt", "apple-pie\nbanana\ncherry-tart\napple\n"),
        ("awk '{$2 = \"X\"; print; print NF}' words.txt | head -2", "apple X\n2\n"),
        ("awk 'NR == 1 {next} {print}' words.txt", "banana\ncherry tart\napple\n"),
        ("awk 'NR > 2 {exit} {print}' words.txt", "apple pie\nbanana\n"),
        ("awk -v n=3 'BEGIN {for (i = 1; i <= n; i++) s = s i; print s}'", "123\n"),
        ("awk 'BEGIN {i = 0; while (i < 2) print i++; do i--; while (i > 0); print i}'", "0\n1\n0\n"),
        (
            "awk 'BEGIN {print 1/3, 2^10, 7 % 3, int(-3.9), 100000 * 100000, 0.1 + 0.2}'",
            "0.333333 1024 1 -3 1e+10 0.3\n",
        ),
        ('awk \'BEGIN {x = "10"; print (x > 9), (x + 0 > 9), ("10" > "9")}\'', "0 1 0\n"),
        ("echo '10 9' | awk '{print ($1 > $2)}'", "1\n"),
        (
            'awk \'BEGIN {a["k"] = 1; if ("k" in a) print "in"; delete a["k"]; if (!("k" in a)) print "gone"}\'',
            "in\ngone\n",
        ),
        ("awk 'function twice(n) { return n * 2 } {print twice(NR)}' words.txt", "2\n4\n6\n8\n"),
        ("awk '{print $1, $2}' OFS=: words.txt | head -1", "apple:pie\n"),
        ('awk \'BEGIN {printf "%.2f %5s %x %c %%\\n", 3.14159, "ab", 255, 65}\'', "3.14    ab ff A %\n"),
        ("awk 'END {print NR}' words.txt people.csv", "8\n"),
        ("echo 'a b' | awk '{print $3 \"x\"}'", "x\n"),
        ("echo '5 apples' | awk '{print $1 + 0, $2 + 0}'", "5 0\n"),
        ("awk 'length > 6' words.txt", "apple pie\ncherry tart\n"),
        ("awk '{print > \"out.txt\"}' words.txt; wc -l < out.txt", "4\n"),
    ],
)
async def test_awk_runs_programs_as_mawk_does(files: Laptop, line: str, stdout: str) -> None:
    assert await files.out(line) == stdout


@pytest.mark.anyio
async def test_awk_exit_sets_the_status_and_still_runs_end(files: Laptop) -> None:
    result = await files.run("awk 'BEGIN {exit 3} END {print \"end\"}'")
    assert (result.stdout, result.exit_status) == ("end\n", 3)


@pytest.mark.anyio
async def test_awk_reports_syntax_errors_and_missing_files_with_status_2(files: Laptop) -> None:
    broken = await files.run("awk '{print $1' words.txt")
    assert (broken.stderr, broken.exit_status) == ("awk: line 1: syntax error at or near end of file\n", 2)
    missing = await files.run("awk '{print}' nothere")
    assert (missing.stderr, missing.exit_status) == (
        "awk: cannot open nothere (No such file or directory)\n",
        2,
    )


@pytest.mark.anyio
async def test_an_endless_awk_loop_stops_at_the_iteration_limit(files: Laptop) -> None:
    from state.errors import LimitReached

    with pytest.raises(LimitReached, match="awk ran too many"):
        await files.run("awk 'BEGIN {while (1) x++}'")
