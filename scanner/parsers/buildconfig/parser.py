"""Build manifests (docker-compose, skaffold, Helm ``Chart.yaml``) -> graph nodes: the parser module.

Implements the parser-module contract of :mod:`scanner.parsers.interface`. ``parse_file`` runs per
file in a worker: it loads the YAML safely with lines (the Kubernetes parser's loader), picks the
manifest type from the file name (``names.py``) and returns ready nodes as the payload, plus one
conftest-shaped :class:`~scanner.model.Document` per YAML document (conftest reads these files as
plain YAML). ``assemble`` concatenates the nodes and settles duplicate ids. The links from these
nodes to Dockerfiles and Kubernetes workloads are made across formats, in
``scanner/graph/links.py``. The graph contract is docs/graph/buildconfig.md.
"""

from __future__ import annotations

from collections.abc import Callable

from scanner.model import Document, FileResult, FileStatus, InputError, Node, ParseOutcome, SourceFile
from scanner.parsers.buildconfig.compose import NO_SERVICES, compose_nodes
from scanner.parsers.buildconfig.helm_chart import NO_NAME, chart_nodes
from scanner.parsers.buildconfig.loading import YamlDocument, load_documents
from scanner.parsers.buildconfig.names import COMPOSE, HELM_CHART, SKAFFOLD, manifest_type
from scanner.parsers.buildconfig.skaffold import NOT_SKAFFOLD, skaffold_nodes
from scanner.parsers.interface import ParseOptions
from scanner.parsers.kubernetes.problems import ManifestProblem

FORMAT = "buildconfig"

_Builder = Callable[[str, YamlDocument], tuple[list[Node], list[ManifestProblem]]]
_BUILDERS: dict[str, _Builder] = {COMPOSE: compose_nodes, SKAFFOLD: skaffold_nodes, HELM_CHART: chart_nodes}
#: What an empty file (no YAML document at all) is reported as, per manifest type.
_EMPTY: dict[str, str] = {COMPOSE: NO_SERVICES, SKAFFOLD: NOT_SKAFFOLD, HELM_CHART: NO_NAME}


def parse_file(source: SourceFile, text: str, options: ParseOptions) -> FileResult:
    """Parse one decoded build manifest; never raises for malformed input.

    Every problem (invalid YAML, an alias bomb, a wrong shape, a file that is not what its name
    says, e.g. a ``compose.yaml`` without ``services``) is an :class:`InputError` with its line, and
    the file is ERRORED; the nodes of what is well-formed are still in the payload.
    """
    manifest = manifest_type(source.path)
    if manifest is None:  # the router only sends the names of names.py here
        error = InputError(source.path, None, FORMAT, "file name is not a docker-compose, skaffold or Helm Chart.yaml name")
        return FileResult(source.path, FORMAT, FileStatus.ERRORED, payload=[], errors=[error])
    documents, problems = load_documents(text)
    nodes: list[Node] = []
    for document in documents:
        document_nodes, document_problems = _BUILDERS[manifest](source.path, document)
        nodes.extend(document_nodes)
        problems.extend(document_problems)
    if not documents and not problems:
        problems.append(ManifestProblem(_EMPTY[manifest]))
    errors = sorted(
        {InputError(source.path, problem.line, FORMAT, problem.message) for problem in problems},
        key=InputError.sort_key,
    )
    return FileResult(
        path=source.path,
        format=FORMAT,
        status=FileStatus.ERRORED if errors else FileStatus.PARSED,
        payload=nodes,
        errors=errors,
        documents=[Document(source.path, document.start_line, FORMAT, document.value) for document in documents],
    )


def assemble(results: list[FileResult], options: ParseOptions) -> ParseOutcome:
    """Concatenate the nodes of every build manifest of a scan, sorted by id.

    Two nodes with the same id (the same service or image written twice in one file, e.g. in two
    YAML documents) keep the first by (path, line); every later one gets ``@<path>:<line>``
    appended. Errors stay on the FileResults; this step adds no edge (see ``scanner/graph/links.py``).
    """
    nodes = [node for result in results if isinstance(result.payload, list) for node in result.payload]
    nodes.sort(key=lambda node: (node.id, node.path, node.start_line))
    seen: set[str] = set()
    for node in nodes:
        if node.id in seen:
            node.id = f"{node.id}@{node.path}:{node.start_line}"
        seen.add(node.id)
    return ParseOutcome(nodes=sorted(nodes, key=lambda node: node.id))
