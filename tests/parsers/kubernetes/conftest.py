"""Fixtures for the Kubernetes parser tests: parse a data file, or scan several and assemble."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scanner.model import FileResult, ParseOutcome, SourceFile
from scanner.parsers.interface import ParseOptions
from scanner.parsers.kubernetes import assemble, parse_file

DATA = Path(__file__).parent / "data"


def _parse(root: Path, relative: str, text: str | None = None) -> FileResult:
    path = root / relative
    content = path.read_text(encoding="utf-8") if text is None else text
    source = SourceFile(relative, str(path), "structured", len(content.encode()))
    return parse_file(source, content, ParseOptions(root=str(root)))


@pytest.fixture
def parse() -> Callable[..., FileResult]:
    """parse("file.yaml") -> the FileResult of tests/parsers/kubernetes/data/file.yaml, the data
    directory being the scan root; parse(name, text) parses ``text`` as if it were that file."""
    return lambda relative, text=None: _parse(DATA, relative, text)


@pytest.fixture
def scan() -> Callable[..., ParseOutcome]:
    """scan("a.yaml", "b.yaml") -> assemble() over those data files."""

    def run(*relatives: str) -> ParseOutcome:
        results = [_parse(DATA, relative) for relative in relatives]
        return assemble(results, ParseOptions(root=str(DATA)))

    return run
