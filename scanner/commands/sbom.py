"""``bastion sbom``: write a CycloneDX SBOM of what the scanned infrastructure is made of (docs/sbom.md).

Exit codes: 0 written; 2 usage error (a bad option, an unusable ``SOURCE_DATE_EPOCH`` or
``--output``); 3 input errors (printed on stderr; the SBOM is still written for what parsed), or a
generated document that does not validate against the CycloneDX schema (nothing is written then).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from scanner.commands.options import (
    EXIT_ERRORS,
    EXIT_OK,
    build_graph_from_options,
    input_options,
    resolve_root,
)

SPEC_VERSIONS = ("1.5", "1.6", "1.7")


@click.command("sbom")
@input_options
@click.option("--format", "output_format", type=click.Choice(["json", "xml"]), default="json", show_default=True, help="CycloneDX encoding.")
@click.option("--spec-version", type=click.Choice(SPEC_VERSIONS), default="1.6", show_default=True, help="CycloneDX specification version.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="Write to this file (atomically) instead of stdout.")
@click.option("--name", "repository_name", metavar="NAME", help="Name of the repository component (default: the scan root's directory name).")
def sbom_command(output_format: str, spec_version: str, output: str | None, repository_name: str | None, **input_args: Any) -> None:
    """Write a CycloneDX SBOM of the images, packages, Terraform providers and modules and Helm
    charts PATH... is made of, with the file and line of each occurrence.

    \f
    ``input_args`` are the shared input options (``input_options``), passed on as they are to
    ``build_graph_from_options``.
    """
    from sbom.serialize import SbomOptions, render_sbom, sbom_timestamp
    from sbom.validate import SbomError
    from scanner.output import write_output

    try:
        timestamp = sbom_timestamp()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if output is not None and not os.path.isdir(os.path.dirname(os.path.abspath(output))):
        raise click.BadParameter(f"directory '{os.path.dirname(output)}' does not exist", param_hint="--output")
    name = repository_name or os.path.basename(resolve_root(input_args["paths"], input_args["root"])) or "repository"
    graph = build_graph_from_options(**input_args)
    for error in graph.errors:
        where = f"{error.path}:{error.line}" if error.line else error.path
        click.echo(f"error: {where}: [{error.format}] {error.message}", err=True)
    options = SbomOptions(repository_name=name, timestamp=timestamp, output_format=output_format, spec_version=spec_version)
    try:
        text = render_sbom(graph, options)
    except SbomError as exc:
        click.echo(f"error: {exc}; nothing was written", err=True)
        sys.exit(EXIT_ERRORS)
    try:
        write_output(text, output)
    except OSError as exc:
        raise click.BadParameter(f"cannot write '{output}': {exc.strerror or exc}", param_hint="--output") from None
    sys.exit(EXIT_ERRORS if graph.errors else EXIT_OK)
