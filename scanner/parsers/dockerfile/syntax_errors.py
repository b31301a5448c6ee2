"""Turn a ``GoParseError`` from BuildKit's parser into one located, one-sentence error.

The ``dockerfile`` wheel gives BuildKit's message but not the line BuildKit knew. The line is
found again here: an unterminated heredoc is closed on a copy of the text so the parser itself
says which instruction opened it; a parser-directive error points at the directive; any other
message is reproduced by parsing one instruction at a time (the spans of the pre-scan), the
first instruction that fails the same way being the culprit.
"""

from __future__ import annotations

import re
from typing import Any

from scanner.parsers.dockerfile.prescan import InstructionSpan

#: BuildKit's longest accepted physical line, in bytes (bufio.MaxScanTokenSize - 1).
MAX_LINE_BYTES = 65535
_HEREDOC_WORD_RE = re.compile(r"""\d*<<-?((?:"[^"\n]*"|'[^'\n]*'|[^\s<>"'|;&])+)""")
_MAX_TERMINATOR_NAMES = 50
_GROUP_BYTES = 64 * 1024
_LOCATED_MESSAGE_RE = re.compile(r"(?:dockerfile parse error )?on line (\d+): (.+)", re.DOTALL)
_DIRECTIVE_RE = re.compile(r"^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$")
_REPEATED_DIRECTIVE_RE = re.compile(r"only one (\w+) parser directive can be used")


class DockerfileSyntaxError(Exception):
    """The file cannot be parsed; ``message`` is one sentence, ``line`` is 1-based or None."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


def first_long_line(text: str) -> int | None:
    """The first line longer than BuildKit accepts, or None."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_BYTES // 4 and len(line.encode("utf-8")) > MAX_LINE_BYTES:
            return number
    return None


def locate_error(
    text: str, lines: list[str], spans: list[InstructionSpan], escape: str, go_message: str
) -> DockerfileSyntaxError:
    """The located error for BuildKit's ``go_message`` about ``text``."""
    with_line = _LOCATED_MESSAGE_RE.match(go_message)
    if with_line:  # a wheel built on a BuildKit that puts the line in the message
        return DockerfileSyntaxError(f"cannot parse the Dockerfile: {with_line.group(2)}", int(with_line.group(1)))
    if go_message == "file with no instructions":
        return DockerfileSyntaxError("Dockerfile has no instructions", None)
    if go_message == "unterminated heredoc":
        return unterminated_heredoc(text, spans)
    if go_message.startswith("dockerfile line greater than max allowed size"):
        return DockerfileSyntaxError(
            f"the line is longer than {MAX_LINE_BYTES} bytes, the most BuildKit accepts", first_long_line(text)
        )
    clauses = go_message.rstrip(".").split(". ")
    sentence = "; ".join([clauses[0], *(clause[:1].lower() + clause[1:] for clause in clauses[1:])])
    line = _directive_line(lines, go_message) or _failing_instruction(lines, spans, escape, go_message)
    return DockerfileSyntaxError(f"cannot parse the Dockerfile: {sentence}", line)


def unterminated_heredoc(text: str, spans: list[InstructionSpan]) -> DockerfileSyntaxError:
    """Locate the heredoc that runs to the end of the file.

    The text is parsed again with candidate closing lines appended, so BuildKit itself shows which
    instruction opened the heredoc; the pre-scan's finding is the fallback.
    """
    import dockerfile

    line_count = len(lines_of(text))
    names = _heredoc_names(text)
    commands: tuple[Any, ...] = ()
    if names:
        closing = "\n".join(names * min(len(names), 3))
        try:
            commands = dockerfile.parse_string(text.rstrip("\n") + "\n" + closing + "\n")
        except dockerfile.GoParseError:
            commands = ()
    opener = None
    for command in commands:
        if command.heredocs and command.start_line <= line_count:
            opener = command
    if opener is not None:
        name = _first_unclosed_name(opener, line_count)
        span = next((span for span in spans if span.start == opener.start_line), None)
        line = _marker_line(lines_of(text), opener.start_line, span.header_end if span else opener.start_line, name)
        return unterminated_error(name, line)
    for span in spans:
        if span.unterminated:
            return unterminated_error(span.unterminated, span.marker_line)
    return DockerfileSyntaxError("unterminated heredoc: the file ends before its closing line", None)


