"""Split a container image reference into registry, repository, name, tag and digest.

Follows the reference grammar Docker uses (distribution/reference): a reference is
``[registry/]path[:tag][@digest]``. The first path segment is a registry only when it holds a
``.`` or a ``:`` or is ``localhost``; otherwise the image lives on Docker Hub, whose registry is
``docker.io`` and whose single-segment names are official images under ``library/``.
:func:`describe_image` builds a stage's ``image`` attribute: the reference as written, after ARG
substitution, and split (or marked unresolved, a stage alias, or ``scratch``).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from scanner.parsers.dockerfile.args import Lookup, expand_word

DOCKER_HUB = "docker.io"
_LEGACY_HUB_NAMES = frozenset({"index.docker.io", "registry-1.docker.io"})

_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_HOST = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])"
_DOMAIN_RE = re.compile(rf"{_HOST}(?::[0-9]+)?")
_PATH_RE = re.compile(rf"{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*")
_TAG_RE = re.compile(r"[\w][\w.-]{0,127}")
_DIGEST_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}")
_IMAGE_ID_RE = re.compile(r"[a-f0-9]{64}")
_MAX_NAME_LENGTH = 255


class InvalidReference(ValueError):
    """The text is not a valid image reference; the message says why in one clause."""


@dataclass(frozen=True)
class ImageReference:
    """The parts of a normalized image reference.

    ``registry`` is the host (``docker.io`` for Docker Hub), ``repository`` the path on it
    (``library/node`` for official images), ``name`` the last path segment, ``tag`` and
    ``digest`` None when absent.
    """

    registry: str
    repository: str
    name: str
    tag: str | None
    digest: str | None


def split_reference(reference: str) -> ImageReference:
    """Split ``reference`` into its parts; raise :class:`InvalidReference` when it is malformed."""
    if not reference:
        raise InvalidReference("the image reference is empty")
    remainder, digest = _cut_digest(reference)
    remainder, tag = _cut_tag(remainder)
    if _IMAGE_ID_RE.fullmatch(remainder) and tag is None:
        raise InvalidReference("a 64-character hexadecimal image ID is not a repository name")
    registry, repository = _split_registry(remainder)
    if repository != repository.lower():
        raise InvalidReference("the repository name must be lowercase")
    if not _DOMAIN_RE.fullmatch(registry):
        raise InvalidReference(f"'{registry}' is not a valid registry host")
    if not _PATH_RE.fullmatch(repository):
        raise InvalidReference(f"'{repository}' is not a valid repository path")
    if len(remainder) > _MAX_NAME_LENGTH:
        raise InvalidReference(f"the repository name is longer than {_MAX_NAME_LENGTH} characters")
    return ImageReference(
        registry=registry,
        repository=repository,
        name=repository.rsplit("/", 1)[-1],
        tag=tag,
        digest=digest,
    )


def _cut_digest(reference: str) -> tuple[str, str | None]:
    if "@" not in reference:
        return reference, None
    remainder, digest = reference.split("@", 1)
    if not _DIGEST_RE.fullmatch(digest):
        raise InvalidReference(f"'{digest}' is not a valid digest")
    return remainder, digest


def _cut_tag(remainder: str) -> tuple[str, str | None]:
    colon = remainder.rfind(":")
    if colon < 0 or "/" in remainder[colon + 1 :]:
        return remainder, None
    tag = remainder[colon + 1 :]
    if not _TAG_RE.fullmatch(tag):
        raise InvalidReference(f"'{tag}' is not a valid tag")
    return remainder[:colon], tag


def _split_registry(name: str) -> tuple[str, str]:
    first, slash, rest = name.partition("/")
    is_registry = bool(slash) and (
        "." in first or ":" in first or first == "localhost" or first.lower() != first
    )
    if not is_registry:
        registry, repository = DOCKER_HUB, name
    else:
        registry, repository = first, rest
    if registry in _LEGACY_HUB_NAMES:
        registry = DOCKER_HUB
    if registry == DOCKER_HUB and "/" not in repository:
        repository = f"library/{repository}"
    return registry, repository


def describe_image(
    raw: str, lookup: Lookup, escape: str, stage_aliases: Collection[str]
) -> tuple[dict[str, Any], str | None]:
    """The ``image`` attribute for a reference as written; the second item is an error message."""
    expanded = expand_word(raw, lookup, escape)
    image: dict[str, Any] = {
        "raw": raw,
        "resolved": expanded.text,
        "registry": None,
        "repository": None,
        "name": None,
        "tag": None,
        "digest": None,
        "is_stage_alias": False,
        "is_scratch": False,
        "unresolved": not expanded.known,
    }
    if not expanded.known:
        return image, None
    resolved = expanded.text
    if resolved.lower() in stage_aliases:
        image.update(is_stage_alias=True, name=resolved.lower())
        return image, None
    if resolved == "scratch":
        image.update(is_scratch=True, name="scratch")
        return image, None
    try:
        reference = split_reference(resolved)
    except InvalidReference as exc:
        return image, f"invalid image reference '{resolved}': {exc}"
    image.update(
        registry=reference.registry,
        repository=reference.repository,
        name=reference.name,
        tag=reference.tag,
        digest=reference.digest,
    )
    return image, None
