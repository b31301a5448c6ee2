"""purls of images (digest vs tag vs none, Docker Hub normalization, registries with ports) and of
OS and language packages, VCS modules."""

from __future__ import annotations

import pytest

from sbom.images import image_item, image_ref_id, parse_image
from sbom.inventory import Occurrence
from sbom.purls import (
    generic_vcs_purl,
    github_purl,
    image_purl,
    normalize_pypi_name,
    npm_purl,
    os_package_purl,
    pypi_purl,
)

DIGEST = "sha256:" + "ab" * 32


@pytest.mark.parametrize(
    ("reference", "purl"),
    [
        ("python:3.12", "pkg:docker/library/python@3.12"),
        ("python", "pkg:docker/library/python@latest"),
        ("python:latest", "pkg:docker/library/python@latest"),
        ("docker.io/library/python:3.12", "pkg:docker/library/python@3.12"),
        ("index.docker.io/library/python:3.12", "pkg:docker/library/python@3.12"),
        ("bitnami/redis:7.2", "pkg:docker/bitnami/redis@7.2"),
        ("ghcr.io/acme/api:1.0", "pkg:docker/acme/api@1.0?repository_url=ghcr.io"),
        ("gcr.io/distroless/static:nonroot", "pkg:docker/distroless/static@nonroot?repository_url=gcr.io"),
        ("localhost:5000/team/app:1.0", "pkg:docker/team/app@1.0?repository_url=localhost:5000"),
        ("registry.example.com:8443/a/b/c:2", "pkg:docker/a/b/c@2?repository_url=registry.example.com:8443"),
        ("localhost:5000/app", "pkg:docker/app@latest?repository_url=localhost:5000"),
        (f"python:3.12@{DIGEST}", f"pkg:oci/python@{DIGEST}?repository_url=docker.io/library/python&tag=3.12"),
        (f"python@{DIGEST}", f"pkg:oci/python@{DIGEST}?repository_url=docker.io/library/python"),
        (f"localhost:5000/team/app@{DIGEST}", f"pkg:oci/app@{DIGEST}?repository_url=localhost:5000/team/app"),
        (f"ghcr.io/acme/api:1.0@{DIGEST}", f"pkg:oci/api@{DIGEST}?repository_url=ghcr.io/acme/api&tag=1.0"),
    ],
)
def test_image_purl(reference: str, purl: str) -> None:
    image = parse_image(reference)
    assert image is not None
    assert image_purl(image.registry, image.repository, image.tag, image.digest) == purl


def test_docker_hub_short_names_are_one_image() -> None:
    refs = {image_ref_id(parse_image(text)) for text in ("python:3.12", "docker.io/library/python:3.12", "index.docker.io/python:3.12")}  # type: ignore[arg-type]
    assert refs == {"image:docker.io/library/python:3.12"}
    assert image_ref_id(parse_image("python")) == image_ref_id(parse_image("python:latest")) == "image:docker.io/library/python:latest"  # type: ignore[arg-type]


def test_invalid_reference_is_not_an_image() -> None:
    assert parse_image("nginx@sha256:not-a-digest") is None
    assert parse_image("Python:3") is None


@pytest.mark.parametrize(
    ("reference", "name", "group", "version", "pinned"),
    [
        ("python:3.12-slim", "python", "docker.io/library", "3.12-slim", "false"),
        ("python", "python", "docker.io/library", "latest", "false"),
        (f"python@{DIGEST}", "python", "docker.io/library", DIGEST, "true"),
        (f"ghcr.io/acme/api:1.0@{DIGEST}", "api", "ghcr.io/acme", "1.0", "true"),
        ("localhost:5000/app:2", "app", "localhost:5000", "2", "false"),
    ],
)
def test_image_item_fields(reference: str, name: str, group: str, version: str, pinned: str) -> None:
    image = parse_image(reference)
    assert image is not None
    item = image_item(image, Occurrence("Dockerfile", 1))
    assert (item.type, item.name, item.group, item.version) == ("container", name, group, version)
    assert item.properties == {("bastion:pinned", pinned)}
    assert item.occurrences == {Occurrence("Dockerfile", 1)}


@pytest.mark.parametrize(
    ("args", "purl"),
    [
        (("deb", "debian", "curl", "7.88.1-10+deb12u5", "debian-12", None), "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?distro=debian-12"),
        (("deb", "debian", "libc6", None, None, "i386"), "pkg:deb/debian/libc6?arch=i386"),
        (("deb", "ubuntu", "slapd", "1:2.4.47-2", "ubuntu-22.04", None), "pkg:deb/ubuntu/slapd@1:2.4.47-2?distro=ubuntu-22.04"),
        (("apk", "alpine", "curl", "8.5.0-r0", "alpine-3.19", None), "pkg:apk/alpine/curl@8.5.0-r0?distro=alpine-3.19"),
        (("rpm", "redhat", "curl", "7.76.1-26.el9", "rhel-9", "x86_64"), "pkg:rpm/redhat/curl@7.76.1-26.el9?arch=x86_64&distro=rhel-9"),
        (("rpm", "fedora", "bash", "2:5.2.26-3.fc40", "fedora-40", None), "pkg:rpm/fedora/bash@5.2.26-3.fc40?distro=fedora-40&epoch=2"),
    ],
)
def test_os_package_purl(args: tuple, purl: str) -> None:
    assert os_package_purl(*args) == purl


@pytest.mark.parametrize(
    ("name", "normalized"),
    [("Typing_Extensions", "typing-extensions"), ("zope.interface", "zope-interface"), ("Flask", "flask"), ("a__b--c", "a-b-c")],
)
def test_pypi_names_are_normalized(name: str, normalized: str) -> None:
    assert normalize_pypi_name(name) == normalized
    assert pypi_purl(name, "1.0") == f"pkg:pypi/{normalized}@1.0"


def test_npm_purls() -> None:
    assert npm_purl("angular", "cli", "17.3.0") == "pkg:npm/%40angular/cli@17.3.0"
    assert npm_purl("@angular", "cli", None) == "pkg:npm/%40angular/cli"
    assert npm_purl(None, "typescript", None) == "pkg:npm/typescript"


def test_vcs_purls() -> None:
    assert github_purl("Acme", "TF-Net", "v1.4.0", "modules/vpc") == "pkg:github/acme/tf-net@v1.4.0#modules/vpc"
    assert (
        generic_vcs_purl("dns", "v2", "git+https://git.example.com/infra/dns.git", None)
        == "pkg:generic/dns@v2?vcs_url=git%2Bhttps://git.example.com/infra/dns.git%40v2"
    )
