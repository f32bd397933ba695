"""sed: the stream editor (``s///``, addresses and ranges, ``p d q``, ``-n``, ``-i``, ``-E``, ``-e``)."""

from __future__ import annotations

import re

from state.shell.api import Context, FsError, command
from state.shell.commands._common import error
from state.shell.commands._options import Options, Spec, parse
from state.shell.commands._sed_exec import execute
from state.shell.commands._sed_script import SedCommand, SedError, link, parse_script

_USAGE = (
    "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n"
    "\n"
    "  -n, --quiet, --silent\n"
    "                 suppress automatic printing of pattern space\n"
    "      --debug\n"
    "                 annotate program execution\n"
    "  -e script, --expression=script\n"
    "                 add the script to the commands to be executed\n"
    "  -f script-file, --file=script-file\n"
    "                 add the contents of script-file to the commands to be executed\n"
    "  --follow-symlinks\n"
    "                 follow symlinks when processing in place\n"
    "  -i[SUFFIX], --in-place[=SUFFIX]\n"
    "                 edit files in place (makes backup if SUFFIX supplied)\n"
    "  -l N, --line-length=N\n"
    "                 specify the desired line-wrap length for the `l' command\n"
    "  --posix\n"
    "                 disable all GNU extensions.\n"
    "  -E, -r, --regexp-extended\n"
    "                 use extended regular expressions in the script\n"
    "                 (for portability use POSIX -E).\n"
    "  -s, --separate\n"
    "                 consider files as separate rather than as a single,\n"
    "                 continuous long stream.\n"
    "      --sandbox\n"
    "                 operate in sandbox mode (disable e/r/w commands).\n"
    "  -u, --unbuffered\n"
    "                 load minimal amounts of data from the input files and flush\n"
    "                 the output buffers more often\n"
    "  -z, --null-data\n"
    "                 separate lines by NUL characters\n"
    "      --help     display this help and exit\n"
    "      --version  output version information and exit\n"
    "\n"
    "If no -e, --expression, -f, or --file option is given, then the first\n"
    "non-option argument is taken as the sed script to interpret.  All\n"
    "remaining arguments are names of input files; if no input files are\n"
    "specified, then the standard input is read.\n"
    "\n"
    "GNU sed home page: <https://www.gnu.org/software/sed/>.\n"
    "General help using GNU software: <https://www.gnu.org/gethelp/>.\n"
)
_SED = Spec(
    flags="nErsuz",
    valued="efil",
    long={
        "quiet": "n",
        "silent": "n",
        "regexp-extended": "E",
        "separate": "s",
        "expression": "e",
        "file": "f",
        "in-place": "i",
        "posix": "posix",
        "debug": "debug",
        "sandbox": "sandbox",
    },
    long_optional=frozenset({"i"}),
    usage_text=_USAGE,
)


def _in_place_flag(argv: list[str]) -> list[str]:
    """``-i.bak`` and ``-i`` take an optional suffix glued to the flag: make it ``--in-place[=SUFFIX]``."""
    out: list[str] = []
    for arg in argv:
        if re.fullmatch(r"-[nEsr]*i.*", arg) and not arg.startswith("--"):
            flags, _, suffix = arg[1:].partition("i")
            out.extend([f"-{flags}"] if flags else [])
            out.append(f"--in-place={suffix}" if suffix else "--in-place")
        else:
            out.append(arg)
    return out


def _script(ctx: Context, opts: Options) -> list[SedCommand] | None:
    expressions = [(key, value) for key, value in opts.given if key in ("e", "f")]
    if not expressions:
        if not opts.operands:
            ctx.err.write(_USAGE)
            return None
        expressions = [("e", opts.operands.pop(0))]
    commands: list[SedCommand] = []
    try:
        for number, (key, value) in enumerate(expressions, start=1):
            text = value if key == "e" else ctx.fs.read_text(value)
            parse_script(text, number, opts.has("E", "r"), commands)
        link(commands, len(expressions))
    except SedError as bad:
        error(ctx, "sed", str(bad))
        return None
    except FsError as failure:
        error(ctx, "sed", f"couldn't open file {failure.path}: {failure.strerror}")
        return None
    return commands


@command("sed")
def sed(ctx: Context, argv: list[str]) -> int:
    """Edit lines as a script says: ``sed 's/old/new/g' FILE``, ``sed -n '2,5p'``, ``sed -i '/^#/d' FILE``."""
    opts = parse(ctx, _in_place_flag(argv), _SED)
    if opts is None:
        return 1
    commands = _script(ctx, opts)
    if commands is None:
        return 1
    if opts.has("i"):
        return _in_place(ctx, opts, commands)
    texts, status = _read_all(ctx, opts.operands or ["-"])
    streams = texts if opts.has("s") else ["".join(texts)]
    for text in streams:
        run = execute(commands, text, opts.has("n"), _steps(ctx))
        ctx.out.write(run.text())
        if run.quit_status is not None:
            return run.quit_status
    return status


def _steps(ctx: Context) -> int:
    """How many script commands one sed may run: a bound for scripts that branch forever."""
    return ctx.limits.loop_iterations * 100


def _read_all(ctx: Context, operands: list[str]) -> tuple[list[str], int]:
    texts: list[str] = []
    status = 0
    for operand in operands:
        try:
            texts.append(ctx.stdin if operand == "-" else ctx.fs.read_text(operand))
        except FsError as failure:
            if failure.strerror == "Is a directory":
                error(ctx, "sed", f"read error on {operand}: Is a directory")
            else:
                error(ctx, "sed", f"can't read {operand}: {failure.strerror}")
            status = 2
    return texts, status


def _in_place(ctx: Context, opts: Options, commands: list[SedCommand]) -> int:
    if not opts.operands:
        error(ctx, "sed", "no input files")
        return 1
    suffix = opts.value("i") or ""
    status = 0
    for operand in opts.operands:
        texts, failed = _read_all(ctx, [operand])
        if failed:
            status = failed
            continue
        if suffix:
            ctx.fs.write_text(suffix.replace("*", operand) if "*" in suffix else operand + suffix, texts[0])
        run = execute(commands, texts[0], opts.has("n"), _steps(ctx))
        ctx.fs.write_text(operand, run.text())
        if run.quit_status is not None:
            return run.quit_status
    return status
