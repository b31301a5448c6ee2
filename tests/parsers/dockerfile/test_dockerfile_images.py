"""Image references: splitting into parts, and resolving FROM with global ARGs."""

from __future__ import annotations

import pytest

from scanner.parsers.dockerfile.images import ImageReference, InvalidReference, split_reference

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("node", ImageReference("docker.io", "library/node", "node", None, None)),
        ("node:22", ImageReference("docker.io", "library/node", "node", "22", None)),
        (f"node@{DIGEST}", ImageReference("docker.io", "library/node", "node", None, DIGEST)),
        ("gcr.io/distroless/static:nonroot", ImageReference("gcr.io", "distroless/static", "static", "nonroot", None)),
        ("localhost:5000/team/app:1.0", ImageReference("localhost:5000", "team/app", "app", "1.0", None)),
        ("docker.io/library/node", ImageReference("docker.io", "library/node", "node", None, None)),
        ("index.docker.io/node:20", ImageReference("docker.io", "library/node", "node", "20", None)),
        ("bitnami/redis:7.2", ImageReference("docker.io", "bitnami/redis", "redis", "7.2", None)),
        ("localhost/app", ImageReference("localhost", "app", "app", None, None)),
        (
            f"registry.example.com:8443/org/team/app:2.1.0-rc1@{DIGEST}",
            ImageReference("registry.example.com:8443", "org/team/app", "app", "2.1.0-rc1", DIGEST),
        ),
        ("[::1]:5000/app:v1", ImageReference("[::1]:5000", "app", "app", "v1", None)),
        ("Registry.Example.com/app", ImageReference("Registry.Example.com", "app", "app", None, None)),
    ],
)
def test_split_reference(reference, expected):
    assert split_reference(reference) == expected


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("Node:22", "the repository name must be lowercase"),
        ("node:", "'' is not a valid tag"),
        ("node:-bad", "'-bad' is not a valid tag"),
        ("node@sha256:abc", "'sha256:abc' is not a valid digest"),
        ("team//app", "'team//app' is not a valid repository path"),
        ("", "the image reference is empty"),
        ("a" * 64, "a 64-character hexadecimal image ID is not a repository name"),
    ],
)
def test_invalid_references(reference, message):
    with pytest.raises(InvalidReference) as caught:
        split_reference(reference)
    assert str(caught.value) == message


def test_from_resolved_from_a_global_arg_default(stages):
    node = stages("from_global_arg.Dockerfile")["docker:from_global_arg.Dockerfile#stage0"]
    assert node.attrs["image"] == {
        "raw": "${BASE}",
        "resolved": "node:22-alpine",
        "registry": "docker.io",
        "repository": "library/node",
        "name": "node",
        "tag": "22-alpine",
        "digest": None,
        "is_stage_alias": False,
        "is_scratch": False,
        "unresolved": False,
    }
    assert (node.start_line, node.attr_lines["image"]) == (2, 2)


def test_from_with_registry_arg_and_default_expansion(stages):
    nodes = stages("from_registry_arg_with_default.Dockerfile")
    node = nodes["docker:from_registry_arg_with_default.Dockerfile#stage0"]
    image = node.attrs["image"]
    assert image["raw"] == "$REG/team/app:${TAG:-1.2}"
    assert image["resolved"] == "registry.example.com:5000/team/app:1.2"
    assert (image["registry"], image["repository"], image["name"], image["tag"]) == (
        "registry.example.com:5000",
        "team/app",
        "app",
        "1.2",
    )
    assert image["unresolved"] is False


def test_from_with_an_arg_without_default_is_unresolved(parse):
    result = parse("from_unresolvable_arg.Dockerfile")
    assert result.errors == []
    [node] = result.payload.nodes
    assert node.attrs["image"] == {
        "raw": "${REGISTRY}/app:1.0",
        "resolved": "${REGISTRY}/app:1.0",
        "registry": None,
        "repository": None,
        "name": None,
        "tag": None,
        "digest": None,
        "is_stage_alias": False,
        "is_scratch": False,
        "unresolved": True,
    }
    assert node.unknown == ["image", "user"]


def test_from_arg_resolving_to_a_stage_name_is_a_stage_alias(parse):
    result = parse("Dockerfile", "ARG BASE=builder\nFROM alpine AS builder\nFROM ${BASE}\n")
    assert result.errors == []
    final = result.payload.nodes[1]
    assert (final.attrs["image"]["is_stage_alias"], final.attrs["image"]["name"]) == (True, "builder")
    assert [edge.relation for edge in result.payload.edges] == ["builds_from"]


def test_builder_platform_arg_in_from_is_unresolved(stages):
    node = stages("Dockerfile", "FROM node:${TARGETARCH}\n")["docker:Dockerfile#stage0"]
    assert node.attrs["image"]["unresolved"] is True
