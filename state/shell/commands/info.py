"""What is known of a path: stat, du, file."""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Callable
from datetime import datetime

from state.shell.api import Context, FsError, Stat, command
from state.shell.commands._common import (
    ARCHIVE_MIME_TYPES,
    GZIP_MIME_TYPE,
    TAR_MIME_TYPE,
    ZIP_MIME_TYPE,
    blocks,
    check_depth,
    error,
    file_bytes,
    human,
    post_order,
    size_of,
    walk,
)
from state.shell.commands._options import Options, Spec, parse, usage
from state.shell.commands._strftime import strftime


def _kind(stat: Stat) -> str:
    if stat.is_dir:
        return "directory"
    return "regular file" if stat.size else "regular empty file"


def _time(moment: datetime) -> str:
    return (
        strftime("%Y-%m-%d %H:%M:%S", moment) + f".{moment.microsecond * 1000:09d} " + strftime("%z", moment)
    )


def _stat_fields(ctx: Context, name: str, stat: Stat) -> dict[str, Callable[[], str]]:
    links = 2 + sum(child.is_dir for child in ctx.fs.tree(name, max_depth=1)[1:]) if stat.is_dir else 1
    return {
        "n": lambda: name,
        "N": lambda: f"'{name}'",
        "s": lambda: str(size_of(stat)),
        "F": lambda: _kind(stat),
        "a": lambda: "755" if stat.is_dir else "644",
        "A": lambda: "drwxr-xr-x" if stat.is_dir else "-rw-r--r--",
        "U": lambda: ctx.user,
        "G": lambda: ctx.user,
        "u": lambda: "1000",
        "g": lambda: "1000",
        "y": lambda: _time(stat.modified_at),
        "x": lambda: _time(stat.modified_at),
        "z": lambda: _time(stat.modified_at),
        "w": lambda: _time(stat.created_at),
        "Y": lambda: str(int(stat.modified_at.timestamp())),
        "X": lambda: str(int(stat.modified_at.timestamp())),
        "Z": lambda: str(int(stat.modified_at.timestamp())),
        "W": lambda: str(int(stat.created_at.timestamp())),
        "b": lambda: str(blocks(stat) * 2),
        "B": lambda: "512",
        "o": lambda: "4096",
        "h": lambda: str(links),
        "i": lambda: str(zlib.crc32(stat.path.encode()) % 10_000_000),
        "d": lambda: "65024",
        "D": lambda: "fe00",
        "m": lambda: "/",
        "%": lambda: "%",
    }


_DEFAULT_STAT = (
    "  File: %n\n  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n"
    "Device: 254,0\tInode: %-11i Links: %h\n"
    "Access: (0%a/%A)  Uid: ( %4u/%8U)   Gid: ( %4g/%8G)\n"
    "Access: %x\nModify: %y\nChange: %z\n Birth: %w\n"
)
_DIRECTIVE = re.compile(r"%(-?\d*)([a-zA-Z%])")


def _render(template: str, fields: dict[str, Callable[[], str]]) -> str:
    def one(match: re.Match[str]) -> str:
        width, code = match.groups()
        if code not in fields:
            return "?"
        value = fields[code]()
        if not width:
            return value
        return value.ljust(int(width[1:])) if width.startswith("-") else value.rjust(int(width))

    return _DIRECTIVE.sub(one, template)


