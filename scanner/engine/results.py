"""Turn the value of a result rule into findings, for native and conftest-style rules.

Native results are objects ``{"resource": <node id>, "msg": <text>, "attribute": <path>?}``;
the node gives the file and lines, the attribute (when recorded in ``attr_lines``, or its
nearest recorded ancestor) narrows the line. Conftest results are strings or objects with a
string ``msg``; their location is ``_loc.line`` when given, the Dockerfile instruction the
result is about when that is clear, else the document's line. A value that is not a set (or an
array) produces no finding, as in conftest.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from scanner.engine.catalog import ResultRule
from scanner.engine.locations import attribute_line, attribute_text, instruction_lines
from scanner.findings import Finding, fingerprint
from scanner.model import Document, Node


class ResultProblem(ValueError):
    """A result value the engine cannot turn into a finding; the message is one sentence."""


def result_items(value: Any, set_like: bool) -> list[Any]:
    """The results held by a rule's value: the items of a set/array, or the keys of a v1
    ``name[x] if`` object (object keys that are JSON objects are decoded)."""
    if isinstance(value, list):
        return value
    if set_like and isinstance(value, dict):
        return [_decode_key(key) for key in value]
    return []


def _decode_key(key: str) -> Any:
    """An object key as the value it stood for: regorus writes non-string keys as JSON text."""
    if key.startswith("{"):
        try:
            decoded = json.loads(key)
        except ValueError:
            return key
        if isinstance(decoded, dict):
            return decoded
    return key


def native_finding(rule: ResultRule, item: Any, nodes: Mapping[str, Node]) -> Finding:
    """The finding for one native result; raise ResultProblem when the result is malformed."""
    if not isinstance(item, dict):
        raise ResultProblem(f"{rule.rule} produced {_describe(item)}; native results must be objects with 'resource' and 'msg'")
    resource = item.get("resource")
    message = item.get("msg")
    if not isinstance(resource, str) or not isinstance(message, str):
        raise ResultProblem(f"{rule.rule} produced an object without a string 'resource' and 'msg'")
    node = nodes.get(resource)
    if node is None:
        raise ResultProblem(f"{rule.rule} names resource '{resource}', which is not in the graph")
    attribute = attribute_text(item.get("attribute"))
    start, end = node.start_line, node.end_line
    if attribute is not None:
        line = attribute_line(node, attribute)
        if line is not None:
            start = end = line
    meta = rule.meta
    return Finding(
        rule_id=meta.id,
        severity=meta.severity,
        title=meta.title,
        message=message,
        path=node.path,
        start_line=start,
        end_line=end,
        resource=resource,
        attribute=attribute,
        fingerprint=fingerprint(meta.id, resource, attribute),
        level=rule.level,
        source=meta.source,
    )


def conftest_finding(rule: ResultRule, item: Any, document: Document, known_paths: set[str]) -> Finding | None:
    """The finding for one conftest result; None for values conftest ignores (numbers, lists...).

    Raise ResultProblem for an object without a string ``msg`` (conftest rejects those too).
    """
    if isinstance(item, str):
        message, extra, loc = item, {}, None
    elif isinstance(item, dict):
        message = item.get("msg")
        if not isinstance(message, str):
            raise ResultProblem(f"{rule.rule} produced an object without a string 'msg'")
        extra = {key: value for key, value in item.items() if key not in ("msg", "_loc")}
        loc = item.get("_loc")
    else:
        return None
    path, start, end = _conftest_location(document, message, item, loc, known_paths)
    meta = rule.meta
    return Finding(
        rule_id=meta.id,
        severity=meta.severity,
        title=meta.title,
        message=message,
        path=path,
        start_line=start,
        end_line=end,
        resource=None,
        attribute=None,
        fingerprint=fingerprint(meta.id, None, None, path, message),
        level=rule.level,
        source=meta.source,
        metadata=extra,
    )


def _conftest_location(document: Document, message: str, item: Any, loc: Any, known_paths: set[str]) -> tuple[str, int, int]:
    """(path, start, end) of a conftest result: ``_loc``, else the instruction, else the document."""
    path = document.path
    if isinstance(loc, dict):
        line = _positive_int(loc.get("line"))
        loc_file = loc.get("file")
        if isinstance(loc_file, str) and loc_file in known_paths:
            path = loc_file
        if line is not None:
            return path, line, line
    if document.format == "dockerfile" and isinstance(document.content, list):
        lines = instruction_lines(document.content, message, item)
        if lines is not None:
            return path, lines[0], lines[1]
    return path, document.line, document.line


def _positive_int(value: Any) -> int | None:
    """A line number from ``_loc.line`` (an integer or a numeric string), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value >= 1 else None


def _describe(value: Any) -> str:
    """A short description of a JSON value's type for messages."""
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    return "an object"
