"""Regenerate ``docs/rules/``: one page per built-in rule (what ``bastion rules show ID`` prints) and an index.

Run ``python scripts/generate_rule_docs.py`` after changing a rule's metadata or fixtures;
``tests/engine/test_rule_docs_fresh.py`` fails while the committed pages are stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS_DIR = Path(__file__).resolve().parent.parent / "docs" / "rules"


def expected_pages() -> dict[str, str]:
    """File name -> content of every page ``docs/rules/`` must hold."""
    from scanner.engine import load_engine
    from scanner.engine.rule_docs import builtin_rule_pages

    engine = load_engine(include_builtin=True)
    try:
        if engine.load_errors:
            raise SystemExit(f"the rule pack does not load: {engine.load_errors[0]}")
        return builtin_rule_pages(engine.rules)
    finally:
        engine.close()


def main() -> int:
    """Write the pages, remove pages of rules that no longer exist, report what changed."""
    pages = expected_pages()
    DOCS_DIR.mkdir(parents=True, exist_ok=True)
    changed = 0
    for stale in sorted(set(path.name for path in DOCS_DIR.glob("*.md")) - set(pages)):
        (DOCS_DIR / stale).unlink()
        changed += 1
    for name, text in sorted(pages.items()):
        target = DOCS_DIR / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed += 1
    print(f"docs/rules: {len(pages)} pages, {changed} written or removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
