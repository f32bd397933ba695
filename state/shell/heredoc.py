"""The body of an unquoted here-document, cut into literal text and the expansions in it.

tree-sitter-bash keeps a here-document's body mostly as raw text (it misses backquotes and
``$((...))``), so the body is scanned here: a backslash quotes ``$``, a backquote, a backslash and a
newline; everything else is literal. Each expansion found is parsed on its own by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass

_SPECIAL = frozenset("@*#?$!-0123456789")
_ESCAPABLE = frozenset("$`\\\n")


def split_body(text: str) -> list[tuple[str, bool]]:
    """``(chunk, is_expansion)`` pairs that concatenate back to the body (escapes resolved)."""
    chunks: list[tuple[str, bool]] = []
    literal: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        end = _expansion_end(text, index) if char in "$`" else index
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPABLE:
            literal.append(text[index + 1] if text[index + 1] != "\n" else "")
            index += 2
        elif end > index + 1:
            if literal:
                chunks.append(("".join(literal), False))
                literal = []
            chunks.append((text[index:end], True))
            index = end
        else:
            literal.append(char)
            index += 1
    if literal:
        chunks.append(("".join(literal), False))
    return chunks


def _expansion_end(text: str, start: int) -> int:
    """Where the expansion starting at ``start`` ends (``start + 1`` when it is not one)."""
    if text[start] == "`":
        close = start + 1
        while close < len(text) and text[close] != "`":
            close += 2 if text[close] == "\\" else 1
        return close + 1 if close < len(text) else start + 1
    following = text[start + 1 : start + 2]
    if following in ("(", "{"):
        return _matching(text, start + 1, following, ")" if following == "(" else "}")
    if following.isalpha() or following == "_":
        end = start + 2
        while end < len(text) and (text[end].isalnum() or text[end] == "_"):
            end += 1
        return end
    if following and following in _SPECIAL:
        return start + 2
    return start + 1


def _matching(text: str, open_at: int, opener: str, closer: str) -> int:
    depth = 0
    index = open_at
    quote = ""
    while index < len(text):
        char = text[index]
        if quote:
            quote = "" if char == quote else quote
        elif char == "\\":
            index += 1
        elif char in "'\"" and opener == "(":
            quote = char
        elif char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return open_at


MARKER = "\x1e"
"""Here-documents are cut out of the line before parsing; ``< \\x1eN`` stands where the N-th was."""


@dataclass(frozen=True)
class HeredocText:
    body: str
    quoted: bool
    """A quoted delimiter (``<<'EOF'``): the body is taken as it is, nothing expanded."""
    strip_tabs: bool


def extract(line: str) -> tuple[str, list[HeredocText]]:
    """The line with every here-document replaced by a marker, and the documents in order.

    tree-sitter-bash loses track of what follows ``<<EOF`` on its line (``cat <<EOF | sort > f``), so the
    bodies are taken out here, as bash reads them: after the line that opened them, up to the delimiter.
    """
    if "<<" not in line or MARKER in line:
        return line, []
    scanner = _Scanner(line)
    return scanner.run(), scanner.documents


class _Scanner:
    def __init__(self, line: str) -> None:
        self.line = line
        self.index = 0
        self.out: list[str] = []
        self.pending: list[tuple[str, bool, bool]] = []
        self.documents: list[HeredocText] = []

    def run(self) -> str:
        quote = ""
        arithmetic = 0
        line = self.line
        while self.index < len(line):
            char = line[self.index]
            if quote:
                self.copy(2 if char == "\\" and quote == '"' else 1)
                quote = "" if char == quote else quote
            elif char == "\\":
                self.copy(2)
            elif char in "'\"`":
                quote = char
                self.copy(1)
            elif line.startswith("((", self.index):
                arithmetic += 1
                self.copy(2)
            elif line.startswith("))", self.index) and arithmetic:
                arithmetic -= 1
                self.copy(2)
            elif char == "#" and (self.index == 0 or line[self.index - 1] in " \t\n;&|()"):
                end = line.find("\n", self.index)
                self.copy((end if end >= 0 else len(line)) - self.index)
            elif line.startswith("<<<", self.index):
                self.copy(3)
            elif line.startswith("<<", self.index) and not arithmetic:
                self.operator()
            elif char == "\n" and self.pending:
                self.copy(1)
                self.bodies()
            else:
                self.copy(1)
        return "".join(self.out)

    def copy(self, count: int) -> None:
        self.out.append(self.line[self.index : self.index + count])
        self.index += count

    def operator(self) -> None:
        start = self.index + 2
        strip_tabs = self.line.startswith("-", start)
        position = start + (1 if strip_tabs else 0)
        while position < len(self.line) and self.line[position] in " \t":
            position += 1
        end = position
        quote = ""
        while end < len(self.line) and (quote or self.line[end] not in " \t\n;&|()<>"):
            char = self.line[end]
            if quote:
                quote = "" if char == quote else quote
            elif char in "'\"":
                quote = char
            elif char == "\\":
                end += 1
            end += 1
        word = self.line[position:end]
        if not word:
            self.copy(2)
            return
        delimiter = word.replace("\\", "").replace("'", "").replace('"', "")
        quoted = delimiter != word
        self.out.append(f"< {MARKER}{len(self.documents) + len(self.pending)}")
        self.pending.append((delimiter, quoted, strip_tabs))
        self.index = end

    def bodies(self) -> None:
        for delimiter, quoted, strip_tabs in self.pending:
            lines: list[str] = []
            while self.index < len(self.line):
                end = self.line.find("\n", self.index)
                end = len(self.line) if end < 0 else end + 1
                text = self.line[self.index : end]
                self.index = end
                content = text.rstrip("\n").lstrip("\t") if strip_tabs else text.rstrip("\n")
                if content == delimiter:
                    break
                lines.append(text.lstrip("\t") if strip_tabs else text)
            body = "".join(lines)
            if body and not body.endswith("\n"):
                body += "\n"  # delimited by the end of the line, as bash reads it
            self.documents.append(HeredocText(body, quoted, strip_tabs))
        self.pending = []
