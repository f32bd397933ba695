"""Redirections: ``> >> < 2> 2>&1 &> <<EOF <<<``, applied left to right to a copy of the descriptors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from state.shell.api import FsError
from state.shell.fs_read import DEV_NULL
from state.shell.streams import FileOutput, Input, NullOutput, Streams, Writer, open_for_writing
from state.shell.syntax import Node, Redirect, Simple

if TYPE_CHECKING:
    from state.shell.interpreter import Interpreter

_WRITES = frozenset({">", ">|", ">>", "&>", "&>>"})
_DEVICES = {"/dev/stdout": 1, "/dev/stderr": 2}


class RedirectFailed(Exception):
    """A redirection that cannot be made; the message is bash's, the command does not run."""


def open_redirects(
    shell: Interpreter, redirects: tuple[Redirect, ...], streams: Streams
) -> tuple[Streams, list[FileOutput]]:
    """The descriptors after ``redirects``, and the files opened (to :func:`close_all` afterwards)."""
    if not redirects:
        return streams, []
    stdin = streams.stdin
    outputs = dict(streams.outputs)
    opened: list[FileOutput] = []
    try:
        for redirect in redirects:
            stdin = _apply(shell, redirect, stdin, outputs, opened)
    except FsError as error:
        close_all(opened)
        raise RedirectFailed(f"{error.path}: {error.strerror}") from None
    return Streams(stdin, outputs), opened


def close_all(opened: list[FileOutput]) -> None:
    for output in opened:
        output.close()


def _apply(
    shell: Interpreter, redirect: Redirect, stdin: Input, outputs: dict[int, Writer], opened: list[FileOutput]
) -> Input:
    op = redirect.op
    if op in ("<<", "<<-"):
        return _heredoc(shell, redirect)
    if op == "<<<":
        return Input(shell.expand.string(redirect.target) + "\n" if redirect.target else "\n")
    target = _target(shell, redirect)
    fd = redirect.fd
    if op in ("<", "<>"):
        if shell.fs.resolve(target) == DEV_NULL or target == "/dev/stdin":
            return Input("") if target != "/dev/stdin" else stdin
        return Input(shell.fs.read_text(target), regular_file=True)
    if op in (">&", "<&") and (target.isdigit() or target == "-"):
        _duplicate(outputs, fd if fd is not None else (1 if op == ">&" else 0), target)
        return stdin
    writer = _writer(shell, target, op.endswith(">>"), outputs, opened)
    if op.startswith("&") or (op == ">&" and fd is None):
        outputs[1] = outputs[2] = writer
    else:
        outputs[fd if fd is not None else 1] = writer
    return stdin


def _target(shell: Interpreter, redirect: Redirect) -> str:
    if redirect.target is None:
        raise RedirectFailed("syntax error near unexpected token `newline'")
    words = shell.expand.words((redirect.target,))
    if len(words) != 1:
        raise RedirectFailed(f"{shell.expand.string(redirect.target)}: ambiguous redirect")
    if not words[0]:
        raise RedirectFailed(": No such file or directory")
    return words[0]


def _writer(
    shell: Interpreter, target: str, append: bool, outputs: dict[int, Writer], opened: list[FileOutput]
) -> Writer:
    if target in _DEVICES:
        return outputs[_DEVICES[target]]
    if shell.fs.resolve(target) == DEV_NULL:
        return NullOutput()
    output = open_for_writing(shell.fs, target, append, shell.limits.file_bytes)
    opened.append(output)
    return output


def _duplicate(outputs: dict[int, Writer], fd: int, target: str) -> None:
    if target == "-":
        outputs.pop(fd, None)
        return
    source = int(target)
    if source not in outputs:
        raise RedirectFailed(f"{source}: Bad file descriptor")
    outputs[fd] = outputs[source]


def _heredoc(shell: Interpreter, redirect: Redirect) -> Input:
    heredoc = redirect.heredoc
    if heredoc is None:
        return Input("")
    text = shell.expand.string(heredoc.body)
    if heredoc.strip_tabs:
        text = "".join(line.lstrip("\t") for line in text.splitlines(keepends=True))
    return Input(text)


def file_substitution(shell: Interpreter, body: Node) -> str | None:
    """``$(< file)``, which bash reads itself: the file's text (empty, status 1, when it cannot be
    read), or None when ``body`` is not a lone input redirection."""
    if not isinstance(body, Simple) or body.words or body.assignments or len(body.redirects) != 1:
        return None
    redirect = body.redirects[0]
    if redirect.op != "<" or redirect.fd not in (None, 0):
        return None
    shell.runtime.budget.command()
    try:
        redirected, opened = open_redirects(shell, body.redirects, Streams(Input(""), {2: shell.err}))
    except RedirectFailed as failed:
        shell.err.write(f"bash: {failed}\n")
        shell.substitution_status = shell.state.status = 1
        return ""
    close_all(opened)
    shell.substitution_status = shell.state.status = 0
    return redirected.stdin.read_all()
