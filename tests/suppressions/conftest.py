"""Fixtures for the suppression tests: scan fixture files with the real built-in rules.

The built-in engine is loaded once per session (loading it is the slow part of a scan) and
reused by every scan; each scan copies its fixture files into a fresh temporary repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from suppression_helpers import FIXTURES, TODAY, ScanFixture

from scanner.graph.build import GraphOptions
from scanner.scan import PolicyEngine, ScanOptions, ScanResult, load_policy_engine, scan


@pytest.fixture(scope="session")
def builtin_engine() -> PolicyEngine:
    """The built-in rule pack, loaded once."""
    return load_policy_engine(ScanOptions())


@pytest.fixture
def scan_fixture(tmp_path: Path, builtin_engine: PolicyEngine) -> ScanFixture:
    """``scan_fixture("terraform/x.tf", select=(...), ...)``: copy the fixture files into a fresh
    repository and scan it with the built-in rules; keyword arguments are ScanOptions fields
    (``today`` defaults to :data:`TODAY`)."""

    def run(*names: str, **options: Any) -> ScanResult:
        for name in names:
            shutil.copy(FIXTURES / name, tmp_path / Path(name).name)
        options.setdefault("today", TODAY)
        graph_options = GraphOptions(root=str(tmp_path), jobs=1, cache=False)
        return scan([str(tmp_path)], graph_options, ScanOptions(**options), load_engine=lambda _options: builtin_engine)

    return run