@command("stat")
def stat(ctx: Context, argv: list[str]) -> int:
    """Details of files in GNU's long format, or as ``-c FORMAT`` says: ``%n`` name, ``%s`` size,
    ``%y`` modified, ``%Y`` modified (epoch), ``%F`` type, ``%a`` mode, ``%U`` owner."""
    spec = Spec(flags="Lt", valued="c", long={"format": "c", "printf": "printf", "dereference": "L"})
    opts = parse(ctx, argv, Spec(spec.flags, spec.valued, spec.long, frozenset({"printf"})))
    if opts is None:
        return 1
    if not opts.operands:
        return usage(ctx, "stat", "missing operand")
    template = _DEFAULT_STAT
    if opts.value("c") is not None:
        template = (opts.value("c") or "") + "\n"
    elif opts.value("printf") is not None:
        template = (opts.value("printf") or "").encode().decode("unicode_escape")
    status = 0
    for operand in opts.operands:
        found = ctx.fs.stat(operand)
        if found is None:
            error(ctx, "stat", f"cannot statx '{operand}': No such file or directory")
            status = 1
            continue
        ctx.out.write(_render(template, _stat_fields(ctx, operand, found)))
    return status


_DU = Spec(
    flags="shacSxLk",
    valued="d",
    long={
        "summarize": "s",
        "human-readable": "h",
        "all": "a",
        "total": "c",
        "max-depth": "d",
        "apparent-size": "apparent-size",
    },
)


def _du_tree(ctx: Context, top: str, stat: Stat, opts: Options) -> int:
    """Print ``top``'s lines (children before their directory, as du does) and give its 1K blocks."""
    max_depth = int(opts.value("d") or "0") if opts.has("d") else (0 if opts.has("s") else None)
    pending: dict[int, int] = {}
    total = 0
    for entry in post_order(list(walk(ctx, top, stat))):
        total = blocks(entry.stat) + pending.pop(entry.depth + 1, 0)
        pending[entry.depth] = pending.get(entry.depth, 0) + total
        if max_depth is not None and entry.depth > max_depth:
            continue
        if entry.stat.is_dir or opts.has("a") or entry.depth == 0:
            ctx.out.write(f"{human(total * 1024) if opts.has('h') else total}\t{entry.path}\n")
    return total


@command("du")
def du(ctx: Context, argv: list[str]) -> int:
    """Disk use in 1K blocks (as ``ls -s`` counts them): each directory, ``-a`` files too, ``-s`` only the
    total, ``-h`` human sizes, ``-c`` a grand total, ``-d N`` / ``--max-depth=N``."""
    opts = parse(ctx, argv, Spec(_DU.flags, _DU.valued, {**_DU.long, "max-depth": "d"}, frozenset()))
    if opts is None:
        return 1
    status = 0
    grand = 0
    for operand in opts.operands or ["."]:
        found = ctx.fs.stat(operand)
        if found is None:
            error(ctx, "du", f"cannot access '{operand}': No such file or directory")
            status = 1
            continue
        check_depth(ctx, 0, operand)
        grand += _du_tree(ctx, operand, found, opts)
    if opts.has("c"):
        ctx.out.write(f"{human(grand * 1024) if opts.has('h') else grand}\ttotal\n")
    return status


def _text_description(text: str) -> tuple[str, str]:
    """What ``file`` says of text, and its mime type."""
    ascii_only = text.isascii()
    charset = "ASCII text" if ascii_only else "Unicode text, UTF-8 text"
    kind, mime = charset, "text/plain"
    stripped = text.lstrip()
    if text.startswith("#!"):
        interpreter = text.split("\n", 1)[0]
        if "python" in interpreter:
            kind, mime = f"Python script, {charset} executable", "text/x-script.python"
        elif "bash" in interpreter:
            kind, mime = f"Bourne-Again shell script, {charset} executable", "text/x-shellscript"
        else:
            kind, mime = f"POSIX shell script, {charset} executable", "text/x-shellscript"
    elif stripped.lower().startswith(("<!doctype html", "<html")):
        kind, mime = f"HTML document, {charset}", "text/html"
    elif stripped.startswith("<?xml"):
        kind, mime = f"XML 1.0 document, {charset}", "text/xml"
    elif stripped[:1] in ("{", "[") and _is_json(text):
        return "JSON text data", "application/json"
    elif _is_csv(text):
        return "CSV text", "text/csv"
    return kind + _line_notes(text), mime


