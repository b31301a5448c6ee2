"""Container image references -> ``container`` items, one per distinct normalized reference.

A reference is normalized as Docker does (``python`` is ``docker.io/library/python``, see
``scanner/parsers/dockerfile/images.py``), so ``python:3.12`` in a Dockerfile and
``docker.io/library/python:3.12`` in a manifest are one component with two occurrences.

Component fields: ``name`` the repository's last segment, ``group`` the registry and the rest of
the repository path (``docker.io/library``), ``version`` the tag, else the digest; a reference
with neither is ``latest``, what ``docker pull`` fetches (so ``python`` and ``python:latest`` are one
component). ``bastion:pinned`` is ``true`` only for a digest. The bom-ref is
``image:<registry>/<repository>[:tag][@digest]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sbom.inventory import Item, Occurrence
from sbom.purls import image_purl


@dataclass(frozen=True)
class ImageRef:
    """A split, normalized image reference (``registry`` ``docker.io`` for Docker Hub,
    ``repository`` with ``library/`` for official images; ``tag``/``digest`` None when absent)."""

    registry: str
    repository: str
    tag: str | None
    digest: str | None

    @property
    def name(self) -> str:
        """The repository's last path segment (``python``)."""
        return self.repository.rsplit("/", 1)[-1]

    @property
    def effective_tag(self) -> str | None:
        """The tag ``docker pull`` uses: the one written, else ``latest`` unless a digest is given."""
        return self.tag or (None if self.digest else "latest")

    @property
    def canonical(self) -> str:
        """``<registry>/<repository>[:tag][@digest]``; a reference without tag or digest has the
        tag ``latest``, as ``docker pull`` gives it (``python`` and ``python:latest`` are one image)."""
        text = f"{self.registry}/{self.repository}"
        if self.effective_tag:
            text += f":{self.effective_tag}"
        if self.digest:
            text += f"@{self.digest}"
        return text

    @property
    def pinned(self) -> bool:
        """True when the reference names a digest, so it always gives the same image."""
        return self.digest is not None


def parse_image(text: str) -> ImageRef | None:
    """Split a literal reference (a Kubernetes ``image:``); None when it is not a valid reference."""
    from scanner.parsers.dockerfile.images import InvalidReference, split_reference

    try:
        parts = split_reference(text.strip())
    except InvalidReference:
        return None
    return ImageRef(parts.registry, parts.repository, parts.tag, parts.digest)


def image_from_parts(parts: Any) -> ImageRef | None:
    """The reference described by a graph ``image``/``image_ref`` object (``registry``,
    ``repository``, ``tag``, ``digest``); None when a part is missing or unknown."""
    if not isinstance(parts, dict) or parts.get("unresolved"):
        return None
    registry, repository = parts.get("registry"), parts.get("repository")
    tag, digest = parts.get("tag"), parts.get("digest")
    if not isinstance(registry, str) or not isinstance(repository, str):
        return None
    if not (tag is None or isinstance(tag, str)) or not (digest is None or isinstance(digest, str)):
        return None
    return ImageRef(registry, repository, tag, digest)


def image_ref_id(image: ImageRef) -> str:
    """The bom-ref of an image component."""
    return f"image:{image.canonical}"


def image_item(image: ImageRef, occurrence: Occurrence) -> Item:
    """The ``container`` item of ``image`` seen at ``occurrence``."""
    group, _, _ = f"{image.registry}/{image.repository}".rpartition("/")
    return Item(
        ref=image_ref_id(image),
        type="container",
        name=image.name,
        group=group,
        version=image.effective_tag or image.digest,
        purl=image_purl(image.registry, image.repository, image.tag, image.digest),
        properties={("bastion:pinned", "true" if image.pinned else "false")},
        occurrences={occurrence},
    )
