"""Which build manifest a file is, by its base name alone (cheap: no YAML is read here).

The router (``scanner/parsers/__init__.py``) sends these files to the buildconfig parser instead of
the Kubernetes one:

- docker-compose: ``docker-compose.yml``, ``docker-compose.yaml``, ``docker-compose.<any>.yml``,
  ``docker-compose.<any>.yaml``, ``compose.yml``, ``compose.yaml``, ``compose.<any>.yml`` and
  ``compose.<any>.yaml`` (``compose.override.yaml``, ``docker-compose.prod.yml``);
- skaffold: ``skaffold.yaml``, ``skaffold.yml``;
- Helm: ``Chart.yaml``.

Names are matched case-sensitively, as Docker Compose, Skaffold and Helm look them up.
"""

from __future__ import annotations

import re

COMPOSE = "compose"
SKAFFOLD = "skaffold"
HELM_CHART = "helm"

_COMPOSE_NAME = re.compile(r"(?:docker-)?compose(?:\.[^/]+)?\.ya?ml")
_SKAFFOLD_NAMES = frozenset({"skaffold.yaml", "skaffold.yml"})
_HELM_CHART_NAME = "Chart.yaml"


def manifest_type(path: str) -> str | None:
    """The manifest type of the file at ``path`` (a relative or absolute path, or a base name).

    Returns :data:`COMPOSE`, :data:`SKAFFOLD`, :data:`HELM_CHART`, or None for any other file.
    """
    name = path.rsplit("/", 1)[-1]
    if name == _HELM_CHART_NAME:
        return HELM_CHART
    if name in _SKAFFOLD_NAMES:
        return SKAFFOLD
    if _COMPOSE_NAME.fullmatch(name):
        return COMPOSE
    return None
