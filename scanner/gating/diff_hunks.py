"""Parse ``git diff --unified=0`` output into the changed lines of each file, in the new version.

Pure text processing (no git here; :mod:`scanner.gating.diff_mode` runs git). For each file of
the diff, :class:`ChangedLines` holds the line ranges that were added or modified and the
*gaps* where lines were only deleted, numbered in the new file. A binary file that changed counts
as wholly changed; a deleted file, a pure rename and a mode change add nothing. The diff must be
made with the prefixes ``a/`` and ``b/``; paths git quotes (C-style) are unquoted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": 7, "b": 8, "t": 9, "n": 10, "v": 11, "f": 12, "r": 13, '"': 34, "\\": 92}


@dataclass(frozen=True)
class ChangedLines:
    """What changed in one file, in the new file's 1-based line numbers.

    ``whole_file`` marks a file that is new to git's eyes (untracked) or binary. ``ranges`` are
    inclusive (first, last) line ranges that were added or modified. ``gaps`` are lines ``n``
    after which lines were deleted (0: at the top of the file).
    """

    whole_file: bool = False
    ranges: tuple[tuple[int, int], ...] = ()
    gaps: tuple[int, ...] = ()

    def intersects(self, start: int, end: int) -> bool:
        """Whether lines ``start``..``end`` (inclusive) touch a change: they overlap a changed
        range, or a deletion happened between two of them."""
        if self.whole_file:
            return True
        end = max(start, end)
        return any(first <= end and start <= last for first, last in self.ranges) or any(start <= gap < end for gap in self.gaps)


@dataclass
class _FileDiff:
    """The state of one ``diff --git`` section while it is read."""

    header: str
    new_path: str | None = None
    rename_to: str | None = None
    deleted: bool = False
    binary: bool = False
    in_hunks: bool = False
    ranges: list[tuple[int, int]] = field(default_factory=list)
    gaps: list[int] = field(default_factory=list)

    def path(self) -> str | None:
        """The file's path in the new version, None when it was deleted or cannot be known."""
        if self.deleted:
            return None
        return self.new_path or self.rename_to or _symmetric_header_path(self.header)

    def result(self) -> ChangedLines | None:
        """What changed, or None when nothing did (pure rename, mode change, deletion)."""
        if self.deleted:
            return None
        if self.binary:
            return ChangedLines(whole_file=True)
        if not self.ranges and not self.gaps:
            return None
        return ChangedLines(ranges=tuple(self.ranges), gaps=tuple(sorted(set(self.gaps))))


def unquote_path(text: str) -> str:
    """A path as git prints it in a header: C-style quoted (``"a/we\\"ird.tf"``) or bare;
    a trailing tab (git adds one after names with spaces) is dropped."""
    text = text.rstrip("\t")
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        return text
    body, data, index = text[1:-1], bytearray(), 0
    while index < len(body):
        char = body[index]
        if char != "\\" or index + 1 == len(body):
            data.extend(char.encode("utf-8", errors="surrogateescape"))
            index += 1
            continue
        nxt = body[index + 1]
        if nxt in "0123" and re.fullmatch(r"[0-7]{3}", body[index + 1 : index + 4]):
            data.append(int(body[index + 1 : index + 4], 8))
            index += 4
        else:
            data.append(_ESCAPES.get(nxt, ord(nxt) if ord(nxt) < 128 else 63))
            index += 2
    return os.fsdecode(bytes(data))


def _strip_prefix(path: str, prefix: str) -> str | None:
    """``path`` without git's ``a/``/``b/`` prefix; None for ``/dev/null``."""
    if path == "/dev/null":
        return None
    return path.removeprefix(prefix)


def _symmetric_header_path(header: str) -> str | None:
    """The path of ``a/P b/P`` (the ``diff --git`` line of a file that kept its name)."""
    if header.startswith('"'):
        match = re.fullmatch(r'("(?:[^"\\]|\\.)*") ("(?:[^"\\]|\\.)*")', header)
        if not match:
            return None
        old, new = unquote_path(match.group(1)), unquote_path(match.group(2))
        return new[2:] if old[2:] == new[2:] else None
    if (len(header) - 5) % 2 or len(header) < 7:
        return None
    half = (len(header) - 5) // 2
    old, new = header[: 2 + half], header[3 + half :]
    if old.startswith("a/") and new.startswith("b/") and old[2:] == new[2:]:
        return new[2:]
    return None


def _read_header(current: _FileDiff, line: str) -> None:
    """Apply one extended header line (before the first hunk) to ``current``."""
    if line.startswith("+++ "):
        path = unquote_path(line[4:])
        stripped = _strip_prefix(path, "b/")
        current.deleted = stripped is None
        current.new_path = stripped
    elif line.startswith("rename to "):
        current.rename_to = unquote_path(line[len("rename to ") :])
    elif line.startswith("deleted file mode"):
        current.deleted = True
    elif line.startswith("Binary files ") and line.endswith(" differ"):
        current.binary = not line.endswith(" and /dev/null differ")


def parse_unified_diff(lines: Iterable[str]) -> dict[str, ChangedLines]:
    """The changed lines per path (new names) of a ``git diff --unified=0`` output, given as lines
    with or without their line ends. Files with nothing to report are left out."""
    changes: dict[str, ChangedLines] = {}
    current: _FileDiff | None = None

    def finish() -> None:
        if current is None:
            return
        path, result = current.path(), current.result()
        if path is not None and result is not None:
            changes[path] = result

    for raw in lines:
        line = raw.rstrip("\n").rstrip("\r") if raw.endswith("\n") else raw
        if line.startswith("diff --git "):
            finish()
            current = _FileDiff(header=line[len("diff --git ") :])
            continue
        if current is None:
            continue
        match = _HUNK.match(line) if line.startswith("@@") else None
        if match:
            current.in_hunks = True
            start, count = int(match.group(1)), int(match.group(2) or "1")
            if count:
                current.ranges.append((start, start + count - 1))
            else:
                current.gaps.append(start)
        elif not current.in_hunks:
            _read_header(current, line)
    finish()
    return dict(sorted(changes.items()))
