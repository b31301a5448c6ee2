"""The problem type the Kubernetes parser raises internally, and how values are named in messages.

A :class:`ManifestProblem` never leaves the package: ``parser.py`` turns each one into an
:class:`~scanner.model.InputError` with the file's path. A problem found in the YAML text knows its
line; a problem found in a constructed object knows the attribute path instead (``spec.replicas``),
and the caller looks the line up in the object's ``attr_lines``.
"""

from __future__ import annotations

from typing import Any


class ManifestProblem(Exception):
    """One user mistake in a manifest; ``message`` is one sentence without a trailing period.

    Exactly one of ``line`` (1-based) and ``attr_path`` is normally set; with neither, the problem
    is reported at the start of the object or file it concerns.
    """

    def __init__(self, message: str, line: int | None = None, attr_path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.attr_path = attr_path


def describe_type(value: Any) -> str:
    """Name the JSON type of a plain value with its article, for messages: "a mapping", "null"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"
