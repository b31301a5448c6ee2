"""Helm ``Chart.yaml`` -> one ``helm.chart`` node.

Contract (docs/graph/buildconfig.md): id ``helm:<path>``, name the chart's ``name``; ``attrs`` hold
every key as written, with ``apiVersion``, ``name``, ``version``, ``appVersion`` and ``type`` always
present (null when absent) and ``dependencies`` a list (``[]`` when absent) whose entries always
have ``name``, ``version``, ``repository``, ``alias`` and ``condition``, in file order. Versions keep the text as written, so
``version: 1.10`` stays ``"1.10"`` (YAML would read the number 1.1). ``attr_lines`` holds the line
of every key written (``dependencies[0].version``).
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import ScalarNode

from scanner.model import Node
from scanner.parsers.buildconfig.loading import YamlDocument, node_at
from scanner.parsers.buildconfig.shapes import optional_list, optional_string, problem_at, wrong_type
from scanner.parsers.kubernetes.problems import ManifestProblem, describe_type

FORMAT = "buildconfig"
KIND = "helm.chart"
CHART_FIELDS = ("apiVersion", "name", "version", "appVersion", "type")
DEPENDENCY_FIELDS = ("name", "version", "repository", "alias", "condition")
NO_NAME = "Chart.yaml has no chart 'name'"


def chart_nodes(path: str, document: YamlDocument) -> tuple[list[Node], list[ManifestProblem]]:
    """The chart node of a ``Chart.yaml`` document (none when its shape is wrong) and the problems."""
    value = document.value
    if not isinstance(value, dict):
        return [], [problem_at(document, "", f"Chart.yaml must be a mapping, found {describe_type(value)}")]
    try:
        attrs: dict[str, Any] = {**value, **{key: _text(document, (key,), value.get(key)) for key in CHART_FIELDS}}
        if not attrs["name"]:
            return [], [problem_at(document, "name", NO_NAME)]
        dependencies = optional_list(document, "dependencies", value.get("dependencies"))
        attrs["dependencies"] = [_dependency(document, index, item) for index, item in enumerate(dependencies)]
    except ManifestProblem as problem:
        return [], [problem]
    node = Node(
        id=f"helm:{path}",
        format=FORMAT,
        kind=KIND,
        name=attrs["name"],
        path=path,
        start_line=document.start_line,
        end_line=document.end_line,
        attrs=attrs,
        attr_lines=dict(document.lines),
        unknown=[],
    )
    return [node], []


def _dependency(document: YamlDocument, index: int, item: Any) -> dict[str, Any]:
    """One entry of ``dependencies`` as written, with the five fields always present (null where absent)."""
    item_path = f"dependencies[{index}]"
    if not isinstance(item, dict):
        raise wrong_type(document, item_path, "a mapping", item)
    return {**item, **{key: _text(document, ("dependencies", index, key), item.get(key)) for key in DEPENDENCY_FIELDS}}


def _text(document: YamlDocument, steps: tuple[str | int, ...], value: Any) -> str | None:
    """A string field as written: a number keeps the text of its scalar (``1.10``); a mapping or
    list is a problem."""
    path = "".join(f"[{step}]" if isinstance(step, int) else ("." if index else "") + step for index, step in enumerate(steps))
    text = optional_string(document, path, value)
    if text is not None and not isinstance(value, str):
        scalar = node_at(document.root, *steps)
        if isinstance(scalar, ScalarNode):
            return scalar.value
    return text
