"""Graph -> inventory: run every collector over the graph of one scan.

The order does not matter for the result (items merge by bom-ref and everything is sorted when
written); Dockerfiles come first so the images and manifests that refer to their stages find
them. Items nothing depends on yet are finally attached to the repository, so the dependency graph
is complete.
"""

from __future__ import annotations

from sbom.deployments import collect_deployments
from sbom.dockerfiles import collect_dockerfiles
from sbom.helm import collect_helm
from sbom.inventory import REPOSITORY_REF, Inventory
from sbom.terraform import collect_terraform
from scanner.model import Graph


def collect_inventory(graph: Graph, repository_name: str) -> Inventory:
    """Everything ``graph`` says the repository is made of, as an :class:`Inventory`."""
    inventory = Inventory(repository_name=repository_name)
    inventory.dependencies[REPOSITORY_REF] = set()
    collect_dockerfiles(graph, inventory)
    collect_deployments(graph, inventory)
    collect_terraform(graph, inventory)
    collect_helm(graph, inventory)
    inventory.attach_orphans()
    return inventory
