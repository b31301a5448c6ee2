"""Where the comments of a source file are, and which lines a comment directive can cover.

Each supported syntax has a layout module (``hcl_layout``, ``yaml_layout``,
``dockerfile_layout``) that reads the text once and builds a :class:`FileLayout`: every comment
with its line and whether code precedes it on that line, the kind of every line, and the span
of the construct (resource, block, document, instruction) that starts on a line. Comments are
found by a small lexer per syntax, so ``#`` inside a string, a heredoc or a YAML block scalar is
never mistaken for a comment. :func:`layout_for` picks the syntax from the file's format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from posixpath import basename

#: Line kinds: nothing but whitespace; only comments; code (or a YAML document marker, kind
#: ``marker``); and ``body``, the inside of a heredoc or block scalar (neither code nor comment).
BLANK, COMMENT, CODE, MARKER, BODY = "blank", "comment", "code", "marker", "body"


@dataclass(frozen=True)
class Comment:
    """The text of one comment on ``line`` (without its ``#``, ``//`` or ``/* */`` markers);
    ``trailing`` is True when code comes before it on the same line."""

    line: int
    text: str
    trailing: bool


@dataclass
class FileLayout:
    """The comments and line structure of one file; lines are 1-based.

    Subclasses implement :meth:`construct_span` (what a directive directly above a line covers),
    and may refine :meth:`instruction_span` and :meth:`enclosing_span`.
    """

    kinds: list[str]
    comments: list[Comment] = field(default_factory=list)

    @property
    def line_count(self) -> int:
        """Number of lines of the file."""
        return len(self.kinds)

    def kind(self, line: int) -> str:
        """The kind of ``line`` (:data:`BLANK` beyond the end of the file)."""
        return self.kinds[line - 1] if 1 <= line <= len(self.kinds) else BLANK

    def attached_line(self, comment_line: int) -> int | None:
        """The code line that the own-line comment block holding ``comment_line`` sits directly
        above, or None when a blank line, a heredoc body or the end of the file comes first."""
        line = comment_line + 1
        while self.kind(line) == COMMENT:
            line += 1
        return line if self.kind(line) in (CODE, MARKER) else None

    def is_leading_comment(self, line: int) -> bool:
        """True when only comments, blank lines and document markers come before ``line``."""
        return all(kind in (BLANK, COMMENT, MARKER) for kind in self.kinds[: line - 1])

    def construct_span(self, line: int) -> tuple[int, int]:
        """The lines of the resource, block, document or instruction that starts on ``line``."""
        raise NotImplementedError

    def instruction_span(self, line: int) -> tuple[int, int]:
        """Like :meth:`construct_span`, but a Dockerfile ``FROM`` covers only itself."""
        return self.construct_span(line)

    def enclosing_span(self, line: int) -> tuple[int, int] | None:
        """The top-level construct (Terraform block, YAML document, whole Dockerfile) holding
        ``line``, for Checkov's "anywhere inside the resource" convention; None when outside."""
        raise NotImplementedError


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as the parsers number them: split at ``\\n``, a final ``\\r`` removed."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def indentation(line: str) -> int:
    """Number of leading spaces and tabs of ``line``."""
    return len(line) - len(line.lstrip(" \t"))


def comment_syntax(path: str, file_format: str | None) -> str | None:
    """Which lexer reads ``path``: "hcl", "yaml", "dockerfile", or None for files without
    comments (JSON) or of unknown syntax. The graph's ``file_format`` wins over the name."""
    name = basename(path)
    lower = name.lower()
    if lower.endswith(".json"):
        return None
    if file_format == "dockerfile":
        return "dockerfile"
    if lower.endswith((".tf", ".tfvars", ".hcl")):
        return "hcl"
    if lower.endswith((".yaml", ".yml")):
        return "yaml"
    from scanner.parsers.dockerfile import is_dockerfile_name

    return "dockerfile" if is_dockerfile_name(name) else None


def layout_for(path: str, file_format: str | None, text: str) -> FileLayout | None:
    """The :class:`FileLayout` of ``text`` in the syntax :func:`comment_syntax` picks, or None."""
    syntax = comment_syntax(path, file_format)
    if syntax == "hcl":
        from scanner.suppressions.hcl_layout import hcl_layout

        return hcl_layout(text)
    if syntax == "yaml":
        from scanner.suppressions.yaml_layout import yaml_layout

        return yaml_layout(text)
    if syntax == "dockerfile":
        from scanner.suppressions.dockerfile_layout import dockerfile_layout

        return dockerfile_layout(text)
    return None
