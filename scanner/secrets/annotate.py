"""Find the secrets of a whole graph, annotate the nodes, and redact every copy of them.

:func:`protect_graph` is the one call the graph builder makes, after every format is assembled:

1. find secrets in every node (``sources.py``; only literal, known values), and in the conftest
   documents (for redaction only);
2. decide where each is *reported*: where it is written (``origins.py``), once per attribute,
   with the most specific detector type;
3. add ``attrs.__secrets`` to those nodes: ``[{"attribute", "type", "description"}]``, sorted,
   so rules only read that list (the value itself is never stored);
4. replace every secret value by ``<redacted:TYPE>`` in node attrs (copies such as ``__pod_spec``
   and instruction ``original`` text included), attribute paths, conftest documents, input
   error messages and debug traces;
5. keep the :class:`~scanner.secrets.redact.Ledger` on ``graph.redaction`` so the scan can scrub
   source snippets and finding messages too.
"""

from __future__ import annotations

import traceback
from dataclasses import replace

from scanner.model import Graph, InputError, Node
from scanner.secrets.entropy import looks_random
from scanner.secrets.origins import TerraformIndex, dockerfile_literal, terraform_origin
from scanner.secrets.redact import (
    GLOBAL_MIN_LENGTH,
    Ledger,
    Redaction,
    marker,
    redact_in_place,
    scrub_text,
)
from scanner.secrets.sources import SECRET_DATA_TYPE, Spot, document_spots, node_spots

#: The node attribute holding a node's secrets (docs/secrets.md).
SECRETS_KEY = "__secrets"
#: Detector types from most to least specific; one attribute holding one secret reports the first.
TYPE_PRIORITY: tuple[str, ...] = (
    "aws-access-key-id", "aws-secret-access-key", "private-key", "github-token", "gitlab-token", "slack-token",
    "slack-webhook-url", "stripe-secret-key", "google-api-key", "url-credentials", "authorization-header",
    "basic-auth-credentials", "generic-secret", SECRET_DATA_TYPE,
)
_RANK = {name: rank for rank, name in enumerate(TYPE_PRIORITY)}
_LAST_APPLIED = 'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]'
_DOCKER_NAMED = ("env.", "env[", "args.", "args[", "labels.", "labels[")


def protect_graph(graph: Graph) -> None:
    """Annotate and redact ``graph`` in place (steps in the module docstring); never raises.

    An unexpected failure becomes an input error "internal error in secret detection: ..."
    (its traceback kept for ``--debug``), so the scan still ends with exit code 3.
    """
    try:
        _protect(graph)
    except Exception as exc:  # noqa: BLE001 - a bug here must not lose the scan; the error makes it visible
        message = scrub_text(f"internal error in secret detection: {type(exc).__name__}: {exc}", None)
        graph.errors = sorted({*graph.errors, InputError(".", None, "secrets", message)}, key=InputError.sort_key)
        graph.debug_traces.append(scrub_text(traceback.format_exc(), None))


def _protect(graph: Graph) -> None:
    """The steps of :func:`protect_graph`, allowed to raise."""
    by_id = {node.id: node for node in graph.nodes}
    spots = [spot for node in graph.nodes for spot in node_spots(node)]
    in_documents = [spot for document in graph.documents for spot in document_spots(document)]
    ledger = build_ledger([*spots, *in_documents], by_id)
    reported = reported_spots(graph, spots, by_id)
    if ledger:
        redact_graph(graph, ledger)
    for node_id, entries in reported.items():
        by_id[node_id].attrs[SECRETS_KEY] = entries
    graph.redaction = ledger


