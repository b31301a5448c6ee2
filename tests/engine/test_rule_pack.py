"""The generic pack test: every rule's fixtures, through the real parsers and the real engine.

For every rule folder of ``rules/``: each ``fixtures/pass`` fixture parses cleanly and yields no
finding of that rule; each ``fixtures/fail`` fixture parses cleanly and yields findings of that
rule on exactly the lines ``fixtures/expected.yaml`` lists. A fixture is one file, or a directory
scanned as one small repository (``<case>/<file>: [lines]`` in ``expected.yaml``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.engine.pack import RuleFolder, fixture_cases, rule_folders

CASES = [
    pytest.param(folder, kind, case, id=f"{folder.rule_id}-{kind}-{case}")
    for folder in rule_folders()
    for kind, fixtures in (("pass", folder.pass_fixtures), ("fail", folder.fail_fixtures))
    for case in fixture_cases(fixtures)
]


def _graph_of(root: Path):
    """The graph of a directory holding only one fixture (or one directory case)."""
    from scanner.graph.build import GraphOptions, build_graph

    return build_graph([str(root)], GraphOptions(root=str(root), jobs=1))


@pytest.mark.parametrize(("folder", "kind", "case"), CASES)
def test_fixture(folder: RuleFolder, kind: str, case: str, builtin_engine, tmp_path: Path):
    files = fixture_cases(folder.pass_fixtures if kind == "pass" else folder.fail_fixtures)[case]
    for relative, text in files.items():
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    graph = _graph_of(tmp_path)
    assert graph.errors == [], "a fixture must parse cleanly"
    assert graph.nodes, "a fixture must produce graph nodes"
    result = builtin_engine.evaluate(graph, root=str(tmp_path), select=lambda meta: meta.id == folder.rule_id)
    assert result.errors == []
    found: dict[str, list[int]] = {}
    for finding in result.findings:
        found.setdefault(finding.path, []).append(finding.start_line)
    found = {path: sorted(lines) for path, lines in found.items()}
    expected: dict[str, list[int] | None] = {}
    if kind == "fail":
        names = {relative: relative if relative == case else f"{case}/{relative}" for relative in files}
        expected = {relative: (folder.expected or {}).get(name) for relative, name in names.items()}
        expected = {relative: lines for relative, lines in expected.items() if lines is not None or relative == case}
    assert found == expected
