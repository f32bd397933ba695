"""Where commands read and write: in-memory buffers (bounded), files of the world and /dev/null."""

from __future__ import annotations

from dataclasses import dataclass, field

from state.shell.api import FileSystem, FsError, LimitExceeded


class Input:
    """A command's standard input; commands in a loop share it, each taking what it reads."""

    def __init__(self, text: str = "", *, regular_file: bool = False) -> None:
        self.text = text
        self.position = 0
        self.regular_file = regular_file
        """Read from a file (``< file``) rather than a pipe, a here-document or nothing."""

    def read_all(self) -> str:
        rest = self.text[self.position :]
        self.position = len(self.text)
        return rest

    def read_line(self) -> str | None:
        """The next line with its newline, or None at the end."""
        if self.position >= len(self.text):
            return None
        end = self.text.find("\n", self.position)
        end = len(self.text) if end < 0 else end + 1
        line = self.text[self.position : end]
        self.position = end
        return line


EMPTY_INPUT = Input()


class Output:
    """A bounded buffer: the caller's stdout and stderr, a pipe, a command substitution."""

    def __init__(self, limit: int, what: str = "output", limit_name: str = "output_bytes") -> None:
        self.limit_name = limit_name
        self.chunks: list[str] = []
        self.size = 0
        self.limit = limit
        self.what = what

    def write(self, text: str) -> None:
        if not text:
            return
        self.size += len(text) if text.isascii() else len(text.encode(errors="surrogatepass"))
        if self.size > self.limit:
            raise LimitExceeded(
                self.limit_name, f"the {self.what} grew past {self.limit} bytes ({self.limit_name} limit)"
            )
        self.chunks.append(text)

    def getvalue(self) -> str:
        return "".join(self.chunks)


class NullOutput:
    """/dev/null."""

    def write(self, text: str) -> None:
        return None


class FileOutput:
    """A redirection to a file of the world: written when the redirection ends, as one write."""

    def __init__(self, fs: FileSystem, path: str, limit: int) -> None:
        self.fs = fs
        self.path = path
        self.buffer = Output(limit, f"file {path}", "file_bytes")

    def write(self, text: str) -> None:
        self.buffer.write(text)

    def close(self) -> None:
        text = self.buffer.getvalue()
        if text:
            self.buffer = Output(self.buffer.limit, self.buffer.what, "file_bytes")
            self.fs.write_text(self.path, text, append=True)


Writer = Output | NullOutput | FileOutput


def room(writer: object, fallback: int) -> tuple[int, str]:
    """How many more bytes ``writer`` takes before a limit stops the line, and that limit's name;
    ``fallback`` bytes of ``output_bytes`` for what has no bound of its own (``/dev/null``)."""
    buffer = writer.buffer if isinstance(writer, FileOutput) else writer
    if isinstance(buffer, Output):
        return buffer.limit - buffer.size, buffer.limit_name
    return fallback, "output_bytes"


@dataclass
class Streams:
    """A command's file descriptors: ``stdin`` and the output descriptors (1 and 2 at least)."""

    stdin: Input
    outputs: dict[int, Writer] = field(default_factory=lambda: {})

    @property
    def out(self) -> Writer:
        return self.outputs[1]

    @property
    def err(self) -> Writer:
        return self.outputs[2]

    def with_outputs(self, **changes: Writer) -> Streams:
        return Streams(self.stdin, {**self.outputs, **{int(k[2:]): v for k, v in changes.items()}})


def open_for_writing(fs: FileSystem, path: str, append: bool, limit: int) -> FileOutput:
    """Truncate (unless appending) or create the file now, as bash does before running the command."""
    stat = fs.stat(path)
    if stat is not None and stat.is_dir:
        raise FsError(path, "Is a directory")
    if not append or stat is None:
        fs.write_text(path, "")
    return FileOutput(fs, path, limit)
