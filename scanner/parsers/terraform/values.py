"""Evaluated Terraform values -> the JSON-compatible ``attrs`` of graph nodes.

:func:`to_attr_value` replaces every :class:`Unknown` by the ``unknown_value`` marker, turns
lazy objects into plain dicts, and decodes strings holding a JSON document (an IAM policy from
``jsonencode`` or a heredoc) into objects, so rules compare values instead of parsing JSON.
Attribute paths are written ``a.b[0].c``; an object key that is not an identifier is written
``a["k.8s/x"]``.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from scanner.model import is_unknown_value, unknown_value
from scanner.parsers.terraform.functions_encoding import decode_json_document
from scanner.parsers.terraform.syntax import Unknown

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_MAX_DEPTH = 200


def join_path(prefix: str, key: str | int) -> str:
    """Append an object key or a list index to an attribute path."""
    if isinstance(key, int) and not isinstance(key, bool):
        return f"{prefix}[{key}]"
    key = str(key)
    if _IDENTIFIER.match(key):
        return f"{prefix}.{key}" if prefix else key
    return f"{prefix}[{json.dumps(key, ensure_ascii=False)}]"


def to_attr_value(value: Any, depth: int = 0, decode: bool = True) -> Any:
    """Convert an evaluated value to JSON-compatible data for ``Node.attrs`` (see module doc).

    Strings inside a decoded document are not decoded again (``decode`` is then False).
    """
    if isinstance(value, Unknown):
        return unknown_value(value.reason)
    if depth > _MAX_DEPTH:
        return unknown_value("value is nested too deeply")
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, str):
        decoded = decode_json_document(value) if decode else value
        return value if decoded is value else to_attr_value(decoded, depth + 1, decode=False)
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Mapping):
        return {str(key): to_attr_value(value[key], depth + 1, decode) for key in value}
    if isinstance(value, (list, tuple)):
        return [to_attr_value(item, depth + 1, decode) for item in value]
    if isinstance(value, (set, frozenset)):
        return [to_attr_value(item, depth + 1, decode) for item in sorted(value, key=repr)]
    return unknown_value(f"value of type {type(value).__name__} cannot be represented")


def decode_json_strings(values: dict[str, Any]) -> dict[str, Any]:
    """A copy of plain JSON ``values`` with JSON-document strings decoded (plan values)."""
    return {key: to_attr_value(item) for key, item in values.items()}


def unknown_paths(attrs: Mapping[str, Any]) -> list[str]:
    """Sorted attribute paths of every unknown marker in ``attrs`` (meta ``__`` keys excluded).

    Paths are only built below values that hold a marker, so known values cost one walk.
    """
    found: list[str] = []
    for key, value in attrs.items():
        if not str(key).startswith("__") and _holds_marker(value):
            _collect_markers(str(key), value, found)
    return sorted(found)


def _holds_marker(value: Any) -> bool:
    """True when ``value`` is or contains an unknown marker."""
    if isinstance(value, dict):
        return is_unknown_value(value) or any(_holds_marker(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_marker(item) for item in value)
    return False


def _collect_markers(path: str, value: Any, found: list[str]) -> None:
    """Append the paths of the markers inside ``value`` (which holds at least one)."""
    if is_unknown_value(value):
        found.append(path)
    elif isinstance(value, dict):
        for key, item in value.items():
            if _holds_marker(item):
                _collect_markers(join_path(path, key), item, found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if _holds_marker(item):
                _collect_markers(join_path(path, index), item, found)


def set_path(attrs: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    """Put ``value`` at ``path`` in ``attrs``, creating missing objects and list slots on the way;
    a path that does not fit the existing structure (an index into an object) is ignored."""
    current: Any = attrs
    for position, key in enumerate(path):
        if position == len(path) - 1:
            _assign(current, key, value)
            return
        wanted = dict if isinstance(path[position + 1], str) else list
        child = _child(current, key)
        if not isinstance(child, wanted) or is_unknown_value(child):
            child = wanted()
            if not _assign(current, key, child):
                return
        current = child


def _child(container: Any, key: str | int) -> Any:
    """``container[key]`` when it exists, else None."""
    if isinstance(container, dict) and isinstance(key, str):
        return container.get(key)
    if isinstance(container, list) and isinstance(key, int) and 0 <= key < len(container):
        return container[key]
    return None


def _assign(container: Any, key: str | int, value: Any) -> bool:
    """Set ``container[key] = value`` (growing a list as needed); False when the types do not fit."""
    if isinstance(container, dict) and isinstance(key, str):
        container[key] = value
        return True
    if isinstance(container, list) and isinstance(key, int) and 0 <= key < 100_000:
        while len(container) <= key:
            container.append(None)
        container[key] = value
        return True
    return False
