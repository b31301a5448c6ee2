"""Helm Chart.yaml becomes one helm.chart node with its dependencies and their lines."""

from __future__ import annotations

from scanner.model import FileStatus, InputError


def test_chart_with_dependencies(parse):
    result = parse("chart/Chart.yaml")
    assert (result.status, result.errors) == (FileStatus.PARSED, [])
    [chart] = result.payload
    assert (chart.id, chart.format, chart.kind, chart.name, chart.path, chart.start_line, chart.end_line) == (
        "helm:chart/Chart.yaml", "buildconfig", "helm.chart", "shop", "chart/Chart.yaml", 1, 15,
    )
    assert chart.attrs == {
        "apiVersion": "v2",
        "name": "shop",
        "description": "The shop application.",
        "type": "application",
        "version": "1.10",
        "appVersion": "2.4.0",
        "dependencies": [
            {"name": "redis", "version": "~18.6", "repository": "https://charts.bitnami.com/bitnami",
             "alias": None, "condition": "redis.enabled"},
            {"name": "common", "version": "2.x.x", "repository": "oci://registry-1.docker.io/bitnamicharts",
             "alias": "lib", "condition": None},
        ],
    }
    assert chart.attr_lines["version"] == 5
    assert [chart.attr_lines[f"dependencies[{i}]"] for i in (0, 1)] == [8, 12]
    assert chart.attr_lines["dependencies[0].version"] == 9
    assert chart.attr_lines["dependencies[1].alias"] == 13
    assert chart.unknown == []


def test_v1_chart_without_optional_fields(parse):
    [chart] = parse("legacy/Chart.yaml", "apiVersion: v1\nname: legacy\nversion: 0.1.0\n").payload
    assert {key: chart.attrs[key] for key in ("apiVersion", "name", "version", "appVersion", "type", "dependencies")} == {
        "apiVersion": "v1", "name": "legacy", "version": "0.1.0", "appVersion": None, "type": None, "dependencies": [],
    }


def test_chart_shape_errors(parse):
    cases = {
        "name: [a]\n": [(1, "name must be a string, found a list")],
        "apiVersion: v2\nversion: 1.0.0\n": [(1, "Chart.yaml has no chart 'name'")],
        "- a\n": [(1, "Chart.yaml must be a mapping, found a list")],
        "name: c\ndependencies:\n  - redis\n": [(3, "dependencies[0] must be a mapping, found a string")],
        "": [(None, "Chart.yaml has no chart 'name'")],
    }
    for text, expected in cases.items():
        result = parse("Chart.yaml", text)
        assert result.status is FileStatus.ERRORED, text
        assert [(error.line, error.message) for error in result.errors] == expected, text
        assert result.payload == []


def test_broken_yaml_is_one_error_with_its_line(parse):
    result = parse("Chart.yaml", "name: c\nversion: [1\n")
    assert result.errors == [InputError("Chart.yaml", 3, "buildconfig", "could not parse YAML: did not find expected ',' or ']'")]
