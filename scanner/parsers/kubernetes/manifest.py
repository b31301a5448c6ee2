"""One loaded document -> Kubernetes objects -> graph nodes.

A document is a Kubernetes object when it is a mapping with ``kind`` and an ``apiVersion`` of a
Kubernetes API (``v1``, a built-in group, or a group with a dot); ``skaffold/v4beta11`` is not.
A file is only a Kubernetes file when it holds such a document; in such a file, a document
whose ``apiVersion`` is not even a string is reported as malformed. A
``kind: List`` document, or any ``<Kind>List`` with ``items``, stands for its items: each item is
an object of its own, with its own lines. Items of a typed list (``PodList``) may leave out
``apiVersion`` and ``kind``; they get the list's apiVersion and the kind the list's name implies.

:func:`build_node` checks the fields that identify an object (``apiVersion`` and ``kind`` are
non-empty strings, ``metadata`` a mapping, its ``name``/``namespace``/``generateName`` strings,
``labels``/``annotations`` mappings) and the path to the pod spec; a wrong shape is a
:class:`ManifestProblem` whose message starts with the attribute path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yaml.nodes import Node as YamlNode
from yaml.nodes import SequenceNode

from scanner.model import Node
from scanner.parsers.kubernetes.identity import (
    api_group,
    effective_namespace,
    is_kubernetes_api_version,
    node_id,
    object_name,
)
from scanner.parsers.kubernetes.pod_spec import normalize_pod_spec, pod_spec_path
from scanner.parsers.kubernetes.problems import ManifestProblem, describe_type
from scanner.parsers.kubernetes.yaml_loader import LineIndex, mapping_child

FORMAT = "kubernetes"


@dataclass
class ManifestObject:
    """One Kubernetes object of a file, before it becomes a node.

    ``lines`` maps attribute paths relative to the object to lines; ``label`` is ``items[<i>]``
    for a List item (prefixed to messages) and "" for a whole document.
    """

    value: dict[str, Any]
    lines: dict[str, int]
    start_line: int
    end_line: int
    label: str = ""

    def problem_line(self, problem: ManifestProblem) -> int:
        """The line to report ``problem`` at: its own, its attribute's, else the object's start."""
        if problem.line is not None:
            return problem.line
        if problem.attr_path is not None:
            return self.lines.get(problem.attr_path, self.start_line)
        return self.start_line

    def problem_message(self, problem: ManifestProblem) -> str:
        """The problem's message with the List item's label in front of its attribute path."""
        return f"{self.label}.{problem.message}" if self.label else problem.message


def has_identity_keys(value: Any) -> bool:
    """True for a mapping that has both ``apiVersion`` and ``kind`` keys (of any value)."""
    return isinstance(value, dict) and "apiVersion" in value and "kind" in value


def names_kubernetes_api(value: Any) -> bool:
    """True for a mapping with a ``kind`` and a string ``apiVersion`` of a Kubernetes API: such
    a document makes its file a Kubernetes file."""
    if not has_identity_keys(value):
        return False
    api_version = value["apiVersion"]
    return isinstance(api_version, str) and is_kubernetes_api_version(api_version)


def is_kubernetes_object(value: Any) -> bool:
    """True for a document that becomes a node, or an error when malformed: it names a
    Kubernetes API, or has ``apiVersion`` and ``kind`` keys with an apiVersion that is no string."""
    return names_kubernetes_api(value) or (has_identity_keys(value) and not isinstance(value["apiVersion"], str))


def _list_kind(value: dict[str, Any]) -> str | None:
    """The kind of a List document (``List`` or ``<Kind>List`` with ``items``), else None."""
    kind = value.get("kind")
    if isinstance(kind, str) and kind.endswith("List") and "items" in value:
        return kind
    return None


def _split_item_lines(lines: dict[str, int], count: int) -> list[dict[str, int]]:
    """Re-key the ``items[<i>]...`` entries of a List's lines per item, relative to the item."""
    per_item: list[dict[str, int]] = [{} for _ in range(count)]
    for path, line in lines.items():
        if not path.startswith("items["):
            continue
        close = path.find("]", 6)
        index = int(path[6:close])
        if index < count:
            rest = path[close + 1 :]
            if rest:
                per_item[index][rest[1:] if rest.startswith(".") else rest] = line
    return per_item


