"""Every reporter renders the shared ScanResult exactly as its golden file says."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scanner.reporters import REPORTERS, ReportOptions, render_report
from scanner.scan import ScanResult


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_report_matches_golden(name: str, sample_result: ScanResult, assert_golden: Callable[[str, str], None]) -> None:
    text = render_report(name, sample_result, ReportOptions(color=False))
    assert_golden(f"report.{REPORTERS[name].extension}", text)


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_report_is_identical_when_rendered_twice(name: str, sample_result: ScanResult) -> None:
    assert render_report(name, sample_result) == render_report(name, sample_result)


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_report_ignores_wall_clock_durations(name: str, sample_result: ScanResult) -> None:
    before = render_report(name, sample_result)
    sample_result.stats.durations = {"policies": 9.0, "graph": 99.0, "evaluation": 999.0}
    assert render_report(name, sample_result) == before


def test_registry_names_and_extensions() -> None:
    assert sorted(REPORTERS) == ["github", "json", "sarif", "text"]
    assert {name: reporter.extension for name, reporter in REPORTERS.items()} == {"github": "github", "json": "json", "sarif": "sarif", "text": "txt"}
    assert all(reporter.name == name for name, reporter in REPORTERS.items())


def test_unknown_format_is_a_key_error(sample_result: ScanResult) -> None:
    with pytest.raises(KeyError):
        render_report("xml", sample_result)
