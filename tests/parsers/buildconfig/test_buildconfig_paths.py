"""Build contexts and Dockerfiles resolve to paths inside the scan root, or to unknown markers."""

from __future__ import annotations

import pytest

from scanner.parsers.buildconfig.build_paths import BuildPaths, resolve_build_paths


@pytest.mark.parametrize(
    ("manifest", "context", "dockerfile", "expected"),
    [
        ("compose.yaml", None, None, (".", "Dockerfile")),
        ("compose.yaml", ".", "docker/Dockerfile.prod", (".", "docker/Dockerfile.prod")),
        ("deploy/compose.yaml", "../services/api", None, ("services/api", "services/api/Dockerfile")),
        ("deploy/compose.yaml", "..", "./build/../Containerfile", (".", "Containerfile")),
        ("a/b/skaffold.yaml", "./svc/", "../Dockerfile", ("a/b/svc", "a/b/Dockerfile")),
    ],
)
def test_paths_resolve_against_the_manifest_directory_then_the_context(manifest, context, dockerfile, expected):
    resolved = resolve_build_paths(manifest, context, dockerfile, interpolated=True)
    assert resolved == BuildPaths(*expected)


@pytest.mark.parametrize(
    ("context", "dockerfile", "unknown", "reason"),
    [
        ("git@github.com:acme/app.git", None, ["context", "dockerfile"], "the build context 'git@github.com:acme/app.git' is a remote URL"),
        ("/srv/app", None, ["context", "dockerfile"], "the build context '/srv/app' is an absolute path outside the scanned repository"),
        ("C:\\src\\app", None, ["context", "dockerfile"], "the build context 'C:\\src\\app' is an absolute path outside the scanned repository"),
        ("../..", None, ["context", "dockerfile"], "the build context '../..' is outside the scanned root"),
        ("${APP_DIR}", None, ["context", "dockerfile"], "the build context '${APP_DIR}' depends on an environment variable"),
        (".", "../../Dockerfile", ["dockerfile"], "the Dockerfile '../../Dockerfile' is outside the scanned root"),
        (".", "/etc/Dockerfile", ["dockerfile"], "the Dockerfile path '/etc/Dockerfile' is an absolute path outside the scanned repository"),
    ],
)
def test_what_cannot_be_mapped_into_the_repository_is_unknown(context, dockerfile, unknown, reason):
    resolved = resolve_build_paths("deploy/compose.yaml", context, dockerfile, interpolated=True)
    assert resolved.unknown == unknown
    marker = resolved.context if unknown[0] == "context" else resolved.dockerfile
    assert marker == {"__unknown__": reason}
    if unknown == ["dockerfile"]:
        assert resolved.context == "deploy"


def test_dollar_is_literal_outside_compose_and_doubled_in_compose():
    assert resolve_build_paths("skaffold.yaml", "app$1", None, interpolated=False) == BuildPaths("app$1", "app$1/Dockerfile")
    assert resolve_build_paths("compose.yaml", "app$$1", None, interpolated=True) == BuildPaths("app$1", "app$1/Dockerfile")
