"""Base image -> distribution: the table of well-known images in docs/sbom.md."""

from __future__ import annotations

import pytest

from sbom.distro import distro_for_image
from sbom.images import parse_image


@pytest.mark.parametrize(
    ("reference", "vendor", "label"),
    [
        ("debian:12-slim", "debian", "debian-12"),
        ("debian:bookworm", "debian", "debian-12"),
        ("debian:bullseye-20240110-slim", "debian", "debian-11"),
        ("debian:12.5", "debian", "debian-12"),
        ("debian:stable-slim", "debian", "debian"),
        ("debian", "debian", "debian"),
        ("ubuntu:22.04", "ubuntu", "ubuntu-22.04"),
        ("ubuntu:jammy-20240111", "ubuntu", "ubuntu-22.04"),
        ("ubuntu:noble", "ubuntu", "ubuntu-24.04"),
        ("ubuntu:latest", "ubuntu", "ubuntu"),
        ("alpine:3.19", "alpine", "alpine-3.19"),
        ("alpine:3.19.1", "alpine", "alpine-3.19"),
        ("alpine:edge", "alpine", "alpine"),
        ("fedora:40", "fedora", "fedora-40"),
        ("amazonlinux:2023", "amazon", "amzn-2023"),
        ("amazonlinux:2", "amazon", "amzn-2"),
        ("centos:7", "centos", "centos-7"),
        ("rockylinux:9.3-minimal", "rocky", "rocky-9"),
        ("rockylinux/rockylinux:9", "rocky", "rocky-9"),
        ("almalinux:9", "almalinux", "almalinux-9"),
        ("registry.access.redhat.com/ubi9/ubi-minimal:9.3", "redhat", "rhel-9"),
        ("registry.access.redhat.com/ubi8", "redhat", "rhel-8"),
        ("registry.redhat.io/rhel9/python-311", "redhat", "rhel-9"),
        ("redhat/ubi9-minimal", "redhat", "rhel-9"),
        ("python:3.12-slim-bookworm", "debian", "debian-12"),
        ("python:3.12-slim", "debian", "debian"),
        ("python:latest", "debian", "debian"),
        ("python:3.11-alpine3.19", "alpine", "alpine-3.19"),
        ("python:3.11-alpine", "alpine", "alpine"),
        ("node:20-bullseye-slim", "debian", "debian-11"),
        ("node:20-alpine", "alpine", "alpine"),
        ("golang:1.22-bookworm", "debian", "debian-12"),
        ("nginx:1.25", "debian", "debian"),
        ("eclipse-temurin:21-jre-jammy", "ubuntu", "ubuntu-22.04"),
        ("eclipse-temurin:21-jre", "ubuntu", "ubuntu"),
        ("public.ecr.aws/docker/library/python:3.12-slim-bookworm", "debian", "debian-12"),
        ("mirror.gcr.io/library/alpine:3.20", "alpine", "alpine-3.20"),
    ],
)
def test_known_images(reference: str, vendor: str, label: str) -> None:
    image = parse_image(reference)
    assert image is not None
    distro = distro_for_image(image)
    assert distro is not None
    assert (distro.vendor, distro.label) == (vendor, label)


@pytest.mark.parametrize(
    "reference",
    ["acme/base:1.0", "ghcr.io/acme/python:3.12", "gcr.io/distroless/static:nonroot", "busybox:1.36", "openjdk:17",
     "mcr.microsoft.com/windows/servercore:ltsc2022", "python:3.12-windowsservercore-ltsc2022", "registry.access.redhat.com/openshift4/ose-cli"],
)
def test_unknown_images_have_no_distribution(reference: str) -> None:
    image = parse_image(reference)
    assert image is not None
    assert distro_for_image(image) is None


def test_release_unknown_means_no_distro_qualifier() -> None:
    image = parse_image("python:3.12-slim")
    assert image is not None
    distro = distro_for_image(image)
    assert distro is not None and distro.qualifier is None and distro.family == "deb"
