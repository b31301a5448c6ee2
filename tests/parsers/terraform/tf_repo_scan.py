"""Test helper: run the Terraform parser over a fixture repository, as a scan would.

Every Terraform file under the repository (and plan JSON named ``*.plan.json``) is parsed with
``parse_file`` and the results assembled with ``assemble``, without discovery or a process pool,
so these tests pin the Terraform parser alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from scanner.model import Edge, FileResult, InputError, Node, SourceFile
from scanner.parsers.interface import ParseOptions
from scanner.parsers.terraform import parser

REPOS = Path(__file__).parent / "repos"
_SUFFIXES = (".tf", ".tf.json", ".tfvars", ".tfvars.json", ".terraform.lock.hcl", ".plan.json")


@dataclass
class Scan:
    """The outcome of scanning one fixture repository."""

    results: list[FileResult]
    nodes: dict[str, Node]
    edges: list[Edge]
    errors: list[InputError]

    def edge_set(self, relation: str | None = None) -> set[tuple[str, str]]:
        """(source, target) pairs of the edges, optionally of one relation."""
        return {(edge.source, edge.target) for edge in self.edges if relation in (None, edge.relation)}

    def messages(self) -> list[tuple[str, int | None, str]]:
        """(path, line, message) of every error, parse and assemble errors together."""
        return [(error.path, error.line, error.message) for error in self.errors]


def source_for(root: Path, path: Path) -> SourceFile:
    """The SourceFile discovery would hand over for ``path``."""
    relative = path.relative_to(root).as_posix()
    hint = "terraform-plan" if relative.endswith(".plan.json") else "terraform"
    return SourceFile(relative, str(path), hint, path.stat().st_size)


def scan(scenario: str, *, var_files: tuple[str, ...] = (), **option_values: int) -> Scan:
    """Parse and assemble every Terraform file of ``repos/<scenario>``."""
    root = REPOS / scenario
    options = ParseOptions(root=str(root), var_files=tuple(str(root / name) for name in var_files), **option_values)
    results = []
    for directory, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            if name.endswith(_SUFFIXES):
                path = Path(directory) / name
                source = source_for(root, path)
                results.append(parser.parse_file(source, path.read_text(encoding="utf-8"), options))
    outcome = parser.assemble(results, options)
    found = {*(error for result in results for error in result.errors), *outcome.errors}
    errors = sorted(found, key=InputError.sort_key)
    return Scan(results, {node.id: node for node in outcome.nodes}, outcome.edges, errors)
