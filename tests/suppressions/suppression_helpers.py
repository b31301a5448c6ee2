"""Helpers of the suppression tests: fixture paths, the fixed date, and compact views of a result."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from scanner.scan import ScanResult

FIXTURES = Path(__file__).parent / "fixtures"
#: The date every test judges expiry against.
TODAY = date(2025, 7, 1)

ScanFixture = Callable[..., ScanResult]


def kept(result: ScanResult) -> list[tuple[str, str, int]]:
    """The reported findings as (path, rule ID, start line), in report order."""
    return [(f.path, f.rule_id, f.start_line) for f in result.findings]


def suppressed(result: ScanResult) -> list[tuple[str, str, int, str, int, str]]:
    """The suppressed findings as (path, rule ID, start line, suppression source, directive line,
    matched pattern), sorted."""
    rows = []
    for f in result.suppressed:
        how = f.metadata["suppression"]
        rows.append((f.path, f.rule_id, f.start_line, how["source"], how["line"], how["id"]))
    return sorted(rows)


def problems(result: ScanResult) -> list[tuple[str, int, str, str]]:
    """The suppression problems as (path, line, source, message)."""
    return [(p.path, p.line, p.source, p.message) for p in result.suppression_problems]


def unused(result: ScanResult) -> list[tuple[str, int, str, str]] | None:
    """The unused suppressions as (path, line, source, pattern), or None when not asked for."""
    if result.unused_suppressions is None:
        return None
    return [(u.path, u.line, u.source, u.pattern) for u in result.unused_suppressions]
