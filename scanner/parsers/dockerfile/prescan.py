"""A linear pre-scan of a Dockerfile's instruction layout, run before BuildKit's parser.

BuildKit builds a continued instruction and a heredoc body by appending one line at a time to a
Go string, which costs time quadratic in their size: a 5 MB heredoc takes minutes. This module
finds, in one pass and with BuildKit's line rules, where each instruction starts and ends, how
large its continued header and its heredoc bodies are, and whether a heredoc runs to the end of
the file, so that the caller can refuse oversized input up front and locate a parse error by
parsing one instruction at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.parsers.dockerfile.lines import is_comment

_HEREDOC_WORD_RE = re.compile(r"\d*<<(-?)([^<]*)")
_HEREDOC_INSTRUCTIONS = frozenset({"run", "copy", "add"})


@dataclass(frozen=True)
class InstructionSpan:
    """Where one instruction lies: ``start``/``end`` lines (heredoc bodies included).

    ``header_end`` is the last line of its (possibly continued) first logical line;
    ``multiline_bytes`` counts the bytes BuildKit joins line by line (a continued header and every
    heredoc body); ``largest_piece`` is the largest of those pieces. ``unterminated`` names a heredoc
    that runs to the end of the file, and ``marker_line`` is where its ``<<`` marker is written.
    """

    start: int
    header_end: int
    end: int
    multiline_bytes: int
    largest_piece: int
    unterminated: str | None = None
    marker_line: int | None = None


def scan_instructions(lines: list[str], escape: str) -> list[InstructionSpan]:
    """The spans of every instruction, in order; never raises."""
    continuation = re.compile(rf"(?:[^{re.escape(escape)}]|^){re.escape(escape)}[ \t]*$")
    spans: list[InstructionSpan] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if is_comment(line) or not line.strip():
            index += 1
            continue
        start = index
        header_parts = [(index, line.lstrip())]
        while continuation.search(header_parts[-1][1]) and index + 1 < len(lines):
            index += 1
            if not (is_comment(lines[index]) or not lines[index].strip()):
                header_parts.append((index, lines[index]))
        header_end = index
        header_bytes = sum(len(part) for _, part in header_parts) if len(header_parts) > 1 else 0
        pieces = [header_bytes]
        unterminated = marker_line = None
        for name, chomp in _heredoc_markers("".join(part for _, part in header_parts)):
            body_bytes = 0
            closed = False
            while index + 1 < len(lines):
                index += 1
                candidate = lines[index].lstrip("\t") if chomp else lines[index]
                if candidate == name:
                    closed = True
                    break
                body_bytes += len(lines[index]) + 1
            pieces.append(body_bytes)
            if not closed:
                unterminated = name
                marker_line = _marker_line(header_parts, name)
                break
        spans.append(
            InstructionSpan(
                start=start + 1,
                header_end=header_end + 1,
                end=index + 1,
                multiline_bytes=sum(pieces),
                largest_piece=max(pieces),
                unterminated=unterminated,
                marker_line=marker_line,
            )
        )
        index += 1
    return spans


def _heredoc_markers(header: str) -> list[tuple[str, bool]]:
    """The (name, strip tabs) of each heredoc a RUN/COPY/ADD header opens, in order."""
    if "<<" not in header:
        return []
    first_words = header.split(None, 2)
    if first_words[0].lower() not in _HEREDOC_INSTRUCTIONS | {"onbuild"}:
        return []
    words = _words(header)
    if not words:
        return []
    keyword = words[0].lower()
    rest = words[1:]
    if keyword == "onbuild" and rest:
        keyword, rest = rest[0].lower(), rest[1:]
    arguments = [word for word in rest if not word.startswith("--")]
    if keyword not in _HEREDOC_INSTRUCTIONS or (arguments and arguments[0].startswith("[")):
        return []
    markers = []
    for word in rest:
        match = _HEREDOC_WORD_RE.fullmatch(word)
        if match and match.group(2):
            name = match.group(2).replace('"', "").replace("'", "")
            if name:
                markers.append((name, match.group(1) == "-"))
    return markers


def _words(text: str) -> list[str]:
    """Whitespace-separated words, where quoted parts do not split (quotes kept)."""
    words: list[str] = []
    current: list[str] = []
    quote = ""
    for char in text:
        if quote:
            current.append(char)
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current.append(char)
        elif char.isspace():
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return words


def _marker_line(header_parts: list[tuple[int, str]], name: str) -> int:
    marker = re.compile(r"<<-?[\"']?" + re.escape(name))
    for index, part in header_parts:
        if marker.search(part):
            return index + 1
    return header_parts[0][0] + 1
