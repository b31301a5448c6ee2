"""Image references written in build manifests -> the ``image_ref`` attribute.

The split is the Dockerfile parser's (``scanner/parsers/dockerfile/images.py``: Docker's reference
grammar, ``docker.io`` and ``library/`` for Docker Hub). docker-compose files may also interpolate
environment variables (``$VAR``, ``${VAR}``, ``${VAR:-default}``, ``${VAR:?error}``...; ``$$`` is a
literal ``$``). Their values come from the environment of whoever runs ``docker compose``, so they
are never guessed, defaults included: a part of the reference that holds a variable is an unknown
marker, while the parts written literally stay known (``ghcr.io/acme/api:${TAG:-dev}`` has a known
registry and repository and an unknown tag).
"""

from __future__ import annotations

import re
from typing import Any

from scanner.model import unknown_value
from scanner.parsers.dockerfile.images import InvalidReference, split_reference

#: Stands for one interpolated variable while the reference is split; not a reference character.
_PLACEHOLDER = "\ue000"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PARTS = ("registry", "repository", "name", "tag", "digest")


def interpolation_names(text: str) -> tuple[str, list[str]]:
    """``text`` with ``$$`` made ``$`` and every variable reference replaced by a placeholder, and
    the names of the variables referenced, in order (nested defaults included).

    A ``${`` that is never closed counts as a reference running to the end of the text.
    """
    out: list[str] = []
    names: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char != "$" or index + 1 >= len(text):
            out.append(char)
            index += 1
            continue
        following = text[index + 1]
        if following == "$":
            out.append("$")
            index += 2
        elif following == "{":
            end = _closing_brace(text, index + 2)
            body = text[index + 2 : end]
            own = _NAME.match(body)
            if own is not None:
                names.append(own.group())
            names.extend(interpolation_names(body[own.end() if own else 0 :])[1])
            out.append(_PLACEHOLDER)
            index = end + 1
        elif _NAME.match(text, index + 1):
            match = _NAME.match(text, index + 1)
            assert match is not None
            names.append(match.group())
            out.append(_PLACEHOLDER)
            index = match.end()
        else:
            out.append(char)
            index += 1
    return "".join(out), list(dict.fromkeys(names))


def _closing_brace(text: str, start: int) -> int:
    """The index of the ``}`` closing a ``${`` whose body starts at ``start`` (len(text) if none)."""
    depth = 1
    index = start
    while index < len(text):
        if text.startswith("${", index):
            depth += 1
            index += 2
            continue
        if text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return len(text)


def image_reference(written: str, interpolate: bool) -> tuple[dict[str, Any], list[str], str | None]:
    """The ``image_ref`` of an image written as ``written``, the parts that are unknown, and an error.

    ``image_ref`` is ``{"raw", "registry", "repository", "name", "tag", "digest", "unresolved"}``:
    ``raw`` as written, the parts as :func:`~scanner.parsers.dockerfile.images.split_reference` gives
    them (``tag``/``digest`` None when absent), ``unresolved`` True when a variable is referenced
    (``interpolate``: docker-compose). Unknown parts are markers and their names are returned
    (``["tag"]``). A literal reference that is not valid gives None parts and the error message
    ``invalid image reference '<raw>': <why>``.
    """
    ref: dict[str, Any] = {"raw": written, **{part: None for part in _PARTS}, "unresolved": False}
    masked, names = interpolation_names(written) if interpolate else (written, [])
    if _PLACEHOLDER not in masked:
        return _fill(ref, masked, written)
    ref["unresolved"] = True
    marker = unknown_value(
        f"depends on {', '.join('$' + name for name in names) or 'a variable'}, which docker compose takes from the environment"
    )
    name_part, _, digest_part = masked.partition("@")
    colon = name_part.rfind(":")
    if colon >= 0 and "/" not in name_part[colon + 1 :]:
        repository_part, tag_part = name_part[:colon], name_part[colon + 1 :]
    else:
        repository_part, tag_part = name_part, None
    if _PLACEHOLDER in repository_part or not repository_part:
        ref.update({part: marker for part in _PARTS})
        return ref, list(_PARTS), None
    unknown_parts = []
    literal = repository_part
    if tag_part is not None and _PLACEHOLDER in tag_part:
        unknown_parts.append("tag")
    elif tag_part is not None:
        literal += ":" + tag_part
    if digest_part and _PLACEHOLDER in digest_part:
        unknown_parts.append("digest")
    elif digest_part:
        literal += "@" + digest_part
    ref, _, error = _fill(ref, literal, written)
    for part in unknown_parts:
        ref[part] = marker
    return ref, unknown_parts, error


def _fill(ref: dict[str, Any], reference: str, written: str) -> tuple[dict[str, Any], list[str], str | None]:
    """``ref`` with the parts of ``reference`` filled in, or the error when it is not valid."""
    try:
        parts = split_reference(reference)
    except InvalidReference as exc:
        return ref, [], f"invalid image reference '{written}': {exc}"
    ref.update(
        registry=parts.registry, repository=parts.repository, name=parts.name, tag=parts.tag, digest=parts.digest
    )
    return ref, [], None