def split_objects(
    value: dict[str, Any],
    lines: dict[str, int],
    start_line: int,
    end_line: int,
    root: YamlNode | None,
    line_index: LineIndex | None,
) -> tuple[list[ManifestObject], list[tuple[int, str]]]:
    """The objects a Kubernetes document stands for, and (line, message) problems of its items."""
    list_kind = _list_kind(value)
    if list_kind is None:
        return [ManifestObject(value, lines, start_line, end_line)], []
    items = value.get("items")
    if items is None:
        return [], []
    if not isinstance(items, list):
        return [], [(lines.get("items", start_line), f"items must be a list, found {describe_type(items)}")]
    items_node = mapping_child(root, "items") if root is not None else None
    item_nodes = items_node.value if isinstance(items_node, SequenceNode) else []
    default_kind = list_kind[: -len("List")] if list_kind != "List" else None
    objects: list[ManifestObject] = []
    problems: list[tuple[int, str]] = []
    for index, (item, item_lines) in enumerate(zip(items, _split_item_lines(lines, len(items)))):
        label = f"items[{index}]"
        line = lines.get(label, start_line)
        if not isinstance(item, dict):
            problems.append((line, f"{label} must be a mapping, found {describe_type(item)}"))
            continue
        if default_kind is not None and ("apiVersion" not in item or "kind" not in item):
            item = {"apiVersion": value.get("apiVersion"), "kind": default_kind, **item}
        elif not has_identity_keys(item):
            problems.append((line, f"{label} is not a Kubernetes object because it has no apiVersion or kind"))
            continue
        last = line
        if line_index is not None and index < len(item_nodes):
            last = line_index.last_line(item_nodes[index])
        objects.append(ManifestObject(item, item_lines, line, last, label))
    return objects, problems


def _require_string(value: Any, path: str, optional: bool) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise ManifestProblem(f"{path} must be a string, found {describe_type(value)}", attr_path=path)
    if not value and not optional:
        raise ManifestProblem(f"{path} must not be empty", attr_path=path)


def _checked_metadata(value: dict[str, Any]) -> dict[str, Any]:
    """The object's metadata ({} when absent), after checking the fields the ID is made of."""
    metadata = value.get("metadata")
    if metadata is None:
        return {}
    if not isinstance(metadata, dict):
        raise ManifestProblem(f"metadata must be a mapping, found {describe_type(metadata)}", attr_path="metadata")
    for key in ("name", "namespace", "generateName"):
        _require_string(metadata.get(key), f"metadata.{key}", optional=True)
    for key in ("labels", "annotations"):
        entries = metadata.get(key)
        if entries is not None and not isinstance(entries, dict):
            path = f"metadata.{key}"
            raise ManifestProblem(f"{path} must be a mapping, found {describe_type(entries)}", attr_path=path)
    return metadata


def build_node(obj: ManifestObject, path: str) -> Node:
    """The graph node of ``obj`` from file ``path`` (contract: docs/graph/kubernetes.md).

    Raises :class:`ManifestProblem` when the object is malformed (see the module docstring).
    """
    value = obj.value
    _require_string(value.get("apiVersion"), "apiVersion", optional=False)
    _require_string(value.get("kind"), "kind", optional=False)
    api_version: str = value["apiVersion"]
    kind: str = value["kind"]
    metadata = _checked_metadata(value)
    group = api_group(api_version)
    namespace = effective_namespace(kind, metadata)
    name = object_name(metadata, obj.start_line)
    attrs = dict(value)
    attrs["__namespace"] = namespace
    spec_parts = pod_spec_path(group, kind)
    if spec_parts is not None:
        attrs["__pod_spec"] = normalize_pod_spec(value, spec_parts)
    return Node(
        id=node_id(group, kind, namespace, name),
        format=FORMAT,
        kind=kind,
        name=metadata.get("name") or name,
        path=path,
        start_line=obj.start_line,
        end_line=max(obj.end_line, obj.start_line),
        attrs=attrs,
        attr_lines=obj.lines,
        unknown=[],
    )
