"""The ``bastion`` command line: the click group and its commands.

Start-up stays cheap: this module imports only click, the version and the command modules, which
import what they need when they run (``bastion --version`` loads no parser, engine or rich).
Exit codes are documented in ``scanner.commands.options``.
"""

from __future__ import annotations

import click

from scanner import __version__
from scanner.commands.graph import graph_command
from scanner.commands.policy import rules_group, test_command
from scanner.commands.sbom import sbom_command
from scanner.commands.scan import scan_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="bastion", message="%(prog)s %(version)s")
def main() -> None:
    """bastion: policy-as-code scanner for Terraform, Kubernetes and Dockerfiles."""


main.add_command(graph_command)
main.add_command(scan_command)
main.add_command(rules_group)
main.add_command(test_command)
main.add_command(sbom_command)


def run() -> None:
    """Entry point for ``python -m scanner``."""
    main(prog_name="bastion")
