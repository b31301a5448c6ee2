"""Helm charts (``helm.chart`` nodes, one per ``Chart.yaml``; docs/graph/buildconfig.md) and their
``dependencies`` -> items.

- Each chart of the repository is an item (``application``, or ``library`` for ``type: library``),
  bom-ref ``helm-chart:<path of Chart.yaml>``, with its ``name`` and ``version``; the repository
  depends on it.
- Each dependency with a repository URL (``https://...``, ``oci://...``) or a repository alias
  (``@bitnami``) is an item, bom-ref ``helm-chart:<repository>/<name>@<version>``, with the
  property ``bastion:helm:repository``. Its ``version`` is set when it is one exact semver version
  (``bastion:pinned=true``); a range (``~12.1``, ``>=1.0 <2``) is a ``bastion:version-constraint``.
  The chart depends on it.
- A dependency on a local chart (``file://../common``, or no repository: a chart vendored in
  ``charts/``) is not an item of its own: when that chart's ``Chart.yaml`` is in the scan, the
  chart depends on its item.

No purl: the purl spec has no helm type yet (``pkg:helm`` is only a candidate).
"""

from __future__ import annotations

import posixpath
import re

from sbom.inventory import REPOSITORY_REF, Inventory, Item, Occurrence
from scanner.model import Graph, Node

CHART_KIND = "helm.chart"
_EXACT_SEMVER = re.compile(r"^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")


def chart_ref(path: str) -> str:
    """The bom-ref of the chart whose ``Chart.yaml`` is at ``path``."""
    return f"helm-chart:{path}"


def collect_helm(graph: Graph, inventory: Inventory) -> None:
    """Add every chart of ``graph`` and its remote dependencies to ``inventory``."""
    charts = sorted((node for node in graph.nodes if node.kind == CHART_KIND), key=lambda n: n.path)
    chart_paths = {node.path for node in charts}
    for chart in charts:
        attrs = chart.attrs
        properties = {("bastion:helm:chart", chart.path)}
        if isinstance(attrs.get("appVersion"), str):
            properties.add(("bastion:helm:app-version", attrs["appVersion"]))
        inventory.add(
            Item(
                ref=chart_ref(chart.path),
                type="library" if attrs.get("type") == "library" else "application",
                name=attrs["name"] if isinstance(attrs.get("name"), str) else chart.name,
                version=attrs["version"] if isinstance(attrs.get("version"), str) else None,
                properties=properties,
                occurrences={Occurrence(chart.path, chart.start_line, "Chart.yaml")},
            )
        )
        inventory.depend(REPOSITORY_REF, chart_ref(chart.path))
        for index, dependency in enumerate(attrs.get("dependencies") or []):
            if isinstance(dependency, dict):
                _add_dependency(chart, index, dependency, chart_paths, inventory)


def _add_dependency(chart: Node, index: int, dependency: dict, chart_paths: set[str], inventory: Inventory) -> None:
    """One entry of a chart's ``dependencies``."""
    name = dependency.get("name")
    if not isinstance(name, str) or not name:
        return
    repository = dependency.get("repository") if isinstance(dependency.get("repository"), str) else ""
    chart_dir = posixpath.dirname(chart.path)
    if repository.startswith("file://") or not repository:
        local = repository[len("file://") :] if repository else posixpath.join("charts", name)
        target = posixpath.normpath(posixpath.join(chart_dir, local, "Chart.yaml"))
        if target in chart_paths:
            inventory.depend(chart_ref(chart.path), chart_ref(target))
        return
    version = dependency.get("version") if isinstance(dependency.get("version"), str) else None
    exact = version is not None and bool(_EXACT_SEMVER.match(version.strip()))
    properties = {("bastion:helm:repository", repository), ("bastion:pinned", "true" if exact else "false")}
    if version and not exact:
        properties.add(("bastion:version-constraint", version))
    if isinstance(dependency.get("alias"), str):
        properties.add(("bastion:helm:alias", dependency["alias"]))
    line = chart.attr_lines.get(f"dependencies[{index}]") or chart.start_line
    ref = f"helm-chart:{repository.rstrip('/')}/{name}" + (f"@{version.strip()}" if version else "")
    inventory.add(
        Item(
            ref=ref,
            type="application",
            name=name,
            version=version.strip() if exact and version else None,
            properties=properties,
            occurrences={Occurrence(chart.path, line, f"dependency of chart {chart.name}")},
        )
    )
    inventory.depend(chart_ref(chart.path), ref)
