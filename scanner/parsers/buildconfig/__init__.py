"""Build-manifest parser: docker-compose, skaffold and Helm ``Chart.yaml`` -> graph nodes.

The parser module of the contract in ``scanner/parsers/interface.py`` is
``scanner.parsers.buildconfig.parser`` (``FORMAT``, ``parse_file``, ``assemble``). This package
file stays light on purpose: the router imports :func:`manifest_type` (the file-name test) for every
YAML file, and must not load the YAML machinery to do so. The graph contract is
docs/graph/buildconfig.md.
"""

from __future__ import annotations

from scanner.parsers.buildconfig.names import COMPOSE, HELM_CHART, SKAFFOLD, manifest_type

__all__ = ["COMPOSE", "HELM_CHART", "SKAFFOLD", "manifest_type"]
