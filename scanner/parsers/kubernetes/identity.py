"""Stable, readable node IDs for Kubernetes objects.

An ID is ``k8s:<group>/<Kind>/<namespace>/<name>``:

- ``group`` is the apiVersion's API group, ``core`` for the legacy group (``v1``);
- ``namespace`` is ``metadata.namespace``, ``default`` when it is absent on a namespaced kind,
  and ``-`` for cluster-scoped kinds (the built-in ones below, and custom kinds that a
  CustomResourceDefinition in the same scan declares ``scope: Cluster``);
- ``name`` is ``metadata.name``, else ``metadata.generateName`` followed by ``*``, else
  ``<unnamed-<line>>`` with the object's first line.

Two objects of one scan with the same ID are told apart in ``assemble``: the later one (by path,
then line) gets ``@<path>:<line>`` appended.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from scanner.model import Node

CLUSTER_NAMESPACE = "-"
DEFAULT_NAMESPACE = "default"

#: Built-in kinds that are not namespaced (matched by kind alone).
CLUSTER_SCOPED_KINDS = frozenset(
    {
        "APIService",
        "CertificateSigningRequest",
        "ClusterRole",
        "ClusterRoleBinding",
        "ClusterTrustBundle",
        "ComponentStatus",
        "CSIDriver",
        "CSINode",
        "CustomResourceDefinition",
        "DeviceClass",
        "FlowSchema",
        "IngressClass",
        "IPAddress",
        "MutatingAdmissionPolicy",
        "MutatingAdmissionPolicyBinding",
        "MutatingWebhookConfiguration",
        "Namespace",
        "Node",
        "PersistentVolume",
        "PodSecurityPolicy",
        "PriorityClass",
        "PriorityLevelConfiguration",
        "ResourceSlice",
        "RuntimeClass",
        "SelfSubjectAccessReview",
        "SelfSubjectReview",
        "SelfSubjectRulesReview",
        "ServiceCIDR",
        "StorageClass",
        "StorageVersion",
        "StorageVersionMigration",
        "SubjectAccessReview",
        "TokenReview",
        "ValidatingAdmissionPolicy",
        "ValidatingAdmissionPolicyBinding",
        "ValidatingWebhookConfiguration",
        "VolumeAttachment",
        "VolumeAttributesClass",
    }
)


#: Built-in API groups whose name has no dot; every other group (CRDs included) has one.
GROUPS_WITHOUT_DOT = frozenset({"apps", "autoscaling", "batch", "extensions", "policy"})


def is_kubernetes_api_version(api_version: str) -> bool:
    """True when ``api_version`` can name a Kubernetes API: ``v1``, or ``<group>/<version>`` whose
    group is a built-in one or has a dot (as every CRD group must). ``skaffold/v4beta11`` and
    ``v2`` are other tools' config versions."""
    group, slash, version = api_version.rpartition("/")
    if not slash:
        return api_version == "v1"
    if not group or not version or "/" in group:
        return False
    return "." in group or group in GROUPS_WITHOUT_DOT


def api_group(api_version: str) -> str:
    """The API group of an apiVersion: ``apps/v1`` -> ``apps``, ``v1`` -> ``core``."""
    group, slash, _ = api_version.rpartition("/")
    return group if slash and group else "core"


def object_name(metadata: Mapping[str, Any], line: int) -> str:
    """The name part of an ID (see the module docstring); ``metadata`` is already validated."""
    name = metadata.get("name")
    if name:
        return name
    generate_name = metadata.get("generateName")
    if generate_name:
        return generate_name + "*"
    return f"<unnamed-{line}>"


def effective_namespace(kind: str, metadata: Mapping[str, Any], cluster_scoped: bool = False) -> str | None:
    """The namespace the object lives in, or None for a cluster-scoped object."""
    if cluster_scoped or kind in CLUSTER_SCOPED_KINDS:
        return None
    return metadata.get("namespace") or DEFAULT_NAMESPACE


def node_id(group: str, kind: str, namespace: str | None, name: str) -> str:
    """``k8s:<group>/<Kind>/<namespace or ->/<name>``."""
    return f"k8s:{group}/{kind}/{namespace or CLUSTER_NAMESPACE}/{name}"


def cluster_scoped_custom_kinds(nodes: Iterable[Node]) -> set[tuple[str, str]]:
    """``(group, kind)`` of every custom kind that a CRD among ``nodes`` declares cluster-scoped."""
    found: set[tuple[str, str]] = set()
    for node in nodes:
        if node.kind != "CustomResourceDefinition":
            continue
        spec = node.attrs.get("spec")
        if not isinstance(spec, dict) or spec.get("scope") != "Cluster":
            continue
        names = spec.get("names")
        group, kind = spec.get("group"), names.get("kind") if isinstance(names, dict) else None
        if isinstance(group, str) and isinstance(kind, str):
            found.add((group, kind))
    return found


def apply_custom_scopes(nodes: list[Node]) -> list[Node]:
    """Re-identify objects whose kind a CRD of the scan declares cluster-scoped (namespace ``-``)."""
    custom = cluster_scoped_custom_kinds(nodes)
    if not custom:
        return nodes
    result = []
    for node in nodes:
        group = api_group(str(node.attrs.get("apiVersion", "")))
        if (group, node.kind) in custom and node.attrs.get("__namespace") is not None:
            metadata = node.attrs.get("metadata") or {}
            attrs = dict(node.attrs)
            attrs["__namespace"] = None
            new_id = node_id(group, node.kind, None, object_name(metadata, node.start_line))
            node = replace(node, id=new_id, attrs=attrs)
        result.append(node)
    return result


def disambiguate_ids(nodes: list[Node]) -> list[Node]:
    """Return ``nodes`` ordered by (path, line), later duplicates suffixed ``@<path>:<line>``."""
    ordered = sorted(nodes, key=lambda node: (node.path, node.start_line, node.id))
    seen: set[str] = set()
    result = []
    for node in ordered:
        if node.id in seen:
            node = replace(node, id=f"{node.id}@{node.path}:{node.start_line}")
        seen.add(node.id)
        result.append(node)
    return result
