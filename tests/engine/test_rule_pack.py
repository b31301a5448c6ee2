"""The generic pack test: every rule's fixtures, through the real parsers and the real engine.

For every rule folder of ``rules/``: each ``fixtures/pass`` file parses cleanly and yields no
finding of that rule; each ``fixtures/fail`` file parses cleanly and yields findings of that
rule on exactly the lines ``fixtures/expected.yaml`` lists.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.engine.pack import RuleFolder, rule_folders

CASES = [
    pytest.param(folder, kind, name, id=f"{folder.rule_id}-{kind}-{name}")
    for folder in rule_folders()
    for kind, fixtures in (("pass", folder.pass_fixtures), ("fail", folder.fail_fixtures))
    for name in fixtures
]


def _graph_of(fixture: Path):
    """The graph of a directory holding only ``fixture`` (skipped while a parser is missing)."""
    from scanner.graph.build import GraphOptions, build_graph

    try:
        return build_graph([str(fixture.parent)], GraphOptions(root=str(fixture.parent), jobs=1))
    except ModuleNotFoundError as missing:  # a parser of the format is not written yet
        pytest.skip(f"parser not available yet: {missing.name}")


@pytest.mark.parametrize(("folder", "kind", "name"), CASES)
def test_fixture(folder: RuleFolder, kind: str, name: str, builtin_engine, tmp_path: Path):
    fixtures = folder.pass_fixtures if kind == "pass" else folder.fail_fixtures
    fixture = tmp_path / name
    fixture.write_text(fixtures[name], encoding="utf-8")
    graph = _graph_of(fixture)
    assert graph.errors == [], "a fixture must parse cleanly"
    assert graph.nodes, "a fixture must produce graph nodes"
    result = builtin_engine.evaluate(graph, root=str(tmp_path), select=lambda meta: meta.id == folder.rule_id)
    assert result.errors == []
    lines = sorted(finding.start_line for finding in result.findings)
    expected = [] if kind == "pass" else (folder.expected or {}).get(name)
    assert lines == expected
