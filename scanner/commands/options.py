"""Options and helpers shared by the commands that read a repository (graph, scan, sbom).

Exit codes: 0 clean; 1 findings at or above ``--fail-on``; 2 usage error; 3 input or policy
errors happened (the highest applicable code wins).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import click

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_ERRORS = 3


def resolve_root(paths: Sequence[str], root: str | None) -> str:
    """The scan root: ``--root`` when given, else the one directory scanned, else the current directory.

    Every scanned path must lie inside the root (usage error otherwise), so reported paths are
    relative to it and nothing outside it is read.
    """
    if root is None:
        root = paths[0] if len(paths) == 1 and os.path.isdir(paths[0]) else os.getcwd()
    real_root = os.path.realpath(root)
    if not os.path.isdir(real_root):
        raise click.BadParameter(f"'{root}' is not a directory", param_hint="--root")
    for path in paths:
        real = os.path.realpath(path)
        if real != real_root and not real.startswith(real_root + os.sep):
            raise click.BadParameter(
                f"'{path}' is outside the scan root '{root}'; pass --root to scan it", param_hint="PATH"
            )
    return real_root


def input_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every command that reads a repository shares (graph, scan, sbom)."""
    decorators = [
        click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True)),
        click.option("--root", type=click.Path(file_okay=False), help="Scan root; reported paths are relative to it."),
        click.option("--exclude", "excludes", multiple=True, metavar="GLOB", help="Skip paths matching this gitignore-style glob (repeatable)."),
        click.option("--var-file", "var_files", multiple=True, type=click.Path(exists=True, dir_okay=False), help="Terraform variables file applied to every root module (repeatable)."),
        click.option("--max-file-size", type=click.IntRange(min=1), default=5 * 1024 * 1024, show_default=True, metavar="BYTES", help="Files larger than this are reported as errors and never read."),
        click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes for parsing (default: one per CPU)."),
        click.option("--no-cache", is_flag=True, envvar="BASTION_NO_CACHE", help="Parse every file afresh instead of reusing results of unchanged files."),
        click.option("--debug", is_flag=True, help="Show tracebacks of internal errors."),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def build_graph_from_options(paths: Sequence[str], root: str | None, excludes: Sequence[str], var_files: Sequence[str], max_file_size: int, jobs: int | None, debug: bool, documents: bool = False, no_cache: bool = False) -> Any:
    """Build the graph for the shared input options; print internal tracebacks under ``--debug``.

    ``documents`` keeps the conftest-shaped documents, which only conftest-style policies need.
    """
    from scanner.graph.build import GraphOptions, build_graph

    real_root = resolve_root(paths, root)
    options = GraphOptions(
        root=real_root,
        excludes=tuple(excludes),
        var_files=tuple(var_files),
        max_file_size=max_file_size,
        jobs=jobs,
        documents=documents,
        cache=not no_cache,
    )
    graph = build_graph(list(paths), options)
    if debug:
        for trace in graph.debug_traces:
            click.echo(trace, err=True)
    return graph
