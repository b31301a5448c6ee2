"""Kubernetes parser: YAML and JSON manifests -> graph nodes and edges (see ``parser.py``).

Exposes the parser-module contract of ``scanner/parsers/interface.py``: ``FORMAT``,
``parse_file`` and ``assemble``.
"""

from __future__ import annotations

from scanner.parsers.kubernetes.parser import FORMAT, assemble, parse_file

__all__ = ["FORMAT", "assemble", "parse_file"]
