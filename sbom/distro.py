"""Base image -> the Linux distribution its packages come from, where a well-known image says so.

The distribution gives OS package purls their namespace (the vendor: ``debian``) and their
``distro`` qualifier (``debian-12``). Only facts the reference itself states are used:

- OS images (``debian``, ``ubuntu``, ``alpine``, ``fedora``, ``amazonlinux``, ``centos``,
  ``rockylinux``, ``almalinux``, Red Hat UBI) give their vendor, and their release when the tag
  names it (``debian:12-slim``, ``ubuntu:jammy``, ``alpine:3.19.1`` -> ``alpine-3.19``);
- official language and server images (``python``, ``node``, ``golang``...) are Debian-based
  unless the tag names another variant; a Debian or Ubuntu codename (``3.12-slim-bookworm``) or
  an Alpine variant (``1.22-alpine3.19``) in the tag gives the release;
- a tag without a codename (``python:3.12-slim``, ``debian:stable``, ``latest``) gives the vendor
  only: the release behind such a tag moves (``python:3.12-slim`` went from Debian 12 to 13 in
  August 2025), so it is never guessed and the purl has no ``distro`` qualifier;
- any other image: unknown (None), and OS packages installed on it get no purl.

The full table is in docs/sbom.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sbom.images import ImageRef


@dataclass(frozen=True)
class Distro:
    """A distribution: ``vendor`` is the purl namespace, ``family`` the package type its package
    manager installs (``deb``, ``apk``, ``rpm``), ``os_id`` the os-release ID used in the
    ``distro`` qualifier, ``release`` the version when known."""

    vendor: str
    family: str
    os_id: str
    release: str | None = None

    @property
    def qualifier(self) -> str | None:
        """The purl ``distro`` qualifier (``debian-12``), None when the release is unknown."""
        return f"{self.os_id}-{self.release}" if self.release else None

    @property
    def label(self) -> str:
        """``debian-12``, or just ``debian`` when the release is unknown."""
        return self.qualifier or self.os_id


DEBIAN = Distro("debian", "deb", "debian")
UBUNTU = Distro("ubuntu", "deb", "ubuntu")
ALPINE = Distro("alpine", "apk", "alpine")
FEDORA = Distro("fedora", "rpm", "fedora")
RHEL = Distro("redhat", "rpm", "rhel")
AMAZON = Distro("amazon", "rpm", "amzn")
CENTOS = Distro("centos", "rpm", "centos")
ROCKY = Distro("rocky", "rpm", "rocky")
ALMA = Distro("almalinux", "rpm", "almalinux")

DEBIAN_CODENAMES = {"buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13", "forky": "14"}
UBUNTU_CODENAMES = {
    "bionic": "18.04", "focal": "20.04", "jammy": "22.04", "noble": "24.04", "oracular": "24.10",
    "plucky": "25.04", "questing": "25.10",
}

#: Official images based on Debian unless their tag names another variant.
DEBIAN_BASED = frozenset({
    "python", "node", "golang", "ruby", "php", "perl", "rust", "nginx", "httpd", "redis", "postgres",
    "buildpack-deps", "haproxy", "memcached", "erlang", "elixir", "gcc",
})
#: Official images based on Ubuntu unless their tag names another variant.
UBUNTU_BASED = frozenset({"eclipse-temurin", "mongo", "rabbitmq"})

#: (registry, repository prefix) under which Docker Official Images are served.
_OFFICIAL_LOCATIONS = (("docker.io", "library/"), ("public.ecr.aws", "docker/library/"), ("mirror.gcr.io", "library/"))
_REDHAT_REGISTRIES = frozenset({"registry.access.redhat.com", "registry.redhat.io"})
_ALPINE_VARIANT = re.compile(r"^alpine(\d+\.\d+)?$")
_LEADING_NUMBER = re.compile(r"^(\d+)(?:\.(\d+))?")


def official_image_name(image: ImageRef) -> str | None:
    """``python`` for a Docker Official Image (``docker.io/library/python``, also served from the
    ECR and GCR mirrors), else None."""
    for registry, prefix in _OFFICIAL_LOCATIONS:
        if image.registry == registry and image.repository.startswith(prefix):
            rest = image.repository[len(prefix) :]
            return rest if "/" not in rest else None
    return None


def distro_for_image(image: ImageRef) -> Distro | None:
    """The distribution of ``image`` where the reference states it, else None (see module doc)."""
    tag = (image.tag or "").lower()
    official = official_image_name(image)
    if official is not None:
        return _official_distro(official, tag)
    return _vendor_image_distro(image, tag)


def _official_distro(name: str, tag: str) -> Distro | None:
    """The distribution of an official image ``name`` with ``tag`` (lower case, may be empty)."""
    os_image = _OS_IMAGES.get(name)
    if os_image is not None:
        distro, release_of = os_image
        return _with_release(distro, release_of(tag))
    if name not in DEBIAN_BASED and name not in UBUNTU_BASED:
        return None
    variant = _variant_from_tag(tag)
    if variant is not None:
        return variant
    if "windowsservercore" in tag or "nanoserver" in tag:
        return None
    return DEBIAN if name in DEBIAN_BASED else UBUNTU


def _variant_from_tag(tag: str) -> Distro | None:
    """The distribution a tag's words name (``slim-bookworm``, ``alpine3.19``, ``jammy``), else None."""
    for word in re.split(r"[-_]", tag):
        if word in DEBIAN_CODENAMES:
            return _with_release(DEBIAN, DEBIAN_CODENAMES[word])
        if word in UBUNTU_CODENAMES:
            return _with_release(UBUNTU, UBUNTU_CODENAMES[word])
        match = _ALPINE_VARIANT.match(word)
        if match:
            return _with_release(ALPINE, match.group(1))
    return None


