"""zip and unzip over the world's files.

The world keeps file content as text, so an archive is a real zip file (built with ``zipfile`` in
memory, deterministic: entry times are the files' times, fixed permissions) stored as base64 text with the
mime type ``application/zip`` and its real byte length as the size. ``unzip`` reads it back the same way.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import io
import zipfile
from datetime import datetime

from state.shell.api import Context, FsError, LimitExceeded, Stat, command
from state.shell.commands._common import (
    ZIP_MIME_TYPE,
    Entry,
    error,
    file_bytes,
    join_path,
    member_bytes,
    unpack,
    walk,
)
from state.shell.commands._options import Options, Spec, parse

_ZIP = Spec(
    flags="rqjmdD@0123456789",
    long={"recurse-paths": "r", "quiet": "q", "junk-paths": "j", "delete": "d", "names-stdin": "@"},
)
_UNZIP = Spec(flags="loqnj", valued="d")


def _write_archive(ctx: Context, path: str, data: bytes) -> None:
    ctx.fs.write_text(path, base64.b64encode(data).decode(), mime_type=ZIP_MIME_TYPE, size=len(data))


def _read_archive(ctx: Context, path: str) -> zipfile.ZipFile | None:
    try:
        data = file_bytes(ctx, path)
        return zipfile.ZipFile(io.BytesIO(data))
    except (binascii.Error, ValueError, zipfile.BadZipFile, FsError):
        return None


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    year = min(max(moment.year, 1980), 2107)
    return (year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _member(name: str, stat: Stat) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name + ("/" if stat.is_dir else ""), _zip_time(stat.modified_at))
    info.create_system = 3
    info.external_attr = ((0o40755 if stat.is_dir else 0o100644) << 16) | (0x10 if stat.is_dir else 0)
    return info


def _entries(ctx: Context, operands: list[str], opts: Options) -> tuple[list[Entry], list[str]]:
    found: list[Entry] = []
    missing: list[str] = []
    for operand in operands:
        stat = ctx.fs.stat(operand)
        if stat is None:
            missing.append(operand)
        elif stat.is_dir and opts.has("r"):
            found.extend(walk(ctx, operand, stat))
        else:
            found.append(Entry(operand, stat, 0))
    return found, missing


def _compressed(ctx: Context, entry: Entry, name: str) -> tuple[zipfile.ZipInfo, bytes, str]:
    info = _member(name, entry.stat)
    data = b"" if entry.stat.is_dir else member_bytes(ctx, entry.path)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(io.BytesIO(), "w") as trial:
        trial.writestr(info, data)
        written = trial.getinfo(info.filename)
    if data and written.compress_size < len(data):
        percent = (200 * (len(data) - written.compress_size) // len(data) + 1) // 2
        return info, data, f"deflated {percent}%"
    info.compress_type = zipfile.ZIP_STORED
    return info, data, "stored 0%"


def _exclusions(argv: list[str]) -> tuple[list[str], list[str]] | None:
    """``argv`` without its ``-x PATTERN...`` lists (each runs to the next option), and the patterns;
    None when a ``-x`` has no pattern."""
    kept: list[str] = []
    patterns: list[str] = []
    index = 0
    while index < len(argv):
        arg = argv[index]
        index += 1
        if arg not in ("-x", "--exclude"):
            kept.append(arg)
            continue
        start = index
        while index < len(argv) and not argv[index].startswith("-"):
            index += 1
        if index == start:
            return None
        patterns.extend(argv[start:index])
    return kept, patterns


def _matches(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


@command("zip")
def zip_(ctx: Context, argv: list[str]) -> int:
    """Pack files into a zip archive: ``zip -r out.zip docs/ notes.txt``; ``-q`` quiet, ``-j`` no folders,
    ``-x PATTERN...`` leaves matching names out, ``-@`` reads names from stdin, ``-d out.zip NAME...``
    deletes entries (wildcards match across ``/``)."""
    split = _exclusions(argv)
    if split is None:
        ctx.out.write(
            "\nzip error: Invalid command arguments (option 'x' (exclude files matching patterns) requires a value)\n"
        )
        return 16
    opts = parse(ctx, split[0], _ZIP)
    if opts is None:
        return 16
    names = opts.operands[1:]
    if opts.has("@"):
        names = [line for line in ctx.stdin.splitlines() if line] + names
    if not opts.operands or (not names and not opts.has("@")):
        ctx.out.write("\nzip error: Nothing to do! (" + (opts.operands or ["-"])[0] + ")\n")
        return 12
    archive = opts.operands[0]
    archive = archive if "." in archive.rsplit("/", 1)[-1] else archive + ".zip"
    if opts.has("d"):
        return _delete(ctx, archive, names)
    return _pack(ctx, opts, archive, names, split[1])


def _pack(ctx: Context, opts: Options, archive: str, operands: list[str], excluded: list[str]) -> int:
    entries, missing = _entries(ctx, operands, opts)
    for name in missing:
        ctx.out.write(f"\tzip warning: name not matched: {name}\n")
    members = _members(ctx, archive)
    added = 0
    for entry in entries:
        path = entry.path.lstrip("/").removeprefix("./")
        if _matches(path + ("/" if entry.stat.is_dir else ""), excluded):
            continue
        info, data, how = _compressed(ctx, entry, path.rsplit("/", 1)[-1] if opts.has("j") else path)
        verb = "updating" if info.filename in members else "adding"
        members[info.filename] = (info, data)
        added += 1
        if not opts.has("q"):
            ctx.out.write(f"  {verb}: {info.filename} ({how})\n")
    if not added:
        ctx.out.write(f"\nzip error: Nothing to do! ({archive})\n")
        return 12
    _store(ctx, archive, members)
    return 0


def _delete(ctx: Context, archive: str, names: list[str]) -> int:
    members = _members(ctx, archive)
    if not members:
        ctx.out.write(f"\tzip warning: {archive} not found or empty\n")
    for name in names:
        if not any(_matches(member, [name]) for member in members):
            ctx.out.write(f"\tzip warning: name not matched: {name}\n")
    doomed = [member for member in members if _matches(member, names)]
    if not doomed:
        ctx.out.write(f"\nzip error: Nothing to do! ({archive})\n")
        return 12
    for member in doomed:
        ctx.out.write(f"deleting: {member}\n")
        del members[member]
    if not members:
        ctx.out.write("\tzip warning: zip file empty\n")
    _store(ctx, archive, members)
    return 0


_Members = dict[str, tuple[zipfile.ZipInfo, bytes]]


def _members(ctx: Context, archive: str) -> _Members:
    existing = _read_archive(ctx, archive) if ctx.fs.stat(archive) else None
    return {info.filename: (info, existing.read(info)) for info in existing.infolist()} if existing else {}


def _store(ctx: Context, archive: str, members: _Members) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as packed:
        for info, data in members.values():
            packed.writestr(info, data)
    _write_archive(ctx, archive, buffer.getvalue())


def _list(ctx: Context, archive: str, packed: zipfile.ZipFile) -> int:
    ctx.out.write(
        f"Archive:  {archive}\n  Length      Date    Time    Name\n---------  ---------- -----   ----\n"
    )
    total = 0
    for info in packed.infolist():
        year, month, day, hour, minute, _ = info.date_time
        ctx.out.write(
            f"{info.file_size:9d}  {year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}   {info.filename}\n"
        )
        total += info.file_size
    count = len(packed.infolist())
    ctx.out.write(
        f"---------                     -------\n{total:9d}                     {count} file{'s' * (count != 1)}\n"
    )
    return 0


def _extract(ctx: Context, opts: Options, packed: zipfile.ZipFile, wanted: list[str]) -> int:
    target = opts.value("d")
    if target is not None and ctx.fs.stat(target) is None:
        ctx.fs.make_dir(target, parents=True)
    status = 0
    for info in packed.infolist():
        if wanted and info.filename not in wanted:
            continue
        path = join_path(target, info.filename) if target else info.filename
        if info.is_dir():
            if ctx.fs.stat(path) is None:
                ctx.fs.make_dir(path.rstrip("/"), parents=True)
                _say(ctx, opts, f"   creating: {path}\n")
            continue
        if ctx.fs.stat(path) is not None and not opts.has("o"):
            if opts.has("n"):
                continue
            ctx.err.write(
                f'replace {path}? [y]es, [n]o, [A]ll, [N]one, [r]ename:  NULL\n(EOF or read error, treating as "[N]one" ...)\n'
            )
            return 1
        if info.file_size > ctx.limits.file_bytes:
            raise LimitExceeded("file_bytes", f"{info.filename} unpacks to {info.file_size} bytes: stopped")
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        if parent and ctx.fs.stat(parent) is None:
            ctx.fs.make_dir(parent, parents=True)
        unpack(ctx, path, packed.read(info))
        verb = "  inflating" if info.compress_type == zipfile.ZIP_DEFLATED else " extracting"
        _say(ctx, opts, f"{verb}: {path:<22}  \n")
    return status


def _say(ctx: Context, opts: Options, text: str) -> None:
    if not opts.has("q"):
        ctx.out.write(text)


@command("unzip")
def unzip(ctx: Context, argv: list[str]) -> int:
    """Unpack a zip archive here (``-d DIR`` elsewhere); ``-l`` lists it, ``-o`` overwrites, ``-n`` never
    does, ``-q`` quiet."""
    opts = parse(ctx, argv, _UNZIP)
    if opts is None:
        return 10
    if not opts.operands:
        ctx.out.write(
            "UnZip 6.00 of 20 April 2009, by Debian. Usage: unzip [-Z] [-opts[modifiers]] file[.zip] [list] [-x xlist] [-d exdir]\n"
        )
        return 0
    archive, *wanted = opts.operands
    packed = _read_archive(ctx, archive) if ctx.fs.stat(archive) else None
    if packed is None:
        if ctx.fs.stat(archive) is not None:
            error(
                ctx,
                "unzip",
                f" cannot find zipfile directory in one of {archive} or\n        {archive}.zip, and cannot find {archive}.ZIP, period.",
            )
            return 9
        ctx.err.write(f"unzip:  cannot find or open {archive}, {archive}.zip or {archive}.ZIP.\n")
        return 9
    if opts.has("l"):
        return _list(ctx, archive, packed)
    _say(ctx, opts, f"Archive:  {archive}\n")
    return _extract(ctx, opts, packed, wanted)
