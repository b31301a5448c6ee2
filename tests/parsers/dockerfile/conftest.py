"""Fixtures for the Dockerfile parser tests: parse a data file (or given text) as a scan would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scanner.model import FileResult, Node, SourceFile
from scanner.parsers.dockerfile import parse_file
from scanner.parsers.interface import ParseOptions

DATA = Path(__file__).parent / "data"


def _parse(relative: str, text: str | None = None) -> FileResult:
    path = DATA / relative
    content = path.read_text(encoding="utf-8") if text is None else text
    source = SourceFile(relative, str(path), "dockerfile", len(content.encode("utf-8", "surrogatepass")))
    return parse_file(source, content, ParseOptions(root=str(DATA)))


@pytest.fixture
def parse() -> Callable[..., FileResult]:
    """parse("x.Dockerfile") -> the FileResult of data/x.Dockerfile (the data directory is the scan
    root); parse("Dockerfile", text) parses ``text`` as if it were that file."""
    return _parse


@pytest.fixture
def stages() -> Callable[..., dict[str, Node]]:
    """stages("x.Dockerfile") or stages(name, text) -> {node id: node} of a file that must parse cleanly."""

    def run(relative: str, text: str | None = None) -> dict[str, Node]:
        result = _parse(relative, text)
        assert result.errors == []
        return {node.id: node for node in result.payload.nodes}

    return run