def _with_release(distro: Distro, release: str | None) -> Distro:
    """``distro`` with ``release`` set (None keeps it unknown)."""
    return Distro(distro.vendor, distro.family, distro.os_id, release)


def _debian_release(tag: str) -> str | None:
    """Debian's release from a ``debian`` tag: a codename or a version number (``12.5-slim`` -> 12)."""
    for word in tag.split("-"):
        if word in DEBIAN_CODENAMES:
            return DEBIAN_CODENAMES[word]
    match = _LEADING_NUMBER.match(tag)
    return match.group(1) if match and match.group(1) in DEBIAN_CODENAMES.values() else None


def _ubuntu_release(tag: str) -> str | None:
    """Ubuntu's release from an ``ubuntu`` tag: a codename (``jammy-20240111``) or ``22.04``."""
    for word in tag.split("-"):
        if word in UBUNTU_CODENAMES:
            return UBUNTU_CODENAMES[word]
    match = re.match(r"^(\d{2}\.\d{2})(?:$|[-.])", tag)
    return match.group(1) if match else None


def _alpine_release(tag: str) -> str | None:
    """Alpine's release (major.minor) from an ``alpine`` tag: ``3.19.1`` -> ``3.19``."""
    match = re.match(r"^(\d+\.\d+)(?:$|[-.])", tag)
    return match.group(1) if match else None


def _major_release(tag: str) -> str | None:
    """The leading major version of a tag (``9.3-minimal`` -> ``9``, ``2023.3.2024`` -> ``2023``)."""
    match = _LEADING_NUMBER.match(tag)
    return match.group(1) if match else None


def _centos_release(tag: str) -> str | None:
    """CentOS's major release: ``7``, ``7.9.2009``, ``centos7``."""
    return _major_release(tag.removeprefix("centos"))


_OS_IMAGES = {
    "debian": (DEBIAN, _debian_release),
    "ubuntu": (UBUNTU, _ubuntu_release),
    "alpine": (ALPINE, _alpine_release),
    "fedora": (FEDORA, _major_release),
    "amazonlinux": (AMAZON, _major_release),
    "centos": (CENTOS, _centos_release),
    "rockylinux": (ROCKY, _major_release),
    "almalinux": (ALMA, _major_release),
}


def _vendor_image_distro(image: ImageRef, tag: str) -> Distro | None:
    """Images published by the distributions themselves outside the official library: Red Hat UBI
    and RHEL images (``registry.access.redhat.com/ubi9/ubi-minimal``, ``redhat/ubi9``) and
    ``rockylinux/rockylinux``; None for anything else."""
    segments = image.repository.split("/")
    if image.registry in _REDHAT_REGISTRIES:
        match = re.match(r"^(?:ubi|rhel)(\d+)$", segments[0])
        return _with_release(RHEL, match.group(1)) if match else None
    if image.registry == "docker.io" and len(segments) == 2:
        if segments[0] == "redhat":
            match = re.match(r"^ubi(\d+)(?:-[a-z]+)?$", segments[1])
            return _with_release(RHEL, match.group(1)) if match else None
        if segments == ["rockylinux", "rockylinux"]:
            return _with_release(ROCKY, _major_release(tag))
    return None
