"""Physical-line facts that BuildKit's parser does not return, rebuilt with its own rules.

BuildKit (through the ``dockerfile`` wheel) gives each instruction its joined text and its first
and last line, but not the escape directive, the comments between instructions, or which
physical line each part of a continued instruction came from. This module recomputes those
from the source lines, applying the same rules as BuildKit's ``Parse``: a line whose first
non-blank character is ``#`` is a comment, a trailing escape character continues the
instruction, and comment or blank lines inside a continuation are dropped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

DEFAULT_ESCAPE = "\\"
_DIRECTIVE_RE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")
_DIRECTIVE_NAMES = frozenset({"escape", "syntax", "check"})
_BOM = "\ufeff"


def physical_lines(text: str) -> list[str]:
    """The file's lines as the parser sees them: split on ``\\n`` only, line endings removed."""
    if text.startswith(_BOM):
        text = text[1:]
    lines = text.split("\n")
    if lines and lines[-1] == "" and text.endswith("\n"):
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def escape_character(lines: list[str]) -> str:
    """The escape character set by a ``# escape=`` parser directive at the top, else backslash."""
    for line in lines:
        match = _DIRECTIVE_RE.match(line.lstrip())
        if not match or match.group(1).lower() not in _DIRECTIVE_NAMES:
            break
        if match.group(1).lower() == "escape" and match.group(2) in ("\\", "`"):
            return match.group(2)
    return DEFAULT_ESCAPE


def is_comment(line: str) -> bool:
    """True when the line's first non-blank character is ``#``."""
    return line.lstrip().startswith("#")


def comments_before(lines: list[str], spans: list[tuple[int, int]]) -> list[list[tuple[int, str]]]:
    """For each instruction span (start, end line), the comments BuildKit attaches before it.

    Returns one list per span of ``(line, text)``; a comment's text is what follows its first
    character, stripped (BuildKit's ``PrevComment``). Comments after the last instruction and
    lines inside an instruction (continuations, heredoc bodies) are not attached anywhere.
    """
    attached: list[list[tuple[int, str]]] = []
    pending: list[tuple[int, str]] = []
    line_number = 1
    for start, end in spans:
        for number in range(line_number, start):
            line = lines[number - 1] if number <= len(lines) else ""
            if is_comment(line):
                pending.append((number, line[1:].strip()))
        attached.append(pending)
        pending = []
        line_number = max(line_number, end + 1)
    return attached


@dataclass(frozen=True)
class LogicalLine:
    """An instruction's first logical line, joined as BuildKit joins it, with a line map.

    ``text`` is the joined text (``RUN ...``, without heredoc bodies); ``segments`` holds
    ``(offset, line)`` pairs: the character at ``offset`` and those after it up to the next pair
    came from physical ``line``. ``end_line`` is the last physical line of the header, so a
    heredoc body starts on the line after it.
    """

    text: str
    segments: tuple[tuple[int, int], ...]
    end_line: int

    def line_at(self, offset: int) -> int:
        """The physical line of the character at ``offset`` in :attr:`text`."""
        index = bisect.bisect_right(self.segments, (offset, float("inf"))) - 1
        return self.segments[max(index, 0)][1]


def line_locator(text: str, first_line: int):
    """A function mapping an offset of ``text`` (which starts on ``first_line``) to its line."""
    newlines = [index for index, char in enumerate(text) if char == "\n"]

    def line_at(offset: int) -> int:
        """The line of the character at ``offset``."""
        return first_line + bisect.bisect_left(newlines, offset)

    return line_at


def join_logical_line(lines: list[str], start_line: int, escape: str) -> LogicalLine:
    """Join the instruction that starts on ``start_line`` over its continuation lines."""
    continuation = re.compile(rf"([^{re.escape(escape)}]){re.escape(escape)}[ \t]*$|^{re.escape(escape)}[ \t]*$")
    index = start_line - 1
    segment = lines[index].lstrip() if index < len(lines) else ""
    if segment.startswith("#"):
        segment = ""
    segment, ended = _trim_continuation(segment, continuation)
    text = segment
    segments = [(0, start_line)]
    while not ended and index + 1 < len(lines):
        index += 1
        raw = lines[index]
        if is_comment(raw) or not raw.strip():
            continue
        segment, ended = _trim_continuation(raw, continuation)
        segments.append((len(text), index + 1))
        text += segment
    return LogicalLine(text=text, segments=tuple(segments), end_line=index + 1)


def _trim_continuation(segment: str, continuation: re.Pattern[str]) -> tuple[str, bool]:
    if continuation.search(segment):
        return continuation.sub(r"\1", segment, count=1), False
    return segment, True
