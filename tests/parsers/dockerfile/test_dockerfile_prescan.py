"""The pre-scan finds the same instruction spans as BuildKit, and the heredoc facts it needs."""

from __future__ import annotations

from pathlib import Path

import dockerfile
import pytest

from scanner.parsers.dockerfile.lines import escape_character, physical_lines
from scanner.parsers.dockerfile.prescan import scan_instructions

DATA = Path(__file__).parent / "data"

TRICKY = [
    "FROM a\nRUN a \\\n# comment inside\n\n  b \\\n  c\nUSER x\n",
    "# escape=`\nFROM a\nRUN a `\n  b\nRUN c \\\nRUN d\n",
    "FROM a\nRUN <<A <<-B cat\none\nA\n\ttwo\n\tB\nRUN <<\"E O\"\nx\nE O\n",
    'FROM a\nRUN ["sh", "-c", "echo <<EOF"]\nRUN echo "<<EOF"\nCOPY --chown=a <<EOF /x\ny\nEOF\n',
    "FROM a\nONBUILD RUN <<EOF\nx\nEOF\nrun <<eof\ny\neof\n",
    "FROM a\n  RUN indented\r\nRUN crlf \\\r\n  continued\r\n",
]


def _spans(text: str) -> list[tuple[int, int]]:
    lines = physical_lines(text)
    return [(span.start, span.end) for span in scan_instructions(lines, escape_character(lines))]


def _buildkit_spans(text: str) -> list[tuple[int, int]]:
    return [(command.start_line, command.end_line) for command in dockerfile.parse_string(text)]


@pytest.mark.parametrize("text", TRICKY)
def test_spans_match_buildkit_on_tricky_layouts(text):
    assert _spans(text) == _buildkit_spans(text)


@pytest.mark.parametrize(
    "name", sorted(path.name for path in DATA.glob("*.Dockerfile") if path.name not in {"only_comments.Dockerfile"})
)
def test_spans_match_buildkit_on_every_parsable_fixture(name):
    text = (DATA / name).read_text(encoding="utf-8")
    if name == "unterminated_heredoc.Dockerfile":
        lines = physical_lines(text)
        last = scan_instructions(lines, escape_character(lines))[-1]
        assert (last.start, last.unterminated, last.marker_line) == (5, "CONF", 5)
        return
    assert _spans(text) == _buildkit_spans(text)


def test_sizes_of_continued_headers_and_heredoc_bodies():
    lines = physical_lines("FROM a\nRUN a \\\n  b\nRUN <<EOF\n12345\nEOF\n")
    spans = scan_instructions(lines, "\\")
    assert [(span.multiline_bytes, span.largest_piece, span.header_end) for span in spans] == [
        (0, 0, 1),
        (len("RUN a \\") + len("  b"), len("RUN a \\") + len("  b"), 3),
        (6, 6, 4),
    ]