def build_ledger(spots: list[Spot], by_id: dict[str, Node]) -> Ledger:
    """Every secret string of ``spots`` (and the base64 text holding it) with its scope: a
    committed Secret's short or plain value only in its own object, everything else (and
    anything found in a conftest document, whose node is not in ``by_id``) everywhere."""
    redactions: list[Redaction] = []
    for spot in sorted(spots, key=_rank):  # the most specific type names the marker of a value
        node = by_id.get(spot.node_id)
        secret, label = spot.detection.secret, marker(spot.detection.type)
        for value in (secret, spot.encoded):
            if not value:
                continue
            everywhere = node is None or (
                len(value) >= GLOBAL_MIN_LENGTH
                and (value is spot.encoded or spot.detection.type != SECRET_DATA_TYPE or looks_random(value))
            )
            if everywhere:
                redactions.append(Redaction(value, label))
            else:
                first = node.attr_lines.get(spot.attribute, node.start_line)
                last = min(node.end_line, first + value.count("\n") + 1)
                redactions.append(Redaction(value, label, node.id, node.path, first, max(first, last)))
    return Ledger(redactions)


def reported_spots(graph: Graph, spots: list[Spot], by_id: dict[str, Node]) -> dict[str, list[dict[str, str]]]:
    """Node id -> its sorted ``__secrets`` entries: each secret at the node and attribute where it
    is written, once per (attribute, type)."""
    index = TerraformIndex(graph) if any(by_id[spot.node_id].format == "terraform" for spot in spots) else None
    placed: list[Spot] = []
    unwritten: list[Spot] = []
    for spot in spots:
        node = by_id[spot.node_id]
        secret = spot.detection.secret
        if node.format == "terraform" and index is not None:
            origin = terraform_origin(index, node, secret)
            if origin is not None:
                spot = replace(spot, node_id=origin[0].id, attribute=origin[1])
                node = origin[0]
            if node.kind == "terraform.variable" and spot.attribute == "value":
                default = node.attrs.get("default")
                if isinstance(default, str) and secret in default:
                    spot = replace(spot, attribute="default")
        elif node.format == "dockerfile" and spot.attribute.startswith(_DOCKER_NAMED) and not dockerfile_literal(node, spot.attribute, secret):
            unwritten.append(spot)
            continue
        placed.append(spot)
    placed.extend(_first_unwritten(placed, unwritten, by_id))
    placed = _once_per_module_file(_without_last_applied_copies(placed), by_id)
    best: dict[tuple[str, str, str], Spot] = {}
    for spot in placed:
        key = (spot.node_id, spot.attribute, spot.detection.secret)
        current = best.get(key)
        if current is None or _rank(spot) < _rank(current):
            best[key] = spot
    entries: dict[str, dict[tuple[str, str], str]] = {}
    for spot in sorted(best.values(), key=lambda item: (item.node_id, item.attribute, item.detection.type, item.detection.description)):
        entries.setdefault(spot.node_id, {}).setdefault((spot.attribute, spot.detection.type), spot.detection.description)
    return {
        node_id: [{"attribute": attribute, "type": kind, "description": text} for (attribute, kind), text in sorted(found.items())]
        for node_id, found in sorted(entries.items())
    }


def redact_graph(graph: Graph, ledger: Ledger) -> None:
    """Replace the ledger's secrets in nodes, attribute paths, documents, errors and traces."""
    for node in graph.nodes:
        if not ledger.may_occur_in([node.attrs, node.attr_lines, node.unknown], node.id):
            continue
        replace_text = _node_replacer(ledger, node.id)
        node.attrs = redact_in_place(node.attrs, replace_text)
        node.attr_lines = {replace_text(path): line for path, line in node.attr_lines.items()}
        node.unknown = [replace_text(path) for path in node.unknown]
    scoped_documents = _scoped_documents(graph, ledger)
    for position, document in enumerate(graph.documents):
        nodes = scoped_documents.get(position, [])
        if not nodes and not ledger.may_occur_in(document.content):
            continue
        content = redact_in_place(document.content, _document_replacer(ledger, document.path, nodes))
        if content is not document.content:
            graph.documents[position] = replace(document, content=content)
    graph.errors = sorted(
        {replace(error, message=scrub_text(error.message, ledger, error.path, error.line)) for error in graph.errors},
        key=InputError.sort_key,
    )
    graph.debug_traces = [scrub_text(trace, ledger) for trace in graph.debug_traces]


