"""``python -m scanner`` runs the bastion command line."""

from scanner.cli import run

run()
