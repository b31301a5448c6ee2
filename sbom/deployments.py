"""Images that run: Kubernetes containers (init and ephemeral ones, CronJobs and every other
workload kind included) and docker-compose services -> image items the repository depends on.

- Kubernetes: every entry of a workload's ``attrs.__pod_spec.__containers``
  (docs/graph/kubernetes.md); the occurrence is the line of its ``image`` key. A container whose
  image a Dockerfile of the scan builds (``__built_from``) makes the image depend on that
  Dockerfile's final stage.
- docker-compose: a ``compose.service`` with ``image`` (docs/graph/buildconfig.md); a service the
  graph links to the Dockerfile that builds its image (``uses_image``) makes the image depend on
  that stage. A service with only ``build`` runs the Dockerfile's image, which is already an item.

A reference that is not valid or holds a variable docker compose takes from the environment
becomes the repository property ``bastion:unresolved-image`` (``<reference> at <path>:<line>``).
"""

from __future__ import annotations

from sbom.dockerfiles import stage_ref
from sbom.images import (
    ImageRef,
    image_from_parts,
    image_item,
    image_ref_id,
    parse_image,
)
from sbom.inventory import REPOSITORY_REF, Inventory, Occurrence
from scanner.model import Graph, Node

COMPOSE_KIND = "compose.service"


def collect_deployments(graph: Graph, inventory: Inventory) -> None:
    """Add the images Kubernetes workloads and docker-compose services run to ``inventory``."""
    stage_ids = {node.id for node in graph.nodes if node.kind == "dockerfile.stage"}
    uses_image: dict[str, list[str]] = {}
    for edge in graph.edges:
        if edge.relation == "uses_image" and edge.target in stage_ids:
            uses_image.setdefault(edge.source, []).append(edge.target)
    for node in graph.nodes:
        pod_spec = node.attrs.get("__pod_spec")
        if node.format == "kubernetes" and isinstance(pod_spec, dict):
            _add_containers(node, pod_spec, stage_ids, inventory)
        elif node.kind == COMPOSE_KIND and node.attrs.get("image") is not None:
            line = node.attr_lines.get("image", node.start_line)
            image = image_from_parts(node.attrs.get("image_ref"))
            _add_running_image(image, str(node.attrs.get("image")), node, line, f"service '{node.name}'", sorted(uses_image.get(node.id, [])), inventory)


def _add_containers(node: Node, pod_spec: dict, stage_ids: set[str], inventory: Inventory) -> None:
    """The images of one workload's containers."""
    namespace = node.attrs.get("__namespace")
    owner = f"{node.kind} {namespace}/{node.name}" if namespace else f"{node.kind} {node.name}"
    for container in pod_spec.get("__containers") or []:
        if not isinstance(container, dict) or not isinstance(container.get("image"), str):
            continue
        path = container.get("__path") if isinstance(container.get("__path"), str) else ""
        line = node.attr_lines.get(f"{path}.image") or node.attr_lines.get(path) or node.start_line
        built_from = [
            link["stage"]
            for link in container.get("__built_from") or []
            if isinstance(link, dict) and link.get("stage") in stage_ids
        ]
        context = f"{container.get('__source', 'containers')} '{container.get('name')}' of {owner}"
        raw = container["image"]
        _add_running_image(parse_image(raw), raw, node, line, context, sorted(set(built_from)), inventory)


def _add_running_image(
    image: ImageRef | None, raw: str, node: Node, line: int, context: str, stages: list[str], inventory: Inventory
) -> None:
    """One running image: an item the repository depends on, or an unresolved-image property."""
    if image is None:
        inventory.note("bastion:unresolved-image", f"{raw} at {node.path}:{line}")
        return
    inventory.add(image_item(image, Occurrence(node.path, line, context)))
    ref = image_ref_id(image)
    inventory.depend(REPOSITORY_REF, ref)
    inventory.depend(ref, *(stage_ref(stage) for stage in stages))
