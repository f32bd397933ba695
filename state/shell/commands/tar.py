"""tar: create (``-c``), list (``-t``) and extract (``-x``) archives, gzipped with ``-z``.

As with ``zip``, an archive is real (``tarfile``/``gzip`` in memory, deterministic: the files' own times,
owner ``1000`` named after the user, a gzip header time of 0) and kept as base64 text with its mime type
and real byte size.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import io
import tarfile
import zlib
from datetime import datetime

from state.shell.api import Context, FsError, LimitExceeded, command
from state.shell.commands._common import (
    GZIP_MIME_TYPE,
    TAR_MIME_TYPE,
    Entry,
    file_bytes,
    join_path,
    member_bytes,
    unpack,
    walk,
)
from state.shell.commands._options import Options, Spec, parse
from state.shell.commands._strftime import strftime

_TAR = Spec(
    flags="cxtzvpO",
    valued="fC",
    long={
        "create": "c",
        "extract": "x",
        "get": "x",
        "list": "t",
        "gzip": "z",
        "verbose": "v",
        "file": "f",
        "directory": "C",
        "to-stdout": "O",
        "preserve-permissions": "p",
    },
    usage_status=2,
)
_TRY = "Try 'tar --help' or 'tar --usage' for more information.\n"


def _old_style(argv: list[str]) -> list[str]:
    """``tar czf out.tgz docs`` is ``tar -czf out.tgz docs``."""
    if len(argv) > 1 and not argv[1].startswith("-"):
        return [argv[0], "-" + argv[1], *argv[2:]]
    return argv


def _fail(ctx: Context, message: str, final: str = "Error is not recoverable: exiting now") -> int:
    ctx.err.write(f"tar: {message}\ntar: {final}\n")
    return 2


def _info(ctx: Context, entry: Entry, name: str) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name + ("/" if entry.stat.is_dir else ""))
    data = b"" if entry.stat.is_dir else member_bytes(ctx, entry.path)
    info.size = len(data)
    info.mtime = int(entry.stat.modified_at.timestamp())
    info.mode = 0o755 if entry.stat.is_dir else 0o644
    info.type = tarfile.DIRTYPE if entry.stat.is_dir else tarfile.REGTYPE
    info.uid = info.gid = 1000
    info.uname = info.gname = ctx.user
    return info, data


def _verbose(ctx: Context, info: tarfile.TarInfo) -> str:
    mode = ("d" if info.isdir() else "-") + ("rwxr-xr-x" if info.isdir() else "rw-r--r--")
    owner = f"{info.uname or info.uid}/{info.gname or info.gid}"
    size = str(info.size)
    when = strftime("%Y-%m-%d %H:%M", datetime.fromtimestamp(info.mtime, ctx.now.tzinfo))
    return f"{mode} {owner}{' ' * max(19 - len(owner) - len(size), 1)}{size} {when} {_name(info)}\n"


def _name(info: tarfile.TarInfo) -> str:
    """A member's name as tar lists it: directories end with ``/``."""
    return info.name + "/" if info.isdir() and not info.name.endswith("/") else info.name


def _create(ctx: Context, opts: Options, archive: str) -> int:
    buffer = io.BytesIO()
    failed = False
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as packed:
        for operand in opts.operands:
            stat = ctx.fs.stat(operand)
            if stat is None:
                ctx.err.write(f"tar: {operand}: Cannot stat: No such file or directory\n")
                failed = True
                continue
            if operand.startswith("/"):
                ctx.err.write("tar: Removing leading `/' from member names\n")
            for entry in walk(ctx, operand, stat):
                info, data = _info(ctx, entry, entry.path.lstrip("/"))
                packed.addfile(info, io.BytesIO(data))
                if opts.has("v"):
                    ctx.out.write(info.name + "\n")
    data = buffer.getvalue()
    mime = TAR_MIME_TYPE
    if opts.has("z"):
        zipped = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=zipped, mtime=0) as stream:
            stream.write(data)
        data, mime = zipped.getvalue(), GZIP_MIME_TYPE
    ctx.fs.write_text(archive, base64.b64encode(data).decode(), mime_type=mime, size=len(data))
    if failed:
        ctx.err.write("tar: Exiting with failure status due to previous errors\n")
        return 2
    return 0


def _gunzip(ctx: Context, data: bytes) -> bytes:
    """Decompress, refusing what would grow past the file size limit (a gzip bomb)."""
    stream = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = stream.decompress(data, ctx.limits.file_bytes)
    if stream.unconsumed_tail:
        raise LimitExceeded(
            "file_bytes", f"the archive unpacks to more than {ctx.limits.file_bytes} bytes: stopped"
        )
    return out


def _open(ctx: Context, archive: str) -> tarfile.TarFile | None:
    try:
        data = file_bytes(ctx, archive)
        if data[:2] == b"\x1f\x8b":
            data = _gunzip(ctx, data)
        return tarfile.open(fileobj=io.BytesIO(data), mode="r:")
    except (binascii.Error, ValueError, OSError, EOFError, zlib.error, tarfile.TarError, FsError):
        return None


def _extract(ctx: Context, opts: Options, packed: tarfile.TarFile) -> int:
    target = opts.value("C")
    for info in packed.getmembers():
        if opts.operands and not any(info.name.rstrip("/").startswith(o.rstrip("/")) for o in opts.operands):
            continue
        path = join_path(target, info.name) if target else info.name
        if opts.has("v"):
            ctx.out.write(_name(info) + "\n")
        if info.isdir():
            ctx.fs.make_dir(path.rstrip("/"), parents=True)
            continue
        extracted = packed.extractfile(info)
        data = extracted.read() if extracted is not None else b""
        if opts.has("O"):
            ctx.out.write(data.decode(errors="replace"))
            continue
        parent = path.rsplit("/", 1)[0] if "/" in path else ""
        if parent and ctx.fs.stat(parent) is None:
            ctx.fs.make_dir(parent, parents=True)
        unpack(ctx, path, data)
        ctx.fs.touch(path, datetime.fromtimestamp(info.mtime, ctx.now.tzinfo))
    return 0


@command("tar")
def tar(ctx: Context, argv: list[str]) -> int:
    """Archives: ``tar -czf out.tar.gz docs/`` creates, ``tar -tzf out.tar.gz`` lists, ``tar -xzf out.tar.gz
    [-C DIR]`` extracts; ``-v`` names each member."""
    opts = parse(ctx, _old_style(argv), _TAR)
    if opts is None:
        return 2
    mode = opts.last_of("c", "x", "t")
    if mode is None:
        ctx.err.write(
            "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\n" + _TRY
        )
        return 2
    archive = opts.value("f")
    if archive is None or archive == "-":
        verb = "write archive contents to" if mode == "c" else "read archive contents from"
        ctx.err.write(
            f"tar: Refusing to {verb} terminal (missing -f option?)\ntar: Error is not recoverable: exiting now\n"
        )
        return 2
    if mode == "c":
        if not opts.operands:
            ctx.err.write("tar: Cowardly refusing to create an empty archive\n" + _TRY)
            return 2
        return _create(ctx, opts, archive)
    if ctx.fs.stat(archive) is None:
        return _fail(ctx, f"{archive}: Cannot open: No such file or directory")
    packed = _open(ctx, archive)
    if packed is None:
        return _fail(
            ctx, "This does not look like a tar archive", "Exiting with failure status due to previous errors"
        )
    with packed:
        if mode == "t":
            for info in packed.getmembers():
                ctx.out.write(_verbose(ctx, info) if opts.has("v") else _name(info) + "\n")
            return 0
        return _extract(ctx, opts, packed)
