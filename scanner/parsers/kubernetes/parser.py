"""Kubernetes manifests (YAML and JSON) -> graph nodes and edges: the parser module entry points.

``parse_file`` runs per file in a worker: it skips Helm chart templates and files without
Kubernetes objects, loads every document safely with lines, and returns ready :class:`Node`
objects as the payload plus one conftest-shaped :class:`Document` per document. ``assemble``
runs once per scan: it settles IDs across files (custom cluster-scoped kinds, duplicates) and
builds the edges. The graph contract of this format is docs/graph/kubernetes.md.
"""

from __future__ import annotations

from scanner.model import Document, FileResult, FileStatus, InputError, Node, ParseOutcome, SourceFile
from scanner.parsers.interface import ParseOptions
from scanner.parsers.kubernetes.documents import LoadedFile, load_json, load_yaml
from scanner.parsers.kubernetes.helm import HELM_SKIP_REASON, is_helm_template
from scanner.parsers.kubernetes.identity import apply_custom_scopes, disambiguate_ids
from scanner.parsers.kubernetes.links import build_edges
from scanner.parsers.kubernetes.manifest import FORMAT, build_node, is_kubernetes_object, split_objects
from scanner.parsers.kubernetes.problems import ManifestProblem

YAML_SKIP_REASON = "YAML without Kubernetes objects"
JSON_SKIP_REASON = "JSON without Kubernetes objects"

__all__ = ["FORMAT", "HELM_SKIP_REASON", "JSON_SKIP_REASON", "YAML_SKIP_REASON", "assemble", "parse_file"]


def _error(source: SourceFile, line: int | None, message: str) -> InputError:
    return InputError(source.path, line, FORMAT, message)


def _nodes_of(source: SourceFile, loaded: LoadedFile, errors: list[InputError]) -> list[Node]:
    """The nodes of every Kubernetes document of ``loaded``; malformed objects add to ``errors``."""
    nodes: list[Node] = []
    for document in loaded.documents:
        if not is_kubernetes_object(document.value):
            continue
        objects, item_problems = split_objects(
            document.value, document.lines, document.start_line, document.end_line, document.root, loaded.line_index
        )
        errors.extend(_error(source, line, message) for line, message in item_problems)
        for obj in objects:
            try:
                nodes.append(build_node(obj, source.path))
            except ManifestProblem as problem:
                errors.append(_error(source, obj.problem_line(problem), obj.problem_message(problem)))
    return nodes


def parse_file(source: SourceFile, text: str, options: ParseOptions) -> FileResult:
    """Parse one decoded YAML or JSON file; never raises for malformed input.

    - A Helm chart template is SKIPPED ("Helm template, not rendered").
    - A file with no Kubernetes object is SKIPPED ("YAML without Kubernetes objects" or "JSON
      without Kubernetes objects"), unless it is not valid YAML/JSON or is an alias bomb, which
      is an error.
    - Otherwise the payload is the list of nodes, ``documents`` holds each non-empty document,
      and every problem is an :class:`InputError` with its line (status ERRORED, the nodes of
      the valid documents still in the payload).
    """
    if is_helm_template(source.abs_path, text, options.root):
        return FileResult(source.path, FORMAT, FileStatus.SKIPPED, skip_reason=HELM_SKIP_REASON)
    nul = text.find("\x00")
    if nul != -1:
        line = text.count("\n", 0, nul) + 1
        error = _error(source, line, "file is not text because it contains NUL bytes")
        return FileResult(source.path, FORMAT, FileStatus.ERRORED, errors=[error])
    is_json = source.path.lower().endswith(".json")
    loaded = load_json(text) if is_json else load_yaml(text)
    errors = [_error(source, problem.line, problem.message) for problem in loaded.problems]
    if not loaded.kubernetes:
        if errors:
            return FileResult(source.path, FORMAT, FileStatus.ERRORED, errors=errors)
        reason = JSON_SKIP_REASON if is_json else YAML_SKIP_REASON
        return FileResult(source.path, FORMAT, FileStatus.SKIPPED, skip_reason=reason)
    nodes = _nodes_of(source, loaded, errors)
    documents = [
        Document(source.path, document.start_line, FORMAT, document.value) for document in loaded.documents
    ]
    errors = sorted(set(errors), key=InputError.sort_key)  # a merged anchor can repeat a problem
    status = FileStatus.ERRORED if errors else FileStatus.PARSED
    return FileResult(source.path, FORMAT, status, payload=nodes, errors=errors, documents=documents)


def assemble(results: list[FileResult], options: ParseOptions) -> ParseOutcome:
    """Combine the nodes of every Kubernetes file of a scan and link them.

    Objects of custom kinds that a CRD of the scan declares cluster-scoped get namespace ``-``;
    duplicate IDs are suffixed ``@<path>:<line>`` (later by path and line); edges follow
    ``links.py``. Per-file errors stay in the FileResults (not repeated here). Nodes come out
    sorted by id, edges sorted.
    """
    nodes = [node for result in results if isinstance(result.payload, list) for node in result.payload]
    nodes = disambiguate_ids(apply_custom_scopes(nodes))
    edges = build_edges(nodes)
    return ParseOutcome(nodes=sorted(nodes, key=lambda node: node.id), edges=edges, errors=[])
