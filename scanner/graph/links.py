"""Edges across formats: which Dockerfile builds the image a Kubernetes container or a compose
service runs, when the repository says so.

:func:`cross_format_edges` runs once per scan, after every format is assembled, on the final node
list. It returns the extra edges (only between nodes that exist; sorted, no duplicates) and
annotates the Kubernetes containers it links. Relations (source -> target):

- ``builds``: ``compose.service`` / ``skaffold.artifact`` -> the final ``dockerfile.stage`` of the
  Dockerfile its build resolves to (a Dockerfile node with that path must be in the scan).
- ``built_from``: Kubernetes workload (a node with ``attrs.__pod_spec``) -> the final stage of the
  Dockerfile that builds one of its containers' images.
- ``uses_image``: ``compose.service`` -> the final stage of the Dockerfile that builds the image it
  runs (its own ``build``, or another manifest's build of the same image).

An image is "built by" a Dockerfile when, comparing registry and repository (tags and digests are
ignored, since skaffold and CI rewrite them):

1. a skaffold artifact with that ``image`` resolves to the Dockerfile;
2. a compose service with both ``build`` and that ``image`` resolves to the Dockerfile;
3. only when neither of the above names the image, and only for Dockerfiles that no skaffold
   artifact or compose service with an image builds: a Dockerfile whose final stage carries the
   label ``org.opencontainers.image.source`` naming the image's repository as its path
   (``https://github.com/acme/api.git`` or ``ghcr.io/acme/api`` for ``ghcr.io/acme/api:1.2``), or
   ``org.opencontainers.image.title`` equal to the repository or its last segment (``api``),
   case-insensitively. Labels set in an earlier stage the final one is built FROM count.

Each linked container of ``attrs.__pod_spec.__containers`` gets ``__built_from``: a list of
``{"stage": <final stage id>, "via": <skaffold or compose node id, or "label">}`` sorted by stage
and via, so a rule knows which container an image came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from scanner.model import Edge, Node
from scanner.parsers.dockerfile.images import InvalidReference, split_reference

STAGE_KIND = "dockerfile.stage"
COMPOSE_KIND = "compose.service"
SKAFFOLD_KIND = "skaffold.artifact"
SOURCE_LABEL = "org.opencontainers.image.source"
TITLE_LABEL = "org.opencontainers.image.title"
VIA_LABEL = "label"

ImageKey = tuple[str, str]


@lru_cache(maxsize=4096)
def image_key(reference: str) -> ImageKey | None:
    """(registry, repository) of an image reference as written, or None when it is not a valid one."""
    try:
        parts = split_reference(reference)
    except InvalidReference:
        return None
    return parts.registry, parts.repository


def cross_format_edges(nodes: list[Node]) -> list[Edge]:
    """The cross-format edges of a scan's nodes (see the module docstring); annotates linked
    Kubernetes containers with ``__built_from``."""
    final_stages = _final_stages(nodes)
    edges: set[Edge] = set()
    explicit: dict[ImageKey, set[tuple[str, str]]] = {}
    builders = [node for node in nodes if node.kind in (COMPOSE_KIND, SKAFFOLD_KIND) and node.format == "buildconfig"]
    for node in builders:
        stage = _built_stage(node, final_stages)
        if stage is None:
            continue
        edges.add(Edge(node.id, stage.id, "builds"))
        if node.kind == COMPOSE_KIND:
            edges.add(Edge(node.id, stage.id, "uses_image"))
        key = _ref_key(node.attrs.get("image_ref"))
        if key is not None:
            explicit.setdefault(key, set()).add((stage.id, node.id))
    built_explicitly = {stage_id for found in explicit.values() for stage_id, _ in found}
    labelled = _labelled_stages(nodes, [stage for stage in final_stages.values() if stage.id not in built_explicitly])

    def sources(key: ImageKey) -> list[tuple[str, str]]:
        found = explicit.get(key)
        if found:
            return sorted(found)
        return sorted((stage_id, VIA_LABEL) for stage_id, names in labelled if _label_names(names, key))

    for node in nodes:
        if node.format == "buildconfig" and node.kind == COMPOSE_KIND:
            key = _ref_key(node.attrs.get("image_ref"))
            if key is not None:
                edges.update(Edge(node.id, stage_id, "uses_image") for stage_id, _ in sources(key))
            continue
        pod_spec = node.attrs.get("__pod_spec") if node.format == "kubernetes" else None
        if not isinstance(pod_spec, dict):
            continue
        for container in _containers(pod_spec):
            image = container.get("image")
            key = image_key(image) if isinstance(image, str) else None
            found = sources(key) if key is not None else []
            if found:
                container["__built_from"] = [{"stage": stage_id, "via": via} for stage_id, via in found]
                edges.update(Edge(node.id, stage_id, "built_from") for stage_id, _ in found)
    return sorted(edges)


def _final_stages(nodes: Iterable[Node]) -> dict[str, Node]:
    """Dockerfile path -> its final stage node (the first one, should a path repeat)."""
    finals: dict[str, Node] = {}
    for node in nodes:
        if node.format == "dockerfile" and node.kind == STAGE_KIND and node.attrs.get("is_final") is True:
            finals.setdefault(node.path, node)
    return finals


def _built_stage(node: Node, final_stages: dict[str, Node]) -> Node | None:
    """The final stage of the Dockerfile a compose service's or skaffold artifact's build names."""
    if node.kind == COMPOSE_KIND:
        build = node.attrs.get("build")
        dockerfile = build.get("dockerfile") if isinstance(build, dict) else None
    else:
        dockerfile = node.attrs.get("dockerfile")
    return final_stages.get(dockerfile) if isinstance(dockerfile, str) else None


def _ref_key(image_ref: Any) -> ImageKey | None:
    """(registry, repository) of an ``image_ref`` attribute when both are known strings."""
    if not isinstance(image_ref, dict):
        return None
    registry, repository = image_ref.get("registry"), image_ref.get("repository")
    if isinstance(registry, str) and isinstance(repository, str):
        return registry, repository
    return None


def _containers(pod_spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The normalized containers of a pod spec (mappings only)."""
    containers = pod_spec.get("__containers")
    return [item for item in containers if isinstance(item, dict)] if isinstance(containers, list) else []


