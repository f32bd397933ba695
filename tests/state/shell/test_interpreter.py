"""The interpreter: lists, pipes, redirections, expansions and control flow, as bash runs them."""

from __future__ import annotations

import pytest

from state.world import World
from tests.state.shell.core_helpers import file_content, out, sh


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("true && echo a || echo b", "a\n"),
        ("false && echo a || echo b", "b\n"),
        ("echo one; echo two", "one\ntwo\n"),
        ("! false; echo $?", "0\n"),
        ("false; echo $?", "1\n"),
        ("false | true; echo $?", "0\n"),
        ("set -o pipefail; false | true; echo $?", "1\n"),
        ("x=5; echo $((x * 2 + 1)) $((2**10)) $((7 % 3)) $((-7 / 2))", "11 1024 1 -3\n"),
        ("x=1; ((x += 4)); echo $x; ((0)) || echo zero", "5\nzero\n"),
        ("echo {a,b}{1..3}", "a1 a2 a3 b1 b2 b3\n"),
        ("echo {01..03} {c..a}", "01 02 03 c b a\n"),
        ("echo $(echo a   b) \"$(echo 'x  y')\" `echo bt`", "a b x  y bt\n"),
        ('echo `echo one` `echo two` "`echo \\"q\\"`"', "one two q\n"),
        ('echo hi > f; echo $(< f) "$(<f)"', "hi hi\n"),
        ("x=1; echo a{$x,2}", "a1 a2\n"),
        ("x=2; echo $((x+$x+)); echo no", ""),
        ("ls() { echo fake; }; command ls -d /home", "/home\n"),
        ("x=Grüße; echo ${#x}", "5\n"),
        ("echo 'single $x' $'a\\tb' \"dq \\$x\" a\\ b", "single $x a\tb dq $x a b\n"),
        ("v='a  b'; printf '[%s]' $v \"$v\"; echo", "[a][b][a  b]\n"),
        ("IFS=:; v=a:b:c; for p in $v; do echo $p; done", "a\nb\nc\n"),
        ('set -- \'a b\' c; for x in "$@"; do echo "<$x>"; done; echo $#', "<a b>\n<c>\n2\n"),
        ("echo ~ ~/x", "/home/maya /home/maya/x\n"),
        (
            'echo "$HOME $USER $LOGNAME $HOSTNAME $SHELL $LANG"',
            "/home/maya maya maya maya-laptop /bin/bash C.UTF-8\n",
        ),
        ("for i in 1 2 3; do echo $i; done", "1\n2\n3\n"),
        ("for ((i = 0; i < 3; i++)); do echo -n $i; done; echo", "012\n"),
        ("i=0; while [ $i -lt 3 ]; do i=$((i + 1)); done; echo $i", "3\n"),
        ("i=0; until [ $i -ge 2 ]; do i=$((i + 1)); done; echo $i", "2\n"),
        ("for i in 1 2 3 4; do [ $i = 2 ] && continue; [ $i = 4 ] && break; echo $i; done", "1\n3\n"),
        ("for i in a b; do for j in 1 2; do [ $j = 2 ] && break 2; echo $i$j; done; done", "a1\n"),
        ("case foo.txt in *.md) echo md;; *.txt|*.text) echo text;; esac", "text\n"),
        ("case b in a) echo a;& b) echo b;& c) echo c;; d) echo d;; esac", "b\nc\n"),
        ("if false; then echo 1; elif true; then echo 2; else echo 3; fi", "2\n"),
        (
            'f() { local a=1; echo "in $a $1 $#"; return 3; }; f x y; echo $? ${a:-unset}',
            "in 1 x 2\n3 unset\n",
        ),
        ("(cd /; pwd); pwd", "/\n/home/maya\n"),
        ("x=1; (x=2); echo $x", "1\n"),
        ('echo x | read v; echo "[$v]"', "[]\n"),
        ("[[ abc == a* && -n abc ]] && echo match", "match\n"),
        ("[[ 'a*' == \"a*\" ]] && echo literal", "literal\n"),
        ("[[ report.pdf =~ \\.pdf$ ]] && echo regex", "regex\n"),
        ("[[ abc42 =~ ([a-z]+)([0-9]+) ]] && echo ${BASH_REMATCH[2]} ${BASH_REMATCH[0]}", "42 abc42\n"),
        (
            "[[ ab =~ a(x)?b ]]; echo ${#BASH_REMATCH[@]}; [[ z =~ [0-9] ]]; echo ${#BASH_REMATCH[@]}",
            "2\n0\n",
        ),
        ('[[ axb =~ "a.b" ]]; echo $?; [[ a.b =~ a"."b ]]; echo $?', "1\n0\n"),
        ("r='a('; [[ a =~ $r ]]; echo $?", "2\n"),
    ],
)
async def test_a_line_prints_what_bash_prints(world: World, line: str, expected: str) -> None:
    assert await out(world, line) == expected


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('echo "${x:-default}"', "default\n"),
        ("echo ${x:=set} $x", "set set\n"),
        ("x=hello; echo ${#x} ${x^^} ${x:1:3} ${x: -2}", "5 HELLO ell lo\n"),
        ("x=archive.tar.gz; echo ${x%.*} ${x%%.*} ${x#*.} ${x##*.}", "archive.tar archive tar.gz gz\n"),
        ("x=hello; echo ${x/l/L} ${x//l/L} ${x/#h/H} ${x/%o/O}", "heLlo heLLo Hello hellO\n"),
        ("x=a; echo ${x:+yes} ${y:+yes}.", "yes .\n"),
        ("p=/home/maya/doc.txt; echo ${p##*/} ${p%/*}", "doc.txt /home/maya\n"),
        ("ext=txt; f=a.txt; echo ${f%.$ext}", "a\n"),
    ],
)
async def test_parameter_expansions_work_like_bash(world: World, line: str, expected: str) -> None:
    assert await out(world, line) == expected


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("a=(1 2 3); echo ${a[@]} ${#a[@]} ${a[1]} ${a[-1]} $a", "1 2 3 3 2 3 1\n"),
        ('f=(x \'y z\'); for i in "${f[@]}"; do echo "[$i]"; done', "[x]\n[y z]\n"),
        ('a=(b a c); IFS=-; echo "${a[*]}" ${!a[@]}', "b-a-c 0 1 2\n"),
        ("a[3]=x; a+=(y); echo ${#a[@]} ${!a[@]}; unset 'a[3]'; echo ${a[@]}", "2 3 4\ny\n"),
        ("files=(r.txt s.txt); echo ${files[@]%.txt}", "r s\n"),
        ("g() { local arr=(p q); echo ${arr[1]}; }; arr=(o); g; echo ${arr[@]}", "q\no\n"),
        ("read -ra parts <<< 'a b  c'; echo ${#parts[@]} ${parts[2]}", "3 c\n"),
    ],
)
async def test_indexed_arrays_work_like_bash(world: World, line: str, expected: str) -> None:
    assert await out(world, line) == expected


