"""The file names that make a YAML file a build manifest (and only those)."""

from __future__ import annotations

import pytest

from scanner.parsers.buildconfig import COMPOSE, HELM_CHART, SKAFFOLD, manifest_type


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("docker-compose.yml", COMPOSE),
        ("docker-compose.yaml", COMPOSE),
        ("ops/docker-compose.prod.yml", COMPOSE),
        ("docker-compose.override.yaml", COMPOSE),
        ("compose.yml", COMPOSE),
        ("compose.yaml", COMPOSE),
        ("compose.dev.local.yaml", COMPOSE),
        ("skaffold.yaml", SKAFFOLD),
        ("deploy/skaffold.yml", SKAFFOLD),
        ("charts/app/Chart.yaml", HELM_CHART),
        ("composer.yaml", None),
        ("my-compose.yaml", None),
        ("compose.json", None),
        ("Docker-Compose.yml", None),
        ("chart.yaml", None),
        ("Chart.yml", None),
        ("skaffold.json", None),
        ("values.yaml", None),
        ("docker-compose.yml.bak", None),
    ],
)
def test_manifest_type_by_file_name(path, expected):
    assert manifest_type(path) == expected
