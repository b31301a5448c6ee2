"""Run BuildKit's Dockerfile parser (the ``dockerfile`` wheel) safely on untrusted text.

:func:`parse_commands` refuses, before the Go parser sees it, text the wheel cannot take
safely: a NUL character would silently cut the file short, a lone surrogate (undecodable bytes)
would crash the process, and very large heredocs or continued instructions would take BuildKit
time quadratic in their size (it appends them line by line); so would tens of thousands of
instructions take memory out of proportion. Errors BuildKit reports are located
by :mod:`scanner.parsers.dockerfile.syntax_errors`.
"""

from __future__ import annotations

import re
from typing import Any

from scanner.parsers.dockerfile.lines import escape_character, physical_lines
from scanner.parsers.dockerfile.prescan import InstructionSpan, scan_instructions
from scanner.parsers.dockerfile.syntax_errors import (
    MAX_LINE_BYTES,
    DockerfileSyntaxError,
    first_long_line,
    locate_error,
    unterminated_error,
)

#: Largest heredoc body or continued instruction parsed, in bytes (about a second of BuildKit time).
MAX_MULTILINE_PIECE = 256 * 1024
#: Largest total of heredoc bodies and continued instructions in one file, in bytes.
MAX_MULTILINE_TOTAL = 1024 * 1024
#: Most instructions parsed in one file (real Dockerfiles have a few hundred at most); bounds the
#: memory BuildKit's result and the stage nodes take.
MAX_INSTRUCTIONS = 10_000
_SURROGATE_RE = re.compile("[\ud800-\udfff]")

__all__ = ["DockerfileSyntaxError", "MAX_LINE_BYTES", "parse_commands"]


def parse_commands(text: str) -> tuple[Any, ...]:
    """Parse ``text`` into the wheel's ``Command`` tuples, or raise :class:`DockerfileSyntaxError`."""
    _refuse_unsafe_text(text)
    long_line = first_long_line(text)
    if long_line is not None:
        raise DockerfileSyntaxError(
            f"the line is longer than {MAX_LINE_BYTES} bytes, the most BuildKit accepts", long_line
        )
    lines = physical_lines(text)
    escape = escape_character(lines)
    spans = scan_instructions(lines, escape)
    _refuse_costly_layout(spans)
    import dockerfile  # lazy: a Go shared library, only needed once a Dockerfile is parsed

    try:
        return dockerfile.parse_string(text)
    except dockerfile.GoParseError as exc:
        raise locate_error(text, lines, spans, escape, str(exc)) from None


def _refuse_unsafe_text(text: str) -> None:
    surrogate = _SURROGATE_RE.search(text)
    if surrogate:
        line = text.count("\n", 0, surrogate.start()) + 1
        raise DockerfileSyntaxError("the file is not valid UTF-8 text", line)
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise DockerfileSyntaxError("the file contains a NUL character, so it is not a text Dockerfile", line)


def _refuse_costly_layout(spans: list[InstructionSpan]) -> None:
    if len(spans) > MAX_INSTRUCTIONS:
        raise DockerfileSyntaxError(
            f"the Dockerfile has {len(spans)} instructions, more than the {MAX_INSTRUCTIONS} bastion parses",
            spans[MAX_INSTRUCTIONS].start,
        )
    total = 0
    for span in spans:
        if span.unterminated and span.largest_piece > MAX_MULTILINE_PIECE:
            raise unterminated_error(span.unterminated, span.marker_line)
        if span.largest_piece > MAX_MULTILINE_PIECE:
            raise DockerfileSyntaxError(
                f"the instruction's heredoc or continuation lines hold {span.largest_piece // 1024} KiB, "
                f"more than the {MAX_MULTILINE_PIECE // 1024} KiB bastion parses",
                span.start,
            )
        total += span.multiline_bytes
        if total > MAX_MULTILINE_TOTAL:
            raise DockerfileSyntaxError(
                f"the file's heredocs and continuation lines hold more than {MAX_MULTILINE_TOTAL // 1024} KiB "
                "up to this instruction, more than bastion parses",
                span.start,
            )