@pytest.mark.anyio
async def test_redirections_write_append_and_read_world_files(world: World) -> None:
    result = await sh(world, "echo a > f.txt; echo b >> f.txt; read first < f.txt; echo $first")
    assert result.stdout == "a\n"
    assert file_content(world, "/home/maya/f.txt") == "a\nb\n"


@pytest.mark.anyio
async def test_stderr_can_be_merged_discarded_or_sent_to_a_file(world: World) -> None:
    result = await sh(
        world, "cd /nowhere 2>&1; cd /nowhere 2>/dev/null; cd /x &> err.txt; echo ok >/dev/null"
    )
    assert result.stdout == "bash: cd: /nowhere: No such file or directory\n"
    assert result.stderr == ""
    assert file_content(world, "/home/maya/err.txt") == "bash: cd: /x: No such file or directory\n"


@pytest.mark.anyio
async def test_the_order_of_redirections_matters(world: World) -> None:
    result = await sh(world, "{ echo out; echo err >&2; } 2>&1 >/dev/null")
    assert (result.stdout, result.stderr) == ("err\n", "")


@pytest.mark.anyio
async def test_a_group_redirected_writes_all_its_output_to_the_file(world: World) -> None:
    await sh(world, "{ echo a; echo b; } > g.txt; for i in 1 2; do echo $i; done >> g.txt")
    assert file_content(world, "/home/maya/g.txt") == "a\nb\n1\n2\n"


@pytest.mark.anyio
async def test_a_redirection_into_a_missing_directory_fails_and_the_command_does_not_run(
    world: World,
) -> None:
    result = await sh(world, "echo hi > nowhere/f.txt; echo $?")
    assert result.stderr == "bash: nowhere/f.txt: No such file or directory\n"
    assert result.stdout == "1\n"


@pytest.mark.anyio
async def test_heredocs_expand_unless_their_delimiter_is_quoted(world: World) -> None:
    line = "x=1\nwhile read l; do echo \"[$l]\"; done <<EOF\na $x\nb\nEOF\ncat <<-'END'\n\tkeep $x\n\tEND"
    result = await sh(world, line)
    assert result.stdout == "[a 1]\n[b]\nkeep $x\n"


