"""The comment layout of Terraform / HCL files (``.tf``, ``.tfvars``, ``.hcl``).

A small lexer walks the text once. It knows HCL's three comment forms (``#``, ``//`` and
``/* */``), double-quoted strings with ``${ }`` and ``%{ }`` templates (which may nest strings),
and heredocs (``<<EOF`` / ``<<-EOF``), so a ``#`` inside a string or heredoc is never a comment.
It records the bracket depth at the start and end of every line: the construct that starts on a
line (a resource, a nested block, a multi-line attribute) runs until the brackets opened there
are closed again.
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

_HEREDOC = re.compile(r'<<(-?)([A-Za-z_][A-Za-z0-9_-]*)\s*(?:#.*|//.*)?$')
_OPENERS, _CLOSERS = "{[(", "}])"


@dataclass
class HclLayout(FileLayout):
    """Comments and brackets of one HCL file (see the module docstring)."""

    depth_start: list[int] = field(default_factory=list)
    depth_end: list[int] = field(default_factory=list)
    open_end: list[bool] = field(default_factory=list)

    def construct_span(self, line: int) -> tuple[int, int]:
        """From ``line`` to the line where the brackets it opens are closed and no string,
        heredoc or block comment is left open."""
        depth = self.depth_start[line - 1]
        for index in range(line - 1, self.line_count):
            if self.depth_end[index] <= depth and not self.open_end[index]:
                return (line, index + 1)
        return (line, self.line_count)

    def enclosing_span(self, line: int) -> tuple[int, int] | None:
        """The top-level block (``resource``, ``module``...) whose lines hold ``line``."""
        index = 0
        while index < self.line_count:
            if self.kinds[index] == CODE and self.depth_start[index] == 0:
                start, end = self.construct_span(index + 1)
                if start <= line <= end:
                    return (start, end)
                index = end
            else:
                index += 1
        return None


def hcl_layout(text: str) -> HclLayout:
    """Lex ``text`` as HCL and return its :class:`HclLayout`; never raises for odd input (an
    unterminated string or comment simply runs to the end of the file)."""
    lines = split_lines(text)
    layout = HclLayout(kinds=[BLANK] * len(lines))
    lexer = _Lexer()
    for index, line in enumerate(lines):
        layout.depth_start.append(lexer.depth)
        kind, comments = lexer.feed(line)
        layout.kinds[index] = kind
        layout.comments.extend(Comment(index + 1, comment, kind == CODE) for comment in comments)
        layout.depth_end.append(lexer.depth)
        layout.open_end.append(lexer.is_open())
    return layout


class _Lexer:
    """Line-by-line HCL lexer state: the bracket depth and a stack of open contexts.

    A context is ``"string"``, ``"template"`` (inside ``${ }``, with its brace count in
    ``braces``), ``"comment"`` (inside ``/* */``) or ``"heredoc"`` (with its closing marker in
    ``markers``).
    """

    def __init__(self) -> None:
        self.depth = 0
        self.stack: list[str] = []
        self.braces: list[int] = []
        self.markers: list[str] = []
        self.pending_heredoc: str | None = None

    def is_open(self) -> bool:
        """True while a string, heredoc or block comment continues past the current line."""
        return bool(self.stack) or self.pending_heredoc is not None

    def feed(self, line: str) -> tuple[str, list[str]]:
        """Consume one line; return its kind and the texts of the comments on it."""
        if self.pending_heredoc is not None:
            self.stack.append("heredoc")
            self.markers.append(self.pending_heredoc)
            self.pending_heredoc = None
        if self.stack and self.stack[-1] == "heredoc":
            if line.strip() == self.markers[-1]:
                self.stack.pop()
                self.markers.pop()
                return (CODE, [])
            return (BODY, [])
        comments: list[str] = []
        in_comment_at_start = bool(self.stack) and self.stack[-1] == "comment"
        has_code = False
        position = 0
        while position < len(line):
            top = self.stack[-1] if self.stack else None
            if top == "comment":
                end = line.find("*/", position)
                stop = len(line) if end < 0 else end
                comments.append(line[position:stop].strip())
                if end >= 0:
                    self.stack.pop()
                position = stop + 2
                continue
            if top == "string":
                position = self._in_string(line, position)
                continue
            char = line[position]
            if top is None and (char == "#" or line.startswith("//", position)):
                comments.append(line[position + (1 if char == "#" else 2):].strip())
                break
            if top is None and line.startswith("/*", position):
                self.stack.append("comment")
                position += 2
                continue
            position += 1
            if char in " \t":
                continue
            has_code = True
            if char == '"':
                self.stack.append("string")
            elif char == "<" and top is None and (match := _HEREDOC.match(line, position - 1)):
                self.pending_heredoc = match.group(2)
                break
            elif top == "template":
                self._in_template(char)
            elif char in _OPENERS:
                self.depth += 1
            elif char in _CLOSERS:
                self.depth = max(0, self.depth - 1)
        if "template" not in self.stack:
            while self.stack and self.stack[-1] == "string":
                self.stack.pop()  # a quoted string cannot span lines in HCL
        if has_code:
            return (CODE, comments)
        if comments or in_comment_at_start:
            return (COMMENT, comments)
        return (BLANK, comments)

    def _in_string(self, line: str, position: int) -> int:
        """Advance through a quoted string from ``position``; open a template on ``${``/``%{``."""
        char = line[position]
        if char == "\\":
            return position + 2
        if char == '"':
            self.stack.pop()
            return position + 1
        if line.startswith(("$${", "%%{"), position):
            return position + 3
        if line.startswith(("${", "%{"), position):
            self.stack.append("template")
            self.braces.append(1)
            return position + 2
        return position + 1

    def _in_template(self, char: str) -> None:
        """Count braces inside ``${ }``; the closing one returns to the enclosing string."""
        if char == "{":
            self.braces[-1] += 1
        elif char == "}":
            self.braces[-1] -= 1
            if self.braces[-1] == 0:
                self.stack.pop()
                self.braces.pop()
