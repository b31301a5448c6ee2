"""Package URLs (purl) for what an SBOM lists, following the purl spec's type definitions.

Choices (docs/sbom.md, formats.md section 2):

- container images: ``pkg:oci/<name>@sha256:<hex>?repository_url=<registry>/<repository>&tag=<tag>``
  only when the reference is pinned by digest (the oci type requires the digest as version);
  otherwise ``pkg:docker/<namespace>/<name>@<tag>`` with ``repository_url=<registry>`` for any
  registry but Docker Hub (the type's default, so the qualifier is left out there);
- ``pkg:deb/<vendor>/<name>@<version>?arch=<arch>&distro=<distro>`` (epoch kept in the version),
  ``pkg:apk/<vendor>/...``, ``pkg:rpm/<vendor>/<name>@<version>?epoch=<epoch>`` (epoch moved to
  its qualifier, as the rpm type says);
- ``pkg:pypi/<normalized name>@<version>``, ``pkg:npm/%40<scope>/<name>@<version>``;
- Terraform modules from GitHub ``pkg:github/<owner>/<repo>@<ref>#<subdir>``, from any other git
  host ``pkg:generic/<repo>@<ref>?vcs_url=git+<url>@<ref>``. Terraform providers and registry
  modules and Helm charts get no purl: their types are only candidates in the purl spec.

Every function returns the canonical purl string (packageurl-python's serialization).
"""

from __future__ import annotations

import re

from packageurl import PackageURL

DOCKER_HUB = "docker.io"
_PYPI_SEPARATORS = re.compile(r"[-_.]+")


def image_purl(registry: str, repository: str, tag: str | None, digest: str | None) -> str:
    """The purl of an image reference split into ``registry``, ``repository`` (``library/python``
    on Docker Hub), ``tag`` and ``digest`` (``sha256:<hex>``).

    Digest-pinned: ``pkg:oci`` with the digest as version. Otherwise ``pkg:docker`` with the tag as
    version, ``latest`` when no tag is written (what ``docker pull`` fetches).
    """
    name = repository.rsplit("/", 1)[-1]
    if digest:
        qualifiers = {"repository_url": f"{registry}/{repository}"}
        if tag:
            qualifiers["tag"] = tag
        return PackageURL(type="oci", name=name.lower(), version=digest, qualifiers=qualifiers).to_string()
    namespace = repository.rsplit("/", 1)[0] if "/" in repository else None
    qualifiers = {} if registry == DOCKER_HUB else {"repository_url": registry}
    return PackageURL(
        type="docker", namespace=namespace, name=name, version=tag or "latest", qualifiers=qualifiers
    ).to_string()


def os_package_purl(
    ecosystem: str, vendor: str, name: str, version: str | None, distro: str | None, arch: str | None
) -> str:
    """The purl of an OS package: ``ecosystem`` is ``deb``, ``apk`` or ``rpm``, ``vendor`` the purl
    namespace (``debian``, ``alpine``, ``redhat``...), ``distro`` the ``distro`` qualifier
    (``debian-12``) or None when the release is not known."""
    qualifiers: dict[str, str] = {}
    if arch:
        qualifiers["arch"] = arch
    if distro:
        qualifiers["distro"] = distro
    if ecosystem == "rpm" and version and re.match(r"^\d+:", version):
        epoch, version = version.split(":", 1)
        qualifiers["epoch"] = epoch
    return PackageURL(type=ecosystem, namespace=vendor, name=name, version=version, qualifiers=qualifiers).to_string()


def normalize_pypi_name(name: str) -> str:
    """A Python distribution name as PEP 503 normalizes it (and the pypi purl type wants it):
    lower case, each run of ``-``, ``_`` and ``.`` made one ``-``."""
    return _PYPI_SEPARATORS.sub("-", name).lower()


def pypi_purl(name: str, version: str | None) -> str:
    """``pkg:pypi/<normalized name>[@version]``."""
    return PackageURL(type="pypi", name=normalize_pypi_name(name), version=version).to_string()


def npm_purl(scope: str | None, name: str, version: str | None) -> str:
    """``pkg:npm/[%40scope/]name[@version]``; ``scope`` is written with or without its ``@``."""
    namespace = None if scope is None else "@" + scope.lstrip("@")
    return PackageURL(type="npm", namespace=namespace, name=name, version=version).to_string()


def github_purl(owner: str, repository: str, ref: str | None, subpath: str | None) -> str:
    """``pkg:github/<owner>/<repo>[@ref][#subpath]``, names lower-cased as the github type says."""
    return PackageURL(
        type="github", namespace=owner.lower(), name=repository.lower(), version=ref, subpath=subpath or None
    ).to_string()


def generic_vcs_purl(name: str, ref: str | None, vcs_url: str, subpath: str | None) -> str:
    """``pkg:generic/<name>[@ref]?vcs_url=<vcs_url>[@ref][#subpath]`` for a git repository that is
    not on GitHub; ``vcs_url`` carries its ``git+`` scheme prefix."""
    pinned_url = f"{vcs_url}@{ref}" if ref else vcs_url
    return PackageURL(
        type="generic", name=name, version=ref, qualifiers={"vcs_url": pinned_url}, subpath=subpath or None
    ).to_string()