@pytest.mark.anyio
async def test_a_heredoc_expands_arithmetic_backquotes_and_keeps_escaped_dollars(world: World) -> None:
    line = "cat <<EOF\n$((1+2)) \\$HOME `echo hi` $(echo sub) \"q\" 'x'\nEOF"
    assert await out(world, line) == "3 $HOME hi sub \"q\" 'x'\n"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("cat <<EOF > out.txt && cat out.txt\nz\nEOF", "z\n"),
        ("cat <<EOF | sort > s.txt; cat s.txt\nb\na\nEOF", "a\nb\n"),
        ("cat > f.py <<'PY'\ndef f():\n    return \"$x\"\nPY\ncat f.py", 'def f():\n    return "$x"\n'),
        ("cat <<A; cat <<B\n1\nA\n2\nB", "1\n2\n"),
        ('x=$(cat <<EOF\ncaptured\nEOF\n); echo "$x"', "captured\n"),
        ("echo $((1<<3)) 'a<<b'", "8 a<<b\n"),
        ("cat <<EOF\nno end", "no end\n"),
    ],
)
async def test_heredocs_anywhere_on_a_line_read_their_body_from_the_next_lines(
    world: World, line: str, expected: str
) -> None:
    assert await out(world, line) == expected


@pytest.mark.anyio
async def test_a_here_string_is_a_line_of_input(world: World) -> None:
    assert await out(world, 'read a b <<< "1 2 3"; echo "$a|$b"') == "1|2 3\n"


@pytest.mark.anyio
async def test_globs_match_world_files_sorted_and_hide_dot_files(world: World) -> None:
    await sh(world, "echo > b.txt; echo > a.txt; echo > .hidden.txt; echo > c.md")
    assert await out(world, "echo *.txt; echo .*.txt; echo *.none; echo '*.txt'") == (
        "a.txt b.txt\n.hidden.txt\n*.none\n*.txt\n"
    )


@pytest.mark.anyio
async def test_an_arithmetic_error_stops_the_line_like_bash_c(world: World) -> None:
    result = await sh(world, "echo $((1 / 0)); echo after")
    assert (result.stdout, result.exit_status) == ("", 1)
    assert result.stderr == 'bash: 1 / 0: division by 0 (error token is "0")\n'


@pytest.mark.anyio
async def test_set_e_stops_at_the_first_failure_but_not_in_conditions(world: World) -> None:
    result = await sh(world, "set -e; if false; then :; fi; false || true; echo before; false; echo after")
    assert (result.stdout, result.exit_status) == ("before\n", 1)


@pytest.mark.anyio
async def test_set_u_stops_at_an_unset_variable_with_status_127(world: World) -> None:
    result = await sh(world, "set -u; echo ${nope}; echo after")
    assert (result.stdout, result.stderr, result.exit_status) == ("", "bash: nope: unbound variable\n", 127)


@pytest.mark.anyio
async def test_set_x_traces_each_command_to_stderr(world: World) -> None:
    result = await sh(world, "set -x; echo 'a b' c")
    assert (result.stdout, result.stderr) == ("a b c\n", "+ echo 'a b' c\n")


@pytest.mark.anyio
async def test_a_program_named_by_its_path_in_path_directories_runs(world: World) -> None:
    assert await out(world, "/bin/echo hi; /usr/bin/printf '%s\\n' x") == "hi\nx\n"


@pytest.mark.anyio
async def test_exit_ends_the_line_with_its_status(world: World) -> None:
    result = await sh(world, "echo a; exit 3; echo b")
    assert (result.stdout, result.exit_status) == ("a\n", 3)


@pytest.mark.anyio
async def test_a_script_of_the_world_runs_with_bash_and_source(world: World) -> None:
    await sh(world, "printf 'echo \"args: $*\"\\nX=sourced\\n' > s.sh")
    assert await out(world, "bash s.sh 1 2; echo ${X:-unset}; source s.sh; echo $X") == (
        "args: 1 2\nunset\nargs: \nsourced\n"
    )


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("diff <(printf 'b\\na\\n' | sort) <(printf 'a\\nc\\n')", "2c2\n< b\n---\n> c\n"),
        ("comm -12 <(printf 'a\\nb\\n') <(printf 'b\\nc\\n')", "b\n"),
        ("while read l; do echo got $l; done < <(printf 'x\\ny\\n')", "got x\ngot y\n"),
        ("echo <(true) <(true)", "/dev/fd/63 /dev/fd/62\n"),
        ("cat <(echo one) - <<< two", "one\ntwo\n"),
        ("wc -l < <(seq 3)", "3\n"),
    ],
)
async def test_process_substitution_reads_a_commands_output_as_a_file(
    world: World, line: str, expected: str
) -> None:
    since = world.snapshot()
    assert await out(world, line) == expected
    assert world.diff(since).empty
