"""Shape checks for values read from a build manifest, failing with the attribute's line.

Every check raises :class:`~scanner.parsers.kubernetes.problems.ManifestProblem` with a one-sentence
message that starts with the attribute path (``services.web.ports must be a list, found a
mapping``) and the line where that attribute is written in the document.
"""

from __future__ import annotations

import re
from typing import Any

from scanner.parsers.buildconfig.loading import YamlDocument
from scanner.parsers.kubernetes.problems import ManifestProblem, describe_type

_SEGMENT = re.compile(r'\.?[^.\[\]"]+|\[[0-9]+\]|\["(?:[^"\\]|\\.)*"\]')


def line_of(document: YamlDocument, path: str) -> int:
    """The line where attribute ``path`` is written, else where its nearest written ancestor is
    (a missing key is reported where its parent mapping is), else the document's first line."""
    segments = _SEGMENT.findall(path)
    for end in range(len(segments), 0, -1):
        line = document.lines.get("".join(segments[:end]))
        if line is not None:
            return line
    return document.start_line


def problem_at(document: YamlDocument, path: str, message: str) -> ManifestProblem:
    """A problem about attribute ``path`` of ``document``, at the line :func:`line_of` gives."""
    return ManifestProblem(message, line=line_of(document, path))


def missing_key(document: YamlDocument, path: str, key: str) -> ManifestProblem:
    """``<path> has no '<key>'`` at the line of ``path``."""
    return problem_at(document, path, f"{path} has no '{key}'")


def wrong_type(document: YamlDocument, path: str, expected: str, value: Any) -> ManifestProblem:
    """``<path> must be <expected>, found <type>`` at the attribute's line."""
    return problem_at(document, path, f"{path} must be {expected}, found {describe_type(value)}")


def optional_mapping(document: YamlDocument, path: str, value: Any) -> dict[str, Any]:
    """``value`` when it is a mapping, ``{}`` when absent (None); otherwise a problem."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise wrong_type(document, path, "a mapping", value)
    return value


def optional_list(document: YamlDocument, path: str, value: Any) -> list[Any]:
    """``value`` when it is a list, ``[]`` when absent (None); otherwise a problem."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise wrong_type(document, path, "a list", value)
    return value


def optional_string(document: YamlDocument, path: str, value: Any) -> str | None:
    """``value`` when it is a string, None when absent; numbers are taken as their text (YAML reads
    ``3.10`` as a number); anything else is a problem."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise wrong_type(document, path, "a string", value)


def key_value_pairs(document: YamlDocument, path: str, value: Any) -> tuple[dict[str, Any], dict[str, int]]:
    """A mapping written either as a mapping or as a list of ``KEY=VALUE`` / ``KEY`` strings (the
    docker-compose forms of ``environment`` and ``build.args``), and the lines of list-form keys
    (``{"KEY": line}``). ``KEY`` alone gives None; absent gives ``{}``."""
    if value is None:
        return {}, {}
    if isinstance(value, dict):
        return dict(value), {}
    if not isinstance(value, list):
        raise wrong_type(document, path, "a mapping or a list", value)
    pairs: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        if not isinstance(item, str):
            raise wrong_type(document, item_path, "a 'KEY=VALUE' string", item)
        key, equals, rest = item.partition("=")
        pairs[key] = rest if equals else None
        lines[key] = document.lines.get(item_path, document.start_line)
    return pairs, lines
