"""Render a graph for people (a rich tree per file) or for programs (the JSON contract)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator

from scanner.model import Graph

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def render_json(graph: Graph) -> Iterator[str]:
    """The ``bastion graph --format json`` document (docs/graph.md), deterministic, in chunks.

    Compact, one node or edge per chunk: the C encoder does the work and the whole document is
    never held in memory at once (a 10,000-file repository gives tens of megabytes).
    """
    yield '{"version":1,"nodes":['
    for index, node in enumerate(graph.nodes):
        yield ("," if index else "") + _encode(node.to_json())
    yield '],"edges":['
    for index, edge in enumerate(graph.edges):
        yield ("," if index else "") + _encode(edge.to_json())
    yield '],"errors":' + _encode([error.to_json() for error in graph.errors])
    yield ',"stats":' + _encode(graph.stats.to_json()) + "}\n"


def render_text(graph: Graph, color: bool = False) -> str:
    """A readable tree: files, their nodes with kinds and lines, each node's outgoing edges; then
    errors and a summary."""
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    console = Console(record=True, width=120, force_terminal=color, no_color=not color, file=_Discard())
    edges_from: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for edge in graph.edges:
        edges_from[edge.source].append((edge.relation, edge.target))
    by_path: dict[str, list] = defaultdict(list)
    for node in graph.nodes:
        by_path[node.path].append(node)
    for path in sorted(by_path):
        tree = Tree(f"[bold]{escape(path)}[/bold]")
        for node in sorted(by_path[path], key=lambda item: (item.start_line, item.id)):
            label = f"[cyan]{escape(node.id)}[/cyan]  [dim]{escape(node.kind)}  lines {node.start_line}-{node.end_line}[/dim]"
            if node.unknown:
                label += f"  [yellow]unknown: {escape(', '.join(node.unknown))}[/yellow]"
            branch = tree.add(label)
            for relation, target in edges_from.get(node.id, []):
                branch.add(f"[magenta]{relation}[/magenta] -> {escape(target)}")
        console.print(tree)
    for error in graph.errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        console.print(
            f"[red]error[/red]: {escape(where)}: {escape(f'[{error.format}]')} {escape(error.message)}", highlight=False
        )
    stats = graph.stats.to_json()
    console.print(
        f"{len(graph.nodes)} nodes, {len(graph.edges)} edges; files: {stats['parsed']} parsed, "
        f"{stats['skipped']} skipped, {stats['errored']} errored",
        highlight=False,
    )
    return console.export_text(styles=color)


class _Discard:
    """A text sink: the console records what it prints, and ``export_text`` returns it."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