def unterminated_error(name: str, line: int | None) -> DockerfileSyntaxError:
    """The error for heredoc ``name`` opened on ``line`` and never closed."""
    message = f"unterminated heredoc: no line '{name}' closes <<{name} before the end of the file"
    return DockerfileSyntaxError(message, line)


def lines_of(text: str) -> list[str]:
    """The physical lines of ``text`` (split on newlines; a final newline ends the last line)."""
    pieces = text.split("\n")
    if pieces and pieces[-1] == "":
        pieces.pop()
    return pieces


def _heredoc_names(text: str) -> list[str]:
    names: list[str] = []
    for match in _HEREDOC_WORD_RE.finditer(text):
        name = match.group(1).replace('"', "").replace("'", "")
        if name and name not in names:
            names.append(name)
        if len(names) >= _MAX_TERMINATOR_NAMES:
            break
    return names


def _first_unclosed_name(opener: Any, line_count: int) -> str:
    """The first heredoc of ``opener`` whose closing line lies past the original end of the file."""
    terminator_line = opener.end_line
    closing_lines: list[int] = []
    for heredoc in reversed(opener.heredocs):
        closing_lines.append(terminator_line)
        terminator_line -= heredoc.content.count("\n") + 1
    closing_lines.reverse()
    for heredoc, closing_line in zip(opener.heredocs, closing_lines):
        if closing_line > line_count:
            return str(heredoc.name)
    return str(opener.heredocs[-1].name)


def _marker_line(lines: list[str], start_line: int, header_end: int, name: str) -> int:
    marker = re.compile(r"<<-?[\"']?" + re.escape(name))
    for number in range(start_line, min(header_end, len(lines)) + 1):
        if marker.search(lines[number - 1]):
            return number
    return start_line


def _directive_line(lines: list[str], go_message: str) -> int | None:
    """The directive line a parser-directive error is about, or None for other messages."""
    repeated = _REPEATED_DIRECTIVE_RE.fullmatch(go_message)
    wanted = repeated.group(1) if repeated else "escape" if go_message.startswith("invalid escape token") else None
    if wanted is None:
        return None
    seen = 0
    for number, line in enumerate(lines, start=1):
        match = _DIRECTIVE_RE.match(line.lstrip())
        if not match:
            break
        if match.group(1).lower() == wanted:
            seen += 1
            if seen == (2 if repeated else 1):
                return number
    return None


def _failing_instruction(
    lines: list[str], spans: list[InstructionSpan], escape: str, go_message: str
) -> int | None:
    """The first instruction that, parsed alone, fails with ``go_message``.

    Instructions are first parsed in groups of about 64 KiB, so a large file costs about one more
    parse, then one by one inside the first group that fails that way.
    """
    prefix = "# escape=`\n" if escape == "`" else ""
    group: list[InstructionSpan] = []
    size = 0
    for span in [*spans, None]:
        if span is not None:
            group.append(span)
            size += sum(len(line) + 1 for line in lines[span.start - 1 : span.end])
            if size < _GROUP_BYTES:
                continue
        if group and _fails_alike(prefix + _text_of(lines, group[0].start, group[-1].end), go_message):
            for member in group:
                if _fails_alike(prefix + _text_of(lines, member.start, member.end), go_message):
                    return member.start
            return group[0].start
        group, size = [], 0
    return None


def _text_of(lines: list[str], start: int, end: int) -> str:
    return "\n".join(lines[start - 1 : end]) + "\n"


def _fails_alike(text: str, go_message: str) -> bool:
    import dockerfile

    try:
        dockerfile.parse_string(text)
    except dockerfile.GoParseError as exc:
        return str(exc) == go_message
    return False
