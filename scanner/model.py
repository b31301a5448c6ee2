"""The data every stage of a scan exchanges: source files, parse results, the graph, errors.

Parsers produce these objects, the graph builder assembles them, the engine and the reporters
read them. Everything here is plain data (picklable, so parse results can cross process
boundaries) and carries no behaviour beyond small derived views.

Paths are always relative to the scanned root, with forward slashes. Lines are 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

#: Marker key of an unknown value inside ``Node.attrs``: ``{"__unknown__": "<reason>"}``.
#: A value that cannot be known statically (a data source, a provider-computed attribute,
#: an unsupported function) is replaced by such an object, never guessed. Comparisons
#: against it are false in Rego (``x == false``, ``x == "public-read"``) and it is truthy
#: (``not x`` is false), so a rule that does not look for it stays silent by construction.
UNKNOWN_KEY = "__unknown__"


def unknown_value(reason: str) -> dict[str, str]:
    """Return the marker object that stands in ``attrs`` for a value that cannot be known."""
    return {UNKNOWN_KEY: reason}


def is_unknown_value(value: Any) -> bool:
    """True when ``value`` is the marker made by :func:`unknown_value`."""
    return isinstance(value, dict) and len(value) == 1 and UNKNOWN_KEY in value


class FileStatus(str, Enum):
    """What happened to one discovered file; every file gets exactly one status."""

    PARSED = "parsed"
    SKIPPED = "skipped"
    ERRORED = "errored"


@dataclass(frozen=True)
class InputError:
    """A problem with the user's input, reported instead of raised.

    ``message`` is one sentence without a traceback, e.g. "expected a mapping, found a list".
    ``line`` is None when the problem concerns the whole file (unreadable, too large).
    """

    path: str
    line: int | None
    format: str
    message: str

    def sort_key(self) -> tuple[str, int, str, str]:
        """Order errors by path, line, format and message."""
        return (self.path, self.line or 0, self.format, self.message)

    def to_json(self) -> dict[str, Any]:
        """The ``errors[]`` entry of the JSON outputs."""
        return {"path": self.path, "line": self.line, "format": self.format, "message": self.message}


@dataclass(frozen=True)
class SourceFile:
    """A discovered file that a parser may read.

    ``path`` is relative to the scan root (forward slashes), ``abs_path`` is where to read it.
    ``hint`` is the format chosen from the file name: "terraform", "dockerfile" or
    "structured" (YAML or JSON whose content decides: Kubernetes, a Terraform plan, or skipped).
    """

    path: str
    abs_path: str
    hint: str
    size: int


@dataclass
class Node:
    """One resource of the graph: a Terraform block, a Kubernetes object, a Dockerfile stage.

    ``id`` is stable and readable (see docs/graph.md). ``attrs`` holds the resource's values
    (JSON-compatible; unknown values are :func:`unknown_value` markers) and ``attr_lines`` maps an
    attribute path (``a.b[0].c``) to the line where it is written. ``unknown`` lists the attribute
    paths whose value could not be known, sorted.
    """

    id: str
    format: str
    kind: str
    name: str
    path: str
    start_line: int
    end_line: int
    attrs: dict[str, Any] = field(default_factory=dict)
    attr_lines: dict[str, int] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``nodes[]`` entry of ``bastion graph --format json``."""
        return {
            "id": self.id,
            "format": self.format,
            "kind": self.kind,
            "name": self.name,
            "path": self.path,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "attrs": self.attrs,
            "attr_lines": dict(sorted(self.attr_lines.items())),
            "unknown": sorted(self.unknown),
        }


@dataclass(frozen=True, order=True)
class Edge:
    """A directed relation between two nodes that both exist in the graph."""

    source: str
    target: str
    relation: str

    def to_json(self) -> dict[str, str]:
        """The ``edges[]`` entry of ``bastion graph --format json``."""
        return {"source": self.source, "target": self.target, "relation": self.relation}


@dataclass(frozen=True)
class Document:
    """One conftest-shaped input taken from a file, for conftest-compatible policies.

    ``content`` is what conftest would give a policy as ``input`` for this document (hcl2json
    shaped Terraform per file, one YAML document, a Dockerfile's instruction list); ``line`` is
    where the document starts, so a finding against it has a location.
    """

    path: str
    line: int
    format: str
    content: Any


@dataclass
class FileResult:
    """What parsing one file produced, in a worker process; picklable.

    ``payload`` is format-specific and only read by that format's ``assemble`` step (for
    Terraform, the parsed syntax; for Kubernetes and Dockerfiles, ready nodes). A skipped file
    has ``status`` SKIPPED and a ``skip_reason``; a file with errors is ERRORED even when a
    partial payload remains. ``debug_trace`` is the traceback of an internal error (``--debug``).
    """

    path: str
    format: str | None
    status: FileStatus
    payload: Any = None
    errors: list[InputError] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    skip_reason: str | None = None
    debug_trace: str | None = None


@dataclass
class ParseOutcome:
    """Nodes, edges and errors that one format's assemble step produced."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


@dataclass
class Stats:
    """Counts that account for every discovered file: parsed, skipped (by reason) or errored."""

    parsed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    errored: int = 0
    by_format: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The ``stats`` object of the JSON outputs."""
        skipped_total = sum(self.skipped.values())
        return {
            "files": self.parsed + skipped_total + self.errored,
            "parsed": self.parsed,
            "skipped": skipped_total,
            "errored": self.errored,
            "skipped_by_reason": dict(sorted(self.skipped.items())),
            "parsed_by_format": dict(sorted(self.by_format.items())),
        }


@dataclass
class Graph:
    """The normalized graph of one scan, sorted and deterministic.

    ``documents`` carries the conftest-shaped inputs of every parsed file (not part of the graph
    JSON contract; the engine's conftest mode reads them). ``debug_traces`` holds the tracebacks of
    internal errors, shown only with ``--debug``.
    """

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    stats: Stats = field(default_factory=Stats)
    documents: list[Document] = field(default_factory=list)
    debug_traces: list[str] = field(default_factory=list)
    #: The secrets found in the scan (a ``scanner.secrets.redact.Ledger``, set by
    #: ``scanner.secrets.protect_graph``; None before): only used to scrub snippets and messages,
    #: never serialized.
    redaction: Any = field(default=None, repr=False, compare=False)

    def node_by_id(self) -> dict[str, Node]:
        """Index of the nodes by id."""
        return {node.id: node for node in self.nodes}

    def to_json(self) -> dict[str, Any]:
        """The document printed by ``bastion graph --format json`` (contract: docs/graph.md)."""
        return {
            "version": 1,
            "nodes": [node.to_json() for node in self.nodes],
            "edges": [edge.to_json() for edge in self.edges],
            "errors": [error.to_json() for error in self.errors],
            "stats": self.stats.to_json(),
        }
