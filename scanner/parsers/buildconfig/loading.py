"""Decoded YAML text of a build manifest -> documents as plain values with attribute lines.

Reuses the Kubernetes parser's safe loader (``scanner/parsers/kubernetes/yaml_loader.py`` and
``plain_values.py``): documents are composed by libyaml, checked against alias bombs before
anything is expanded, and built into JSON-compatible values by bastion itself (no tag ever
instantiates anything). Attribute paths and their lines follow the same syntax as Kubernetes
nodes (``services.web.build.context``, ``build.artifacts[0].image``, ``["odd.key"]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from yaml.nodes import Node as YamlNode
from yaml.nodes import SequenceNode

from scanner.parsers.kubernetes.plain_values import build_value, join_key
from scanner.parsers.kubernetes.problems import ManifestProblem
from scanner.parsers.kubernetes.yaml_loader import (
    LineIndex,
    check_aliases,
    compose_documents,
    first_line,
    mapping_child,
)


@dataclass
class YamlDocument:
    """One non-empty document: its value, ``attr path -> line`` for every key and list item, its
    first and last line, its composed root node, and the text's line index (to find where any
    node ends)."""

    value: Any
    lines: dict[str, int]
    start_line: int
    end_line: int
    root: YamlNode
    line_index: LineIndex


def load_documents(text: str) -> tuple[list[YamlDocument], list[ManifestProblem]]:
    """Every non-empty document of ``text`` and the problems met, each with its line.

    A syntax error keeps the documents before it; an alias bomb or a recursive alias yields no
    document at all; a document that cannot be made a plain value (a mapping used as a key) is
    left out with its problem; duplicate keys are reported and the last value is used.
    """
    line_index = LineIndex(text)
    roots, syntax_problem = compose_documents(text)
    problems: list[ManifestProblem] = [syntax_problem] if syntax_problem else []
    if "&" in text:  # without an anchor there is no alias to expand
        try:
            check_aliases(roots)
        except ManifestProblem as problem:
            return [], [problem, *problems]
    documents: list[YamlDocument] = []
    for root in roots:
        lines: dict[str, int] = {}
        try:
            value = build_value(root, lines, problems)
        except ManifestProblem as problem:
            problems.append(problem)
            continue
        start = first_line(root)
        documents.append(YamlDocument(value, lines, start, max(start, line_index.last_line(root)), root, line_index))
    return documents, sorted(problems, key=lambda problem: problem.line or 0)


def lines_below(lines: dict[str, int], prefix: str) -> dict[str, int]:
    """The entries of ``lines`` under the attribute path ``prefix``, re-keyed relative to it.

    ``lines_below({"services.web.image": 3}, "services.web")`` gives ``{"image": 3}``; a key written
    in brackets keeps them (``["x.y"]``), a list index keeps its brackets (``[0].name``).
    """
    below: dict[str, int] = {}
    for path, line in lines.items():
        if not path.startswith(prefix) or len(path) == len(prefix):
            continue
        rest = path[len(prefix) :]
        if rest[0] == ".":
            below[rest[1:]] = line
        elif rest[0] == "[":
            below[rest] = line
    return below


def child_path(path: str, key: str) -> str:
    """The attribute path of mapping entry ``key`` under ``path`` (see the module docstring)."""
    return join_key(path, key)


def node_at(root: YamlNode | None, *steps: str | int) -> YamlNode | None:
    """The composed node reached from ``root`` by mapping keys (str) and list indexes (int), or
    None when a step is missing (used to find where a value ends)."""
    node = root
    for step in steps:
        if node is None:
            return None
        if isinstance(step, int):
            node = node.value[step] if isinstance(node, SequenceNode) and step < len(node.value) else None
        else:
            node = mapping_child(node, step)
    return node


def end_line(document: YamlDocument, node: YamlNode | None, start: int) -> int:
    """The last line of ``node`` in ``document`` (``start`` when the node is not found)."""
    if node is None:
        return start
    return max(start, document.line_index.last_line(node))
