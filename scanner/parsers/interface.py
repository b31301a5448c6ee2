"""The contract every format parser module fulfils.

A parser module (``scanner/parsers/<format>.py`` or a package) exposes:

``FORMAT: str``
    The format name used in nodes, errors and stats ("terraform", "kubernetes", "dockerfile").

``parse_file(source: SourceFile, text: str, options: ParseOptions) -> FileResult``
    Runs in a worker process, once per file, on the decoded text. Malformed content becomes
    ``FileResult.errors`` (each an :class:`~scanner.model.InputError` with path and line); it never
    raises for a user's mistake. The result must be picklable. It also fills ``documents`` with
    the conftest-shaped inputs of the file.

``assemble(results: list[FileResult], options: ParseOptions) -> ParseOutcome``
    Runs once per scan in the main process with every ``FileResult`` of this format (errored ones
    included, so partial content still counts), and does the cross-file work: Terraform module
    evaluation, Kubernetes selectors and bindings. Returns the nodes and edges of the format.

A parser does not import the engine, the reporters or other parsers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from scanner.model import FileResult, ParseOutcome, SourceFile


@dataclass(frozen=True)
class ParseOptions:
    """Settings that shape parsing; the same for every file of a scan.

    ``root`` is the absolute scan root; ``var_files`` are absolute paths of ``--var-file`` files,
    applied to every Terraform root module in order after ``terraform.tfvars`` and
    ``*.auto.tfvars``; ``max_module_depth`` bounds nested local module calls; ``max_instances``
    bounds the instances ``count``/``for_each`` expand to per block.
    """

    root: str
    var_files: tuple[str, ...] = ()
    max_module_depth: int = 10
    max_instances: int = 1000
    extra: dict[str, str] = field(default_factory=dict)


class ParserModule(Protocol):
    """Static description of a parser module (see the module docstring)."""

    FORMAT: str

    def parse_file(self, source: SourceFile, text: str, options: ParseOptions) -> FileResult:
        """Parse one decoded file; never raise for malformed input."""

    def assemble(self, results: list[FileResult], options: ParseOptions) -> ParseOutcome:
        """Combine the per-file results of this format into nodes and edges."""
