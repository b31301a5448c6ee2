"""The committed rule pages in docs/rules match what the generator would write now."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "generate_rule_docs.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("generate_rule_docs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rule_docs_are_fresh() -> None:
    generator = load_generator()
    expected = generator.expected_pages()
    committed = {path.name: path.read_text(encoding="utf-8") for path in generator.DOCS_DIR.glob("*.md")}
    stale = sorted(name for name in expected if committed.get(name) != expected[name])
    extra = sorted(set(committed) - set(expected))
    assert (stale, extra) == ([], []), "docs/rules is stale: run python scripts/generate_rule_docs.py"


def test_each_page_is_what_rules_show_prints() -> None:
    from click.testing import CliRunner

    from scanner.cli import main

    pages = load_generator().expected_pages()
    shown = CliRunner().invoke(main, ["rules", "show", "DKR001"])
    assert shown.exit_code == 0
    assert shown.stdout == pages["DKR001.md"]
