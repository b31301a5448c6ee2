"""Which findings diff mode reports: those whose lines or resource touch what changed.

The whole graph is built and evaluated, so values from unchanged files still resolve; this
module only decides what to *report*. A resource is changed when its span (path, start line,
end line) touches a change. A changed Terraform variable, local or module call also changes the
nodes that use it (``references`` edges, followed through chains of locals and variables) and,
for a module call, every node it ``contains``: a new default in ``variables.tf`` is reported on
the resources that read it. A finding is kept when its own lines touch a change in its file, when
its resource is changed, or, for a finding without a resource (conftest-style), when its file
changed at all.
"""

from __future__ import annotations

from collections.abc import Iterable

from scanner.findings import Finding
from scanner.gating.diff_mode import ChangeSet
from scanner.model import Graph

#: Kinds of nodes whose change flows to the nodes that use them.
VALUE_SOURCE_KINDS: frozenset[str] = frozenset({"terraform.variable", "terraform.local", "terraform.module"})


def changed_resources(graph: Graph, changes: ChangeSet) -> set[str]:
    """The IDs of the nodes that diff mode treats as changed (see the module docstring)."""
    changed = set()
    for node in graph.nodes:
        lines = changes.lines_of(node.path)
        if lines is not None and lines.intersects(node.start_line, node.end_line):
            changed.add(node.id)
    kinds = {node.id: node.kind for node in graph.nodes}
    users: dict[str, list[str]] = {}
    for edge in graph.edges:
        if edge.relation == "references":
            users.setdefault(edge.target, []).append(edge.source)
        elif edge.relation == "contains":
            users.setdefault(edge.source, []).append(edge.target)
    pending = sorted(node_id for node_id in changed if kinds.get(node_id) in VALUE_SOURCE_KINDS)
    while pending:
        source = pending.pop()
        for user in users.get(source, ()):
            if user not in changed:
                changed.add(user)
                if kinds.get(user) in VALUE_SOURCE_KINDS:
                    pending.append(user)
    return changed


def touches_changes(finding: Finding, changes: ChangeSet, changed: set[str]) -> bool:
    """Whether diff mode reports ``finding``, given the ``changed`` node IDs."""
    lines = changes.lines_of(finding.path)
    if lines is not None and finding.start_line >= 1 and lines.intersects(finding.start_line, finding.end_line):
        return True
    if finding.resource is not None:
        return finding.resource in changed
    return lines is not None


def split_by_changes(findings: Iterable[Finding], graph: Graph, changes: ChangeSet) -> tuple[list[Finding], list[Finding]]:
    """(findings to report, findings outside the changes), each in the given order."""
    changed = changed_resources(graph, changes)
    inside: list[Finding] = []
    outside: list[Finding] = []
    for finding in findings:
        (inside if touches_changes(finding, changes, changed) else outside).append(finding)
    return inside, outside
