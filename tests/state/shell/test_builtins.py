"""Builtins: echo, printf, test, cd, export, type and friends answer as bash's do."""

from __future__ import annotations

import pytest

from state.world import World
from tests.state.shell.core_helpers import out, sh


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("echo -n a; echo b", "ab\n"),
        ("echo -e 'a\\tb\\n'", "a\tb\n\n"),
        ("echo -E 'a\\tb'", "a\\tb\n"),
        ("echo -e 'stop\\cnot'; echo", "stop\n"),
        ("echo -x", "-x\n"),
        ("printf '%s-%s\\n' a b c", "a-b\nc-\n"),
        ("printf '%d|%i|%5.2f|%x|%o|%c|%%\\n' 42 7 3.14159 255 8 word", "42|7| 3.14|ff|10|w|%\n"),
        ("printf '%-5s|%5s|%05d\\n' ab cd 42", "ab   |   cd|00042\n"),
        ("printf '%b' 'a\\nb\\n'", "a\nb\n"),
        ("printf '%q\\n' 'a b' \"it's\"", "a\\ b\nit\\'s\n"),
        ("printf '[%6s][%-4s][%q]\\n' ü ü aü", "[    ü][ü  ][aü]\n"),
        ("echo -e '\\x41\\101\\0101'", "A\\101A\n"),
        ("printf 'no args\\n'", "no args\n"),
        ("printf '%d\\n' 3.5 2>/dev/null", "3\n"),
        ("printf -v v '%03d' 7; echo $v", "007\n"),
        ("test -d ~ && echo dir; [ -e /nope ] || echo missing", "dir\nmissing\n"),
        ("[ abc = abc -a 1 -lt 2 ] && echo both", "both\n"),
        ("[ ! -z x ] && [ -n x ] && echo nonempty", "nonempty\n"),
        ("[ '' ]; echo $?", "1\n"),
        ("[ \\( 1 -eq 2 \\) -o 3 -ge 3 ] && echo paren", "paren\n"),
        ("pwd; cd ..; pwd; cd -; cd; pwd", "/home/maya\n/home\n/home/maya\n/home/maya\n"),
        ("cd ../../../..; pwd", "/\n"),
        ("export A=1; B=2; env | grep -E '^(A|B)='", "A=1\n"),
        ('A=x; unset A; echo "[${A-gone}]"', "[gone]\n"),
        (
            "type cd ls if; type -t echo",
            "cd is a shell builtin\nls is /usr/bin/ls\nif is a shell keyword\nbuiltin\n",
        ),
        ("command -v echo ls; which ls", "echo\n/usr/bin/ls\n/usr/bin/ls\n"),
        ("f() { :; }; type -t f", "function\n"),
        ("read -r a b <<< 'x\\y z w'; echo \"$a|$b\"", "x\\y|z w\n"),
        ("IFS=, read a b <<< 'p,q'; echo $a $b", "p q\n"),
        ("set -- a b c; shift 2; echo $1 $#", "c 1\n"),
        ("eval 'x=5; echo $x'", "5\n"),
        (": ignored; true; echo $?", "0\n"),
        ("x=1; let x+=2 'y = x * 2'; echo $x $y", "3 6\n"),
        ("shopt -s nullglob; for f in *.none; do echo $f; done; echo end", "end\n"),
        ("exec echo replaced; echo never", "replaced\n"),
        ("wait; trap 'echo bye' EXIT; umask", "0022\n"),
    ],
)
async def test_a_builtin_prints_what_bash_prints(world: World, line: str, expected: str) -> None:
    assert await out(world, line) == expected


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "stderr", "status"),
    [
        ("type nosuch", "bash: type: nosuch: not found\n", 1),
        ("[ 1 -eq a ]", "bash: [: a: integer expression expected\n", 2),
        ("test 1 = 1 ]", "bash: test: too many arguments\n", 2),
        ("[ 1 = 1", "bash: [: missing `]'\n", 2),
        ("cd /no/where", "bash: cd: /no/where: No such file or directory\n", 1),
        ("cd a b", "bash: cd: too many arguments\n", 1),
        ("export 1x=2", "bash: export: `1x=2': not a valid identifier\n", 1),
        (
            "help nosuch",
            "bash: help: no help topics match `nosuch'.  Try `help help' or `man -k nosuch' or `info nosuch'.\n",
            1,
        ),
    ],
)
async def test_a_builtin_fails_with_bash_message_and_status(
    world: World, line: str, stderr: str, status: int
) -> None:
    result = await sh(world, line)
    assert (result.stderr, result.exit_status) == (stderr, status)


@pytest.mark.anyio
@pytest.mark.parametrize("name", ["python3", "curl", "ssh", "sudo", "vim", "apt-get"])
async def test_a_program_that_is_not_there_is_command_not_found(world: World, name: str) -> None:
    result = await sh(world, f"{name} --version; echo $?")
    assert result.stderr == f"bash: {name}: command not found\n"
    assert result.stdout == "127\n"
    assert result.unsupported == [name]


@pytest.mark.anyio
async def test_a_path_to_a_missing_program_is_no_such_file(world: World) -> None:
    result = await sh(world, "./x.sh")
    assert (result.stderr, result.exit_status, result.unsupported) == (
        "bash: ./x.sh: No such file or directory\n",
        127,
        [],
    )


@pytest.mark.anyio
async def test_help_lists_builtins_and_commands(world: World) -> None:
    listing = await out(world, "help")
    assert "cd" in listing and "printf" in listing and "ls" in listing


@pytest.mark.anyio
async def test_history_numbers_the_devices_lines_oldest_first_with_this_one_last(world: World) -> None:
    await sh(world, "echo a")
    await sh(world, "ls /nowhere")
    assert (await sh(world, "history")).stdout == "    1  echo a\n    2  ls /nowhere\n    3  history\n"
    assert (await sh(world, "history 2")).stdout == "    3  history\n    4  history 2\n"


@pytest.mark.anyio
async def test_history_refuses_a_count_that_is_not_a_number(world: World) -> None:
    result = await sh(world, "history x")
    assert (result.stderr, result.exit_status) == ("bash: history: x: numeric argument required\n", 1)
