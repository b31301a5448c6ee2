"""Helpers for the SBOM tests: graphs and inventories of the fixture repositories, the CLI runner
and golden-file comparison (regenerate with ``BASTION_UPDATE_GOLDEN=1``)."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from sbom.collect import collect_inventory
from sbom.inventory import Inventory
from scanner.cli import main
from scanner.commands.options import build_graph_from_options
from scanner.model import Graph

HERE = Path(__file__).parent
REPOS = HERE / "repos"
GOLDEN = HERE / "golden"
EXAMPLE = HERE.parents[1] / "fixtures" / "example"
FIXED_EPOCH = "1700000000"


def graph_of(path: Path) -> Graph:
    """The graph of the repository at ``path`` (one worker, as the CLI builds it)."""
    return build_graph_from_options([str(path)], None, (), (), 5 * 1024 * 1024, 1, False, no_cache=True)


def inventory_of(path: Path, name: str = "repo") -> Inventory:
    """The SBOM inventory of the repository at ``path``."""
    return collect_inventory(graph_of(path), name)


def run_sbom(*args: str, epoch: str | None = FIXED_EPOCH) -> tuple[int, str, str]:
    """Run ``bastion sbom ARGS`` in-process with ``SOURCE_DATE_EPOCH`` set (unset when None)."""
    env = {"SOURCE_DATE_EPOCH": epoch}
    result = CliRunner(env=env).invoke(main, ["sbom", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def assert_golden(name: str, text: str) -> None:
    """Compare ``text`` with ``golden/<name>``; with ``BASTION_UPDATE_GOLDEN=1`` rewrite the file."""
    path = GOLDEN / name
    if os.environ.get("BASTION_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}; run with BASTION_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8")