def _labelled_stages(nodes: list[Node], finals: Iterable[Node]) -> list[tuple[str, dict[str, str]]]:
    """(final stage id, its OCI source and title labels) for every final stage that has one,
    looking through the earlier stages it is built FROM (the nearest label wins)."""
    by_alias: dict[tuple[str, str], Node] = {}
    for node in nodes:
        alias = node.attrs.get("alias") if node.kind == STAGE_KIND else None
        if isinstance(alias, str):
            by_alias.setdefault((node.path, alias), node)
    labelled = []
    for final in sorted(finals, key=lambda stage: stage.id):
        labels: dict[str, str] = {}
        stage: Node | None = final
        seen: set[str] = set()
        while stage is not None and stage.id not in seen:
            seen.add(stage.id)
            for key in (SOURCE_LABEL, TITLE_LABEL):
                value = (stage.attrs.get("labels") or {}).get(key)
                if isinstance(value, str) and value and key not in labels:
                    labels[key] = value
            stage = _parent_stage(stage, by_alias)
        if labels:
            labelled.append((final.id, labels))
    return labelled


def _parent_stage(stage: Node, by_alias: dict[tuple[str, str], Node]) -> Node | None:
    """The earlier stage of the same Dockerfile that ``stage`` is built FROM, or None."""
    image = stage.attrs.get("image")
    if isinstance(image, dict) and image.get("is_stage_alias") is True and isinstance(image.get("name"), str):
        return by_alias.get((stage.path, image["name"]))
    return None


def _label_names(labels: dict[str, str], key: ImageKey) -> bool:
    """True when the OCI labels of a Dockerfile name the image ``key`` (see the module docstring)."""
    repository = key[1]
    source = labels.get(SOURCE_LABEL)
    if source is not None:
        location = _source_location(source)
        if location is not None and location[1] == repository:
            return True
    title = labels.get(TITLE_LABEL)
    if title is not None:
        title = title.strip().lower()
        return title in (repository, repository.rsplit("/", 1)[-1])
    return False


def _source_location(source: str) -> tuple[str, str] | None:
    """(host, path) of a source label: a URL (``https://github.com/acme/api.git``) or an image-like
    ``host/path``; the path lower-cased, without ``.git`` and surrounding slashes."""
    text = source.strip()
    if "://" in text:
        text = text.split("://", 1)[1]
    elif text.startswith("git@") and ":" in text:
        text = text[4:].replace(":", "/", 1)
    text = text.split("?", 1)[0].split("#", 1)[0].rstrip("/").removesuffix(".git")
    host, slash, path = text.partition("/")
    if not slash or not path:
        return None
    host = host.rsplit("@", 1)[-1].lower()
    return host, path.strip("/").lower()
