"""The conftest-shaped input of a Dockerfile, for conftest policies that run unchanged.

conftest gives a policy the flat list of a Dockerfile's instructions, each
``{"Cmd", "SubCmd", "JSON", "Flags", "Value", "Stage"}`` with a lower-case ``Cmd`` and the
0-based index of the stage it belongs to, preceded by one ``{"Cmd": "comment"}`` entry per
comment line BuildKit attached to the instruction. Each entry here also carries ``Original``,
``StartLine`` and ``EndLine`` (as Trivy's input does), which conftest policies simply ignore and
which give findings a line.
"""

from __future__ import annotations

from typing import Any

from scanner.model import Document
from scanner.parsers.dockerfile.lines import comments_before

FORMAT = "dockerfile"


def conftest_document(path: str, commands: tuple[Any, ...], lines: list[str]) -> Document:
    """One Document (line 1) whose content is the instruction list conftest would give."""
    attached = comments_before(lines, [(command.start_line, command.end_line) for command in commands])
    entries: list[dict[str, Any]] = []
    stage = -1
    for command, comments in zip(commands, attached):
        if command.cmd.lower() == "from":
            stage += 1
        current = max(stage, 0)
        for line, text in comments:
            entries.append(_entry("comment", "", False, [], [text], current, lines[line - 1].strip(), line, line))
        entries.append(
            _entry(
                command.cmd.lower(),
                (command.sub_cmd or "").lower(),
                bool(command.json),
                list(command.flags),
                list(command.value),
                current,
                command.original,
                command.start_line,
                command.end_line,
            )
        )
    return Document(path=path, line=1, format=FORMAT, content=entries)


def _entry(
    cmd: str,
    sub_cmd: str,
    json: bool,
    flags: list[str],
    value: list[str],
    stage: int,
    original: str,
    start_line: int,
    end_line: int,
) -> dict[str, Any]:
    return {
        "Cmd": cmd,
        "SubCmd": sub_cmd,
        "JSON": json,
        "Flags": flags,
        "Value": value,
        "Stage": stage,
        "Original": original,
        "StartLine": start_line,
        "EndLine": end_line,
    }