def _is_csv(text: str) -> bool:
    """As file 5's check: three or more complete lines with the same number (two or more) of
    comma-separated fields, double quotes protecting commas."""
    complete = text.split("\n")[:-1][:_CSV_LINES]
    if len(complete) < 3:
        return False
    counts = {_csv_fields(line) for line in complete}
    return len(counts) == 1 and counts.pop() >= 2


_CSV_LINES = 10


def _csv_fields(line: str) -> int:
    fields, quoted = 1, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            fields += 1
    return fields


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _line_notes(text: str) -> str:
    notes: list[str] = []
    longest = max(len(line.encode()) for line in text.split("\n"))
    if longest > 300:
        notes.append(f"with very long lines ({longest})")
    if "\r\n" in text:
        notes.append("with CRLF line terminators")
    elif "\n" not in text:
        notes.append("with no line terminators")
    return "".join(f", {note}" for note in notes)


_BINARY = {
    "application/pdf": "PDF document, version 1.4",
    "image/jpeg": "JPEG image data, JFIF standard 1.01",
    "image/png": "PNG image data",
    "image/gif": "GIF image data, version 89a",
    ZIP_MIME_TYPE: "Zip archive data, at least v2.0 to extract, compression method=deflate",
    GZIP_MIME_TYPE: "gzip compressed data, from Unix",
    TAR_MIME_TYPE: "POSIX tar archive (GNU)",
    "audio/mpeg": "Audio file with ID3 version 2.4.0",
    "video/mp4": "ISO Media, MP4 v2 [ISO 14496-14]",
}


def _describe(ctx: Context, operand: str, found: Stat) -> tuple[str, str]:
    if found.is_dir:
        return "directory", "inode/directory"
    if found.size == 0:
        return "empty", "inode/x-empty"
    text = ctx.fs.read_text(operand)
    if found.mime_type == GZIP_MIME_TYPE and text:
        original = int.from_bytes(file_bytes(ctx, operand)[-4:], "little")
        return f"{_BINARY[GZIP_MIME_TYPE]}, original size modulo 2^32 {original}", GZIP_MIME_TYPE
    if found.mime_type in _BINARY and (not text or found.mime_type in ARCHIVE_MIME_TYPES):
        return _BINARY[found.mime_type], found.mime_type
    if not text:
        return "data", "application/octet-stream"
    if text.startswith("%PDF-"):
        return f"PDF document, version {text[5:8]}", "application/pdf"
    return _text_description(text)


@command("file")
def file(ctx: Context, argv: list[str]) -> int:
    """What each file holds, as ``file`` 5 words it (``ASCII text``, ``directory``, ``PDF document``,
    ``JPEG image data``, ``empty``); ``-b`` without names, ``--mime-type`` / ``-i`` mime types."""
    spec = Spec(flags="biLz", long={"brief": "b", "mime": "i", "mime-type": "mime-type"})
    opts = parse(ctx, argv, spec)
    if opts is None:
        return 1
    if not opts.operands:
        ctx.err.write("Usage: file [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]\n")
        return 1
    width = max(len(operand) for operand in opts.operands) + 1
    for operand in opts.operands:
        found = ctx.fs.stat(operand)
        try:
            description = _file_line(ctx, operand, found, opts)
        except FsError as failure:
            description = f"cannot open `{operand}' ({failure.strerror})"
        ctx.out.write(description if opts.has("b") else f"{operand + ':':<{width}} {description}")
        ctx.out.write("\n")
    return 0


def _file_line(ctx: Context, operand: str, found: Stat | None, opts: Options) -> str:
    if found is None:
        return f"cannot open `{operand}' (No such file or directory)"
    description, mime = _describe(ctx, operand, found)
    if opts.has("mime-type"):
        return mime
    if opts.has("i"):
        charset = "binary"
        if mime.startswith("text/") or mime == "application/json":
            charset = "us-ascii" if ctx.fs.read_text(operand).isascii() else "utf-8"
        return f"{mime}; charset={charset}"
    return description