def _node_replacer(ledger: Ledger, node_id: str):
    """A string -> string function redacting global secrets and those scoped to ``node_id``."""
    return lambda text: ledger.redact(text, node_id=node_id)


def _document_replacer(ledger: Ledger, path: str, node_ids: list[str]):
    """A function redacting global secrets and those of the objects the document holds."""

    def replace_text(text: str) -> str:
        text = ledger.redact(text)
        for node_id in node_ids:
            text = ledger.redact(text, node_id=node_id)
        return text

    return replace_text


def _scoped_documents(graph: Graph, ledger: Ledger) -> dict[int, list[str]]:
    """Document position -> ids of the nodes with scoped secrets whose object it holds (the last
    document of the node's file starting at or before the node)."""
    starts: dict[str, list[tuple[int, int]]] = {}
    for position, document in enumerate(graph.documents):
        starts.setdefault(document.path, []).append((document.line, position))
    found: dict[int, list[str]] = {}
    for item in ledger.redactions:
        if item.node_id is None or item.path is None:
            continue
        candidates = [entry for entry in starts.get(item.path, []) if entry[0] <= item.start_line]
        if candidates:
            position = max(candidates)[1]
            if item.node_id not in found.setdefault(position, []):
                found[position].append(item.node_id)
    return found


def _first_unwritten(placed: list[Spot], unwritten: list[Spot], by_id: dict[str, Node]) -> list[Spot]:
    """Dockerfile values that only arrive through ``$VAR``: dropped when the file writes the
    secret elsewhere (already reported there), else kept once per file (a global ARG, which
    is no stage's attribute, is reported where a stage first uses it)."""
    written = {(by_id[spot.node_id].path, spot.detection.secret) for spot in placed if by_id[spot.node_id].format == "dockerfile"}
    kept: dict[tuple[str, str], Spot] = {}
    ordered = sorted(unwritten, key=lambda spot: (by_id[spot.node_id].start_line, by_id[spot.node_id].attr_lines.get(spot.attribute, 0), spot.attribute))
    for spot in ordered:
        key = (by_id[spot.node_id].path, spot.detection.secret)
        if key not in written and key not in kept:
            kept[key] = spot
    return list(kept.values())


def _once_per_module_file(spots: list[Spot], by_id: dict[str, Node]) -> list[Spot]:
    """A literal in a module's file is reported once, on the first module instance (by id), not
    once per call of the module: every instance points at the same line."""
    kept: dict[tuple[str, int, str, str, str], Spot] = {}
    others: list[Spot] = []
    for spot in sorted(spots, key=lambda item: (item.node_id, item.attribute)):
        node = by_id[spot.node_id]
        if node.format != "terraform" or not node.attrs.get("__module"):
            others.append(spot)
            continue
        line = node.attr_lines.get(spot.attribute, node.start_line)
        kept.setdefault((node.path, line, node.kind, spot.attribute, spot.detection.secret), spot)
    return [*others, *kept.values()]


def _without_last_applied_copies(spots: list[Spot]) -> list[Spot]:
    """Drop secrets found in kubectl's last-applied-configuration annotation when the object
    itself holds them (the annotation is a copy of the object)."""
    elsewhere = {(spot.node_id, spot.detection.secret) for spot in spots if spot.attribute != _LAST_APPLIED}
    return [spot for spot in spots if spot.attribute != _LAST_APPLIED or (spot.node_id, spot.detection.secret) not in elsewhere]


def _rank(spot: Spot) -> int:
    """Priority of a spot's detector type (lower is more specific)."""
    return _RANK.get(spot.detection.type, len(_RANK))
