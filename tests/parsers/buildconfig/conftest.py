"""Fixtures for the build-manifest parser tests: parse a text as a named file, or assemble several."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scanner.model import FileResult, ParseOutcome, SourceFile
from scanner.parsers.buildconfig.parser import assemble, parse_file
from scanner.parsers.interface import ParseOptions

DATA = Path(__file__).parent / "data"


def parse_text(relative: str, text: str, root: Path = DATA) -> FileResult:
    """The FileResult of ``text`` parsed as the file ``relative`` under ``root``."""
    source = SourceFile(relative, str(root / relative), "structured", len(text.encode()))
    return parse_file(source, text, ParseOptions(root=str(root)))


@pytest.fixture
def parse() -> Callable[..., FileResult]:
    """parse("compose.yaml") -> the FileResult of tests/parsers/buildconfig/data/compose.yaml (the
    data directory being the scan root); parse(name, text) parses ``text`` as if it were that file."""

    def run(relative: str, text: str | None = None) -> FileResult:
        content = (DATA / relative).read_text(encoding="utf-8") if text is None else text
        return parse_text(relative, content)

    return run


@pytest.fixture
def scan() -> Callable[..., ParseOutcome]:
    """scan({"a/compose.yaml": text, ...}) -> assemble() over those texts."""

    def run(files: dict[str, str]) -> ParseOutcome:
        results = [parse_text(relative, text) for relative, text in files.items()]
        return assemble(results, ParseOptions(root=str(DATA)))

    return run

