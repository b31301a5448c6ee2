"""Dockerfile parser module: Dockerfiles -> one node per build stage, plus stage edges.

Implements the parser-module contract of :mod:`scanner.parsers.interface`. ``parse_file`` runs
BuildKit's parser (the ``dockerfile`` wheel) and builds everything a Dockerfile contributes on
its own: the stage nodes, the ``builds_from``/``copies_from`` edges between stages of the same
file, and one conftest-shaped Document. Dockerfiles do not refer to each other, so ``assemble``
only concatenates. The graph contract is ``docs/graph/dockerfile.md``.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field

from scanner.model import Edge, FileResult, FileStatus, InputError, Node, ParseOutcome, SourceFile
from scanner.parsers.dockerfile.buildkit import DockerfileSyntaxError, parse_commands
from scanner.parsers.dockerfile.documents import conftest_document
from scanner.parsers.dockerfile.lines import escape_character, physical_lines
from scanner.parsers.dockerfile.stages import build_stages
from scanner.parsers.interface import ParseOptions

FORMAT = "dockerfile"
#: File-name patterns (case-insensitive) that discovery hands to this parser with hint "dockerfile".
NAME_PATTERNS = ("Dockerfile", "Dockerfile.*", "*.Dockerfile", "*.dockerfile", "Containerfile", "Containerfile.*")
_NOT_DOCKERFILES = (".dockerignore", ".containerignore")
#: Skip reason for a per-Dockerfile ignore file (``Dockerfile.dockerignore``) handed to this parser.
SKIP_IGNORE_FILE = "Docker ignore file, not a Dockerfile"


@dataclass
class DockerfilePayload:
    """The ready nodes and edges of one Dockerfile (``FileResult.payload``); picklable."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


def is_dockerfile_name(name: str) -> bool:
    """True when a file's base name marks it as a Dockerfile (see :data:`NAME_PATTERNS`).

    Per-Dockerfile ignore files such as ``Dockerfile.dockerignore`` are not Dockerfiles.
    """
    lower = name.lower()
    if lower.endswith(_NOT_DOCKERFILES):
        return False
    return any(fnmatch.fnmatchcase(lower, pattern.lower()) for pattern in NAME_PATTERNS)


def parse_file(source: SourceFile, text: str, options: ParseOptions) -> FileResult:
    """Parse one Dockerfile into stage nodes, edges and its conftest Document; never raises for bad input.

    A file BuildKit cannot parse gives exactly one InputError and no nodes. A file that parses but
    that ``docker build`` would reject (unknown instruction, instruction before FROM, invalid
    image reference...) keeps its nodes and is ERRORED with one InputError per problem. A
    per-Dockerfile ignore file (``Dockerfile.dockerignore``) is SKIPPED, not parsed.
    """
    if source.path.rsplit("/", 1)[-1].lower().endswith(_NOT_DOCKERFILES):
        return FileResult(
            source.path, FORMAT, FileStatus.SKIPPED, payload=DockerfilePayload(), skip_reason=SKIP_IGNORE_FILE
        )
    try:
        commands = parse_commands(text)
    except DockerfileSyntaxError as exc:
        error = InputError(source.path, exc.line, FORMAT, exc.message)
        return FileResult(source.path, FORMAT, FileStatus.ERRORED, payload=DockerfilePayload(), errors=[error])
    lines = physical_lines(text)
    escape = escape_character(lines)
    nodes, edges, errors = build_stages(source.path, commands, lines, escape)
    return FileResult(
        path=source.path,
        format=FORMAT,
        status=FileStatus.ERRORED if errors else FileStatus.PARSED,
        payload=DockerfilePayload(nodes=nodes, edges=edges),
        errors=sorted(errors, key=InputError.sort_key),
        documents=[conftest_document(source.path, commands, lines)],
    )


def assemble(results: list[FileResult], options: ParseOptions) -> ParseOutcome:
    """Concatenate the nodes and edges of every Dockerfile, in path order.

    Errors stay on the FileResults that carry them (nothing here can fail), so the outcome's
    ``errors`` is empty.
    """
    outcome = ParseOutcome()
    for result in sorted(results, key=lambda item: item.path):
        if isinstance(result.payload, DockerfilePayload):
            outcome.nodes.extend(result.payload.nodes)
            outcome.edges.extend(result.payload.edges)
    return outcome
