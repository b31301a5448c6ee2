"""``bastion graph``: print the normalized graph of a repository (contract: docs/graph.md)."""

from __future__ import annotations

import sys

import click

from scanner.commands.options import EXIT_ERRORS, EXIT_OK, build_graph_from_options, input_options


@click.command("graph")
@input_options
@click.option("--format", "output_format", type=click.Choice(["json", "text"]), default="text", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file (atomically) instead of stdout.")
def graph_command(paths: tuple[str, ...], root: str | None, excludes: tuple[str, ...], var_files: tuple[str, ...], max_file_size: int, jobs: int | None, no_cache: bool, debug: bool, output_format: str, output: str | None) -> None:
    """Parse PATH... into the normalized graph and print it (contract: docs/graph.md)."""
    from scanner.output import write_output

    graph = build_graph_from_options(paths, root, excludes, var_files, max_file_size, jobs, debug, no_cache=no_cache)
    if output_format == "json":
        from scanner.graph.render import render_json

        write_output(render_json(graph), output)
    else:
        from scanner.graph.render import render_text

        write_output(render_text(graph, color=output is None and sys.stdout.isatty()), output)
    sys.exit(EXIT_ERRORS if graph.errors else EXIT_OK)
