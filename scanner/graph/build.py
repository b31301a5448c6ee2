"""Build the normalized graph of a scan: discover, parse (in parallel), assemble, sort.

``build_graph`` is the one entry point the CLI, the engine and the tests use. The result is
deterministic: the same tree gives the same nodes, edges, errors and stats in the same order,
whether files were parsed in one process or in a pool.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from scanner.discover import DEFAULT_MAX_FILE_SIZE, discover
from scanner.gc_pause import paused_collector
from scanner.graph import parse_cache
from scanner.graph.links import cross_format_edges
from scanner.graph.worker import parse_batch
from scanner.model import Edge, FileResult, FileStatus, Graph, InputError, Node, Stats
from scanner.parsers import FORMATS, parser_for
from scanner.parsers.interface import ParseOptions
from scanner.secrets import protect_graph

#: Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 48


@dataclass(frozen=True)
class GraphOptions:
    """How to build a graph.

    ``root`` is the scan root (paths in the graph are relative to it); ``excludes`` are gitignore-style
    globs; ``var_files`` are ``--var-file`` paths; ``jobs`` is the number of worker processes (None:
    one per CPU, 1: no pool); ``documents`` keeps the conftest-shaped documents (only conftest-style
    policies read them); ``cache`` reuses parse results of unchanged files (``parse_cache``).
    """

    root: str
    excludes: tuple[str, ...] = ()
    var_files: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    jobs: int | None = None
    documents: bool = True
    cache: bool = True
    parse: dict[str, str] = field(default_factory=dict)


def build_graph(paths: Sequence[str], options: GraphOptions) -> Graph:
    """Discover and parse ``paths`` under ``options.root`` into one sorted :class:`Graph`.

    The cyclic garbage collector is paused meanwhile (``scanner.gc_pause``), workers included.
    """
    with paused_collector():
        return _build_graph(paths, options)


def _build_graph(paths: Sequence[str], options: GraphOptions) -> Graph:
    """:func:`build_graph` with the collector paused."""
    root = os.path.realpath(options.root)
    found = discover(root, paths, options.excludes, options.max_file_size)
    parse_options = ParseOptions(
        root=root,
        var_files=tuple(os.path.abspath(path) for path in options.var_files),
        extra=dict(options.parse),
    )
    results = _parse_all(found.files, parse_options, options)

    graph = Graph()
    stats = Stats(skipped=dict(found.skipped))
    errors: list[InputError] = list(found.errors)
    stats.errored += len({error.path for error in found.errors})
    by_format: dict[str, list[FileResult]] = {name: [] for name in FORMATS}
    for result in results:
        errors.extend(result.errors)
        if result.debug_trace:
            graph.debug_traces.append(result.debug_trace)
        if result.status is FileStatus.SKIPPED:
            reason = result.skip_reason or "skipped"
            stats.skipped[reason] = stats.skipped.get(reason, 0) + 1
        elif result.status is FileStatus.ERRORED:
            stats.errored += 1
        else:
            stats.parsed += 1
            if result.format:
                stats.by_format[result.format] = stats.by_format.get(result.format, 0) + 1
        if result.format in by_format:
            by_format[result.format].append(result)
        graph.documents.extend(result.documents)

    nodes: list[Node] = []
    edges: list[Edge] = []
    for format_name, format_results in by_format.items():
        if not format_results:
            continue
        try:
            outcome = parser_for(format_name).assemble(format_results, parse_options)
        except Exception as exc:  # a bug in one format must not lose the others
            errors.append(
                InputError(".", None, format_name, f"internal error in the {format_name} parser: {type(exc).__name__}: {exc}")
            )
            graph.debug_traces.append(traceback.format_exc())
            continue
        nodes.extend(outcome.nodes)
        edges.extend(outcome.edges)
        errors.extend(outcome.errors)

    graph.nodes = _unique_ids(nodes)
    edges.extend(cross_format_edges(graph.nodes))
    known = {node.id for node in graph.nodes}
    graph.edges = sorted(
        {edge for edge in edges if edge.source in known and edge.target in known},
        key=lambda edge: (edge.source, edge.target, edge.relation),
    )
    graph.errors = sorted(set(errors), key=InputError.sort_key)
    graph.documents.sort(key=lambda document: (document.path, document.line))
    graph.stats = stats
    protect_graph(graph)  # annotate hard-coded secrets and redact every copy of them (docs/secrets.md)
    return graph


def _parse_all(files: list, parse_options: ParseOptions, options: GraphOptions) -> list[FileResult]:
    """Parse every file, in a process pool when there are enough of them; results keep file order."""
    limit = options.max_file_size
    cache_dir = parse_cache.cache_directory() if options.cache else None
    jobs = options.jobs if options.jobs is not None else (os.cpu_count() or 1)
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD:
        return parse_batch(files, parse_options, limit, options.documents, cache_dir)
    _warm_up({source.hint for source in files})
    size = max(4, min(64, len(files) // (jobs * 8) or 1))
    batches = [files[start : start + size] for start in range(0, len(files), size)]
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    results: list[FileResult] = []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        count = len(batches)
        arguments = ([parse_options] * count, [limit] * count, [options.documents] * count, [cache_dir] * count)
        for batch_results in pool.map(parse_batch, batches, *arguments):
            results.extend(batch_results)
    return results


def _warm_up(hints: set[str]) -> None:
    """Import the parsers a scan needs before forking, so workers inherit them ready to use."""
    needed = set()
    if "terraform" in hints:
        needed.add("terraform")
    if "dockerfile" in hints:
        needed.add("dockerfile")
    if "structured" in hints:
        needed.update({"kubernetes", "terraform", "buildconfig"})
    for format_name in sorted(needed):
        module = parser_for(format_name)
        warm = getattr(module, "warm_up", None)
        if callable(warm):
            warm()


def _unique_ids(nodes: list[Node]) -> list[Node]:
    """Sort nodes by id; a repeated id gets ``@<path>:<line>`` on every node after the first.

    Parsers keep ids unique within a format; this guards the graph contract across formats.
    """
    nodes.sort(key=lambda node: (node.id, node.path, node.start_line))
    seen: set[str] = set()
    for node in nodes:
        if node.id in seen:
            node.id = f"{node.id}@{node.path}:{node.start_line}"
        seen.add(node.id)
    nodes.sort(key=lambda node: node.id)
    return nodes
