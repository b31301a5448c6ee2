"""The comment layout of YAML files (Kubernetes manifests, compose files, charts).

A line-based lexer finds ``#`` comments the way YAML does: at the start of a line or after
whitespace, never inside a quoted scalar (which may span lines) and never inside a block scalar
(``key: |``), whose lines are content. Documents are split at ``---`` and ``...`` markers.
The construct that starts on a line is its document when the line opens the document, else the
line's block: the lines indented deeper than it (a list item's lines, a key's nested mapping, a
sequence written at the key's own indentation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scanner.suppressions.comments import (
    BLANK,
    BODY,
    CODE,
    COMMENT,
    MARKER,
    Comment,
    FileLayout,
    indentation,
    split_lines,
)

_DOCUMENT_START = re.compile(r"---(?:[ \t]|$)")
_DOCUMENT_END = re.compile(r"\.\.\.(?:[ \t]|$)")
#: A block scalar header ending a line: ``key: |``, ``- >-``, ``key: |2+``.
_BLOCK_SCALAR = re.compile(r"(?:^|[ \t])[|>](?:[1-9][+-]?|[+-][1-9]?|)$")
#: Characters after which a quote opens a quoted scalar (else it is part of a plain scalar).
_QUOTE_OPENERS = ":-[{,?"


@dataclass
class YamlLayout(FileLayout):
    """Comments, indentation and documents of one YAML file (see the module docstring)."""

    lines: list[str] = field(default_factory=list)
    #: Per line, the index of its document (a ``---`` line opens the next document).
    documents: list[int] = field(default_factory=list)

    def construct_span(self, line: int) -> tuple[int, int]:
        """The document ``line`` opens, or the block of ``line`` (see the module docstring)."""
        if self.kind(line) == MARKER or self._opens_document(line):
            return self._document_lines(line)
        text = self.lines[line - 1]
        indent = indentation(text)
        content = _without_comment(text.strip())
        takes_same_indent_sequence = not content.startswith("-") and content.endswith(":")
        end = line
        for number in range(line + 1, self.line_count + 1):
            kind = self.kind(number)
            if kind == BODY:
                end = number
                continue
            if kind in (BLANK, COMMENT):
                continue
            if kind == MARKER:
                break
            other = self.lines[number - 1]
            other_indent = indentation(other)
            if other_indent > indent or (takes_same_indent_sequence and other_indent == indent and other.lstrip().startswith("-")):
                end = number
                continue
            break
        return (line, end)

    def enclosing_span(self, line: int) -> tuple[int, int] | None:
        """The lines of the document that holds ``line`` (markers and comments included)."""
        document = self.documents[line - 1]
        numbers = [index + 1 for index, value in enumerate(self.documents) if value == document]
        return (numbers[0], numbers[-1])

    def _opens_document(self, line: int) -> bool:
        """True when ``line`` is the first code line of its document."""
        document = self.documents[line - 1]
        for number in range(line - 1, 0, -1):
            if self.documents[number - 1] != document:
                return True
            if self.kind(number) in (CODE, BODY):
                return False
        return True

    def _document_lines(self, line: int) -> tuple[int, int]:
        """From ``line`` to the last code or body line of its document."""
        document = self.documents[line - 1]
        end = line
        for number in range(line, self.line_count + 1):
            if self.documents[number - 1] != document:
                break
            if self.kind(number) in (CODE, BODY):
                end = number
        return (line, end)


def yaml_layout(text: str) -> YamlLayout:
    """Lex ``text`` as YAML and return its :class:`YamlLayout`; never raises for odd input."""
    lines = split_lines(text)
    layout = YamlLayout(kinds=[BLANK] * len(lines), lines=lines)
    document = 0
    block_indent: int | None = None  # lines indented deeper than this belong to a block scalar
    quote: str | None = None  # the quote of a quoted scalar still open at the end of a line
    for index, line in enumerate(lines):
        stripped = line.strip()
        if block_indent is not None:
            if not stripped or indentation(line) > block_indent:
                layout.kinds[index] = BODY
                layout.documents.append(document)
                continue
            block_indent = None
        if quote is None and (_DOCUMENT_START.match(line) or _DOCUMENT_END.match(line)):
            document += 1
            layout.kinds[index] = MARKER
            layout.documents.append(document)
            comment_at = _comment_start(line, 3, None)[0]
            if comment_at is not None:
                layout.comments.append(Comment(index + 1, line[comment_at + 1 :].strip(), True))
            continue
        layout.documents.append(document)
        if quote is None and not stripped:
            continue
        if quote is None and stripped.startswith("#"):
            layout.kinds[index] = COMMENT
            layout.comments.append(Comment(index + 1, stripped[1:].strip(), False))
            continue
        layout.kinds[index] = CODE
        comment_at, quote = _comment_start(line, 0, quote)
        content = line if comment_at is None else line[:comment_at]
        if comment_at is not None:
            layout.comments.append(Comment(index + 1, line[comment_at + 1 :].strip(), True))
        if quote is None and _BLOCK_SCALAR.search(content.rstrip()):
            block_indent = _parent_indent(content)
    return layout


def _comment_start(line: str, position: int, quote: str | None) -> tuple[int | None, str | None]:
    """Where a comment starts on ``line`` (from ``position``, inside ``quote`` if a quoted scalar
    is already open), and the quote still open at the end of the line."""
    previous = ""  # the last non-blank character outside quotes
    index = position
    while index < len(line):
        char = line[index]
        if quote == '"':
            if char == "\\":
                index += 2
                continue
            if char == '"':
                quote = None
                previous = '"'
        elif quote == "'":
            if char == "'":
                if line.startswith("''", index):
                    index += 2
                    continue
                quote = None
                previous = "'"
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return (index, None)
        elif char in "\"'" and (previous == "" or previous in _QUOTE_OPENERS):
            quote = char
        elif char not in " \t":
            previous = char
        index += 1
    return (None, quote)


def _parent_indent(content: str) -> int:
    """The indentation a block scalar's lines must exceed: its key's column (after any ``- ``
    list markers), or the column of the ``-`` that introduces it."""
    indent = indentation(content)
    rest = content[indent:]
    column = indent
    while rest.startswith(("- ", "-\t")):
        after = rest[1:]
        if ":" not in after and after.strip()[:1] in "|>":
            return column
        skipped = 1 + indentation(after)
        column += skipped
        rest = rest[skipped:]
    return column


def _without_comment(content: str) -> str:
    """``content`` without a trailing comment, stripped."""
    at = _comment_start(content, 0, None)[0]
    return (content if at is None else content[:at]).strip()
