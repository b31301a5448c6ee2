"""Composed YAML nodes -> plain Python values, recording the line of every attribute path.

Only JSON-compatible values come out: ``str``, ``int``, ``float``, ``bool``, ``None``, ``list``
and ``dict`` with string keys. Timestamps, ``!!binary`` and any custom tag keep their text as a
string (nothing is ever instantiated from a tag); ``.inf`` and ``.nan`` keep their text too, since
JSON has no such numbers. Merge keys (``<<``) are applied as YAML 1.1 says: keys written in the
mapping win over merged ones, and earlier merge sources win over later ones. Non-string scalar
keys become strings the way Kubernetes' YAML-to-JSON conversion writes them (``true``, ``80``).

Attribute paths (see docs/graph/kubernetes.md): ``a.b[0].c``; a key that is not a plain
identifier (``[A-Za-z_][A-Za-z0-9_-]*``) is written in brackets as a JSON string:
``metadata.annotations["kubernetes.io/ingress.class"]``. A mapping entry's line is its key's line;
a list item's line is the item's first line.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YamlNode

from scanner.parsers.kubernetes.problems import ManifestProblem
from scanner.parsers.kubernetes.yaml_loader import MAX_DEPTH, MERGE_TAG, first_line

_TAG_PREFIX = "tag:yaml.org,2002:"
_STR, _NULL, _BOOL = _TAG_PREFIX + "str", _TAG_PREFIX + "null", _TAG_PREFIX + "bool"
_INT, _FLOAT = _TAG_PREFIX + "int", _TAG_PREFIX + "float"
_SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NUMBER_READER = SafeConstructor()


@lru_cache(maxsize=8192)
def key_segment(key: str) -> str:
    """How ``key`` is appended to an attribute path: ``.name`` or ``["a.b/c"]``."""
    if _SIMPLE_KEY.fullmatch(key):
        return "." + key
    return "[" + json.dumps(key, ensure_ascii=False) + "]"


def join_key(path: str, key: str) -> str:
    """The attribute path of mapping entry ``key`` under ``path`` ("" is the object itself)."""
    segment = key_segment(key)
    if not path and segment[0] == ".":
        return segment[1:]
    return path + segment


def scalar_value(node: ScalarNode) -> Any:
    """The plain value of a scalar node, by its resolved tag (see the module docstring)."""
    tag, text = node.tag, node.value
    if tag == _STR:
        return text
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return SafeConstructor.bool_values.get(text.lower(), text)
    try:
        if tag == _INT:
            return _NUMBER_READER.construct_yaml_int(node)
        if tag == _FLOAT:
            number = _NUMBER_READER.construct_yaml_float(node)
            return number if math.isfinite(number) else text
    except (ValueError, IndexError):
        kind = "an integer" if tag == _INT else "a number"
        raise ManifestProblem(f"could not read {text!r} as {kind}", line=first_line(node)) from None
    return text


def key_text(node: YamlNode) -> str:
    """The string form of a mapping key node; only scalars can be keys."""
    if not isinstance(node, ScalarNode):
        found = "a mapping" if isinstance(node, MappingNode) else "a list"
        raise ManifestProblem(f"mapping keys must be scalars, found {found}", line=first_line(node))
    value = scalar_value(node)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


class ValueBuilder:
    """Builds plain values from one document's nodes.

    ``lines`` (when given) receives ``attr path -> line`` for every key and list item.
    ``warnings`` collects problems that do not stop the document (duplicate keys).
    """

    def __init__(self, lines: dict[str, int] | None, warnings: list[ManifestProblem]) -> None:
        self.lines = lines
        self.warnings = warnings

    def build(self, node: YamlNode, path: str = "", depth: int = 0) -> Any:
        """The plain value of ``node``, whose attribute path is ``path``."""
        if isinstance(node, ScalarNode):
            return scalar_value(node)
        if depth >= MAX_DEPTH:
            raise ManifestProblem(f"YAML nesting is deeper than {MAX_DEPTH} levels", line=first_line(node))
        if isinstance(node, SequenceNode):
            items = []
            lines = self.lines
            for index, item in enumerate(node.value):
                item_path = f"{path}[{index}]"
                if lines is not None:
                    lines[item_path] = item.start_mark.line + 1
                items.append(self.build(item, item_path, depth + 1))
            return items
        return self._build_mapping(node, path, depth)

    def _build_mapping(self, node: MappingNode, path: str, depth: int) -> dict[str, Any]:
        merges = [value for key, value in node.value if key.tag == MERGE_TAG]
        result: dict[str, Any] = self._merged(merges, path, depth) if merges else {}
        written: set[str] = set()
        lines = self.lines
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                continue
            key = key_text(key_node)
            if key in written:
                self.warnings.append(
                    ManifestProblem(
                        f"duplicate key {key!r} in a mapping, the last value is used",
                        line=key_node.start_mark.line + 1,
                    )
                )
            written.add(key)
            child_path = join_key(path, key)
            if lines is not None:
                lines[child_path] = key_node.start_mark.line + 1
            result.pop(key, None)
            result[key] = self.build(value_node, child_path, depth + 1)
        return result

    def _merged(self, merges: list[YamlNode], path: str, depth: int) -> dict[str, Any]:
        """The entries merged in by ``<<`` keys, earlier sources winning over later ones."""
        sources: list[YamlNode] = []
        for merge in merges:
            sources.extend(merge.value if isinstance(merge, SequenceNode) else [merge])
        merged: dict[str, Any] = {}
        for source in reversed(sources):
            if not isinstance(source, MappingNode):
                raise ManifestProblem(
                    "a merge key '<<' needs a mapping or a list of mappings", line=first_line(source)
                )
            merged.update(self._build_mapping(source, path, depth + 1))
        return merged


def build_value(
    node: YamlNode, lines: dict[str, int] | None = None, warnings: list[ManifestProblem] | None = None
) -> Any:
    """The plain value of a document node; fills ``lines`` and ``warnings`` when given.

    Raises :class:`ManifestProblem` for what cannot be made a plain value (a mapping used as a
    key, ``!!int abc``, a bad merge, nesting deeper than the limit).
    """
    return ValueBuilder(lines, warnings if warnings is not None else []).build(node)


def record_lines(node: YamlNode, lines: dict[str, int], path: str = "", depth: int = 0) -> None:
    """Fill ``lines`` for a node tree without building values (used for JSON files, whose values
    come from the json module); keys are read as written."""
    if depth >= MAX_DEPTH or isinstance(node, ScalarNode):
        return
    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            item_path = f"{path}[{index}]"
            lines[item_path] = item.start_mark.line + 1
            record_lines(item, lines, item_path, depth + 1)
        return
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            continue
        child_path = join_key(path, str(key_node.value))
        lines[child_path] = key_node.start_mark.line + 1
        record_lines(value_node, lines, child_path, depth + 1)
