"""The comment layout of Dockerfiles.

Lines are read as BuildKit reads them: a comment is a line whose first non-blank character is
``#`` (parser directives such as ``# escape=`` included); an instruction runs over continuation
lines (ending in the escape character, ``\\`` unless ``# escape=`` says otherwise; comment and
blank lines inside it are skipped) and then over the bodies of its heredocs (``<<EOF`` ...
``EOF``), which are content, never comments. A ``#`` after whitespace and outside quotes on an
instruction line is a trailing comment (the shell's, in a ``RUN``). The construct that starts on
an instruction's line is that instruction, or for ``FROM`` the whole build stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scanner.suppressions.comments import (
    BLANK,
    BODY,
    CODE,
    COMMENT,
    Comment,
    FileLayout,
    split_lines,
)

_DIRECTIVE = re.compile(r"#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$")
_HEREDOC = re.compile(r"<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_.-]*)\2")
_HEREDOC_INSTRUCTIONS = {"RUN", "COPY", "ADD"}


@dataclass(frozen=True)
class Instruction:
    """One instruction: its keyword (upper case) and its first and last physical lines."""

    keyword: str
    start_line: int
    end_line: int


@dataclass
class DockerfileLayout(FileLayout):
    """Comments, instructions and stages of one Dockerfile (see the module docstring)."""

    instructions: list[Instruction] = field(default_factory=list)

    def construct_span(self, line: int) -> tuple[int, int]:
        """The instruction starting on ``line``; for a ``FROM``, its whole stage."""
        for index, instruction in enumerate(self.instructions):
            if instruction.start_line == line:
                if instruction.keyword != "FROM":
                    return (instruction.start_line, instruction.end_line)
                end = instruction.end_line
                for later in self.instructions[index + 1 :]:
                    if later.keyword == "FROM":
                        break
                    end = later.end_line
                return (line, end)
        return (line, line)

    def instruction_span(self, line: int) -> tuple[int, int]:
        """The instruction starting on ``line`` alone (a ``FROM`` covers only itself)."""
        for instruction in self.instructions:
            if instruction.start_line == line:
                return (instruction.start_line, instruction.end_line)
        return (line, line)

    def enclosing_span(self, line: int) -> tuple[int, int] | None:
        """The whole file: Checkov treats a Dockerfile as one resource."""
        return (1, max(1, self.line_count))


def dockerfile_layout(text: str) -> DockerfileLayout:
    """Read ``text`` as a Dockerfile and return its :class:`DockerfileLayout`; never raises."""
    lines = split_lines(text)
    layout = DockerfileLayout(kinds=[BLANK] * len(lines))
    escape = _escape_character(lines)
    index = 0
    while index < len(lines):
        stripped = lines[index].strip()
        if not stripped:
            index += 1
            continue
        if stripped.startswith("#"):
            layout.kinds[index] = COMMENT
            layout.comments.append(Comment(index + 1, stripped[1:].strip(), False))
            index += 1
            continue
        index = _read_instruction(lines, index, escape, layout)
    return layout


def _read_instruction(lines: list[str], start: int, escape: str, layout: DockerfileLayout) -> int:
    """Record the instruction starting at index ``start``; return the index after it."""
    keyword = lines[start].split(None, 1)[0].upper()
    if keyword == "ONBUILD" and len(lines[start].split()) > 1:
        keyword_for_heredocs = lines[start].split()[1].upper()
    else:
        keyword_for_heredocs = keyword
    heredocs: list[tuple[bool, str]] = []
    index = start
    while True:
        line = lines[index]
        layout.kinds[index] = CODE
        if keyword_for_heredocs in _HEREDOC_INSTRUCTIONS:
            heredocs.extend((bool(m.group(1)), m.group(3)) for m in _HEREDOC.finditer(line) if line[m.start() + 2 : m.start() + 3] != "<")
        comment_at = _trailing_comment(line, escape)
        if comment_at is not None:
            layout.comments.append(Comment(index + 1, line[comment_at + 1 :].strip(), True))
        if not line.rstrip().endswith(escape) or index + 1 >= len(lines):
            break
        index += 1
        while index < len(lines) and (not lines[index].strip() or lines[index].lstrip().startswith("#")):
            layout.kinds[index] = BODY
            index += 1
        if index >= len(lines):
            index -= 1
            break
    for strip_tabs, marker in heredocs:
        index += 1
        while index < len(lines):
            layout.kinds[index] = BODY
            body = lines[index].lstrip("\t") if strip_tabs else lines[index]
            if body == marker:
                break
            index += 1
        index = min(index, len(lines) - 1)
    layout.instructions.append(Instruction(keyword, start + 1, index + 1))
    return index + 1


def _escape_character(lines: list[str]) -> str:
    """The escape character from a leading ``# escape=`` parser directive, else ``\\``."""
    for line in lines:
        match = _DIRECTIVE.match(line.strip())
        if match is None:
            break
        if match.group(1).lower() == "escape" and match.group(2) in ("`", "\\"):
            return match.group(2)
    return "\\"


def _trailing_comment(line: str, escape: str) -> int | None:
    """Where a ``#`` after whitespace and outside quotes starts a comment on an instruction line."""
    quote: str | None = None
    index = 0
    while index < len(line):
        char = line[index]
        if char == escape and quote != "'":
            index += 2
            continue
        if quote is not None:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#" and index > 0 and line[index - 1] in " \t":
            return index
        index += 1
    return None
