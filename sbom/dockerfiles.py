"""Dockerfile stages -> items: the images each stage is built from, the packages its RUN commands
install, and one ``container`` item per stage for what the stage builds.

Per stage (a ``dockerfile.stage`` node, docs/graph/dockerfile.md):

- a ``container`` item, bom-ref ``dockerfile:<path>#<stage>``, named after the Dockerfile for the
  final stage (the image ``docker build`` produces) and ``<path>#<stage>`` for the others, with
  properties ``bastion:dockerfile``, ``bastion:stage``, ``bastion:final-stage`` (final stage only),
  ``bastion:distro`` (when known), ``bastion:built-image`` (each image name a skaffold artifact or
  compose service builds from this Dockerfile);
- it depends on its base image (an image item, ``sbom.images``) or on the earlier stage it is
  built ``FROM``, on the images and stages it copies files from (``COPY --from``,
  ``RUN --mount=from=``), and on every package its RUN commands install (heredoc scripts
  included; ``sbom.packages``);
- ``FROM scratch`` adds nothing; an image reference that cannot be resolved becomes the property
  ``bastion:unresolved-image`` (``<reference> at <path>:<line>``), never an item with a wrong name;
  an install word that names no listable package becomes ``bastion:skipped-install``
  (``<word> at <path>:<line>: <reason>``).

The distribution of a stage (for OS package purls) is its base image's (``sbom.distro``), or the
one of the earlier stage it is built from. The repository depends on each Dockerfile's final stage
and on every stage no other stage uses (another build target).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sbom.distro import Distro, distro_for_image
from sbom.images import image_from_parts, image_item, image_ref_id
from sbom.inventory import REPOSITORY_REF, Inventory, Item, Occurrence
from sbom.package_items import package_item
from sbom.packages import install_request
from scanner.model import Graph, Node

STAGE_KIND = "dockerfile.stage"


def stage_ref(stage_id: str) -> str:
    """The bom-ref of the stage whose graph id is ``stage_id`` (``docker:<path>#<name>``)."""
    return "dockerfile:" + stage_id.removeprefix("docker:")


def collect_dockerfiles(graph: Graph, inventory: Inventory) -> None:
    """Add every Dockerfile stage of ``graph``, its images and packages to ``inventory``."""
    stages = sorted((node for node in graph.nodes if node.kind == STAGE_KIND), key=lambda n: (n.path, _index(n)))
    stage_ids = {node.id for node in stages}
    parents: dict[str, str] = {}
    used: set[str] = set()
    copies: dict[str, set[str]] = defaultdict(set)
    built_images: dict[str, set[str]] = defaultdict(set)
    by_id = graph.node_by_id()
    for edge in graph.edges:
        if edge.source in stage_ids and edge.target in stage_ids:
            if edge.relation == "builds_from":
                parents[edge.source] = edge.target
            elif edge.relation == "copies_from":
                copies[edge.source].add(edge.target)
            if edge.relation in ("builds_from", "copies_from") and edge.source != edge.target:
                used.add(edge.target)
        elif edge.relation == "builds" and edge.target in stage_ids:
            image = by_id[edge.source].attrs.get("image") if edge.source in by_id else None
            if isinstance(image, str) and image:
                built_images[edge.target].add(image)
    distros: dict[str, Distro | None] = {}
    for node in stages:
        distro = _stage_distro(node, parents, distros)
        distros[node.id] = distro
        _add_stage(node, distro, inventory, built_images[node.id])
        ref = stage_ref(node.id)
        if node.id in parents:
            inventory.depend(ref, stage_ref(parents[node.id]))
        inventory.depend(ref, *(stage_ref(target) for target in sorted(copies[node.id])))
        if node.attrs.get("is_final") or node.id not in used:
            inventory.depend(REPOSITORY_REF, ref)


def _index(node: Node) -> int:
    """The stage's 0-based position (0 when absent)."""
    index = node.attrs.get("index")
    return index if isinstance(index, int) else 0


def _stage_distro(node: Node, parents: dict[str, str], known: dict[str, Distro | None]) -> Distro | None:
    """The distribution of a stage: its base image's, or its parent stage's (parents come first)."""
    image = node.attrs.get("image")
    if isinstance(image, dict) and image.get("is_stage_alias"):
        return known.get(parents.get(node.id, ""))
    parts = image_from_parts(image)
    return None if parts is None else distro_for_image(parts)


def _add_stage(node: Node, distro: Distro | None, inventory: Inventory, built_images: set[str]) -> None:
    """The stage's own item, its base and copied images, and its packages."""
    final = bool(node.attrs.get("is_final"))
    ref = stage_ref(node.id)
    properties = {("bastion:dockerfile", node.path), ("bastion:stage", node.name)}
    if final:
        properties.add(("bastion:final-stage", "true"))
    if distro is not None:
        properties.add(("bastion:distro", distro.label))
    properties |= {("bastion:built-image", image) for image in built_images}
    stage_item = inventory.add(
        Item(
            ref=ref,
            type="container",
            name=node.path if final else f"{node.path}#{node.name}",
            properties=properties,
            occurrences={Occurrence(node.path, node.start_line, f"stage {node.name}")},
        )
    )
    image = node.attrs.get("image")
    if not (isinstance(image, dict) and (image.get("is_stage_alias") or image.get("is_scratch"))):
        _add_image(image, node, node.start_line, f"FROM of stage {node.name}", stage_item, inventory)
    for copied in node.attrs.get("copied_images") or []:
        if isinstance(copied, dict):
            line = copied.get("line") if isinstance(copied.get("line"), int) else node.start_line
            _add_image(copied.get("image"), node, line, f"files copied into stage {node.name}", stage_item, inventory)
    _add_packages(node, distro, stage_item, inventory)


def _add_image(image: Any, node: Node, line: int, context: str, stage_item: Item, inventory: Inventory) -> None:
    """The image item a stage uses, or an ``unresolved-image`` property on the stage."""
    parts = image_from_parts(image)
    if parts is None:
        raw = (image.get("resolved") or image.get("raw")) if isinstance(image, dict) else None
        stage_item.properties.add(("bastion:unresolved-image", f"{raw or '?'} at {node.path}:{line}"))
        return
    inventory.add(image_item(parts, Occurrence(node.path, line, context)))
    inventory.depend(stage_item.ref, image_ref_id(parts))


def _add_packages(node: Node, distro: Distro | None, stage_item: Item, inventory: Inventory) -> None:
    """Items for the packages each RUN command of the stage installs."""
    for instruction in node.attrs.get("instructions") or []:
        if not isinstance(instruction, dict) or instruction.get("cmd") != "run":
            continue
        for detail in instruction.get("command_details") or []:
            argv = detail.get("argv") if isinstance(detail, dict) else None
            if not isinstance(argv, list) or not all(isinstance(word, str) for word in argv):
                continue
            found = install_request(argv)
            if found is None:
                continue
            manager, request = found
            line = detail.get("line") if isinstance(detail.get("line"), int) else instruction.get("line")
            occurrence = Occurrence(node.path, line, f"{manager} in stage {node.name}")
            for spec in request.packages:
                item = inventory.add(package_item(spec, distro, occurrence))
                inventory.depend(stage_item.ref, item.ref)
            for skipped in request.skipped:
                stage_item.properties.add(
                    ("bastion:skipped-install", f"{skipped.word} at {node.path}:{line}: {skipped.reason}")
                )
