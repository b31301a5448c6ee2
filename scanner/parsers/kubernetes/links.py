"""Edges between the Kubernetes nodes of one scan (they may come from different files).

An edge is only made to a node that exists, and only within one namespace, except where the
target is cluster-scoped (a ClusterRole) or the reference names its namespace (a binding's
subject). Relations (source -> target):

- ``selects``: Service -> each workload whose pod labels match ``spec.selector`` (no or an empty
  selector selects nothing); NetworkPolicy -> each workload matched by ``spec.podSelector`` (empty
  selects every workload of its namespace); PodDisruptionBudget -> each workload matched by
  ``spec.selector``.
- ``scales``: HorizontalPodAutoscaler -> its ``spec.scaleTargetRef``.
- ``binds_role``: RoleBinding / ClusterRoleBinding -> the Role or ClusterRole of ``roleRef``.
- ``binds_subject``: binding -> each ServiceAccount subject (namespace from the subject, else
  the RoleBinding's).
- ``uses_service_account``: workload -> ``serviceAccountName`` (or the deprecated
  ``serviceAccount``), else the namespace's ``default`` ServiceAccount when that node exists.
- ``uses_config_map`` / ``uses_secret`` / ``uses_pvc``: workload -> what its volumes (also
  projected sources), ``envFrom``, ``env[].valueFrom`` and ``imagePullSecrets`` reference.
- ``routes_to``: Ingress -> Service of every rule path backend and the default backend
  (``service.name`` in networking.k8s.io/v1, ``serviceName`` in v1beta1).

A workload is a node with a normalized pod spec (``attrs.__pod_spec``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scanner.model import Edge, Node
from scanner.parsers.kubernetes.identity import CLUSTER_NAMESPACE, api_group
from scanner.parsers.kubernetes.selectors import matches_label_selector, matches_map_selector

RBAC = "rbac.authorization.k8s.io"
NETWORKING_GROUPS = ("networking.k8s.io", "extensions")
Key = tuple[str, str, str, str]


def _get(value: Any, *keys: str) -> Any:
    """The value at ``keys`` inside nested mappings, or None when any step is missing."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _entries(value: Any) -> list[dict[str, Any]]:
    """The mapping items of a list (anything else gives nothing)."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


class NodeIndex:
    """Looks nodes up by (group, kind, namespace, name); the first by (path, line) wins."""

    def __init__(self, nodes: list[Node]) -> None:
        self.by_key: dict[Key, str] = {}
        self.by_kind_name: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
        self.workloads: dict[str, list[Node]] = {}
        for node in nodes:
            group = api_group(str(node.attrs.get("apiVersion", "")))
            namespace = node.attrs.get("__namespace") or CLUSTER_NAMESPACE
            name = _get(node.attrs, "metadata", "name")
            if isinstance(name, str):
                self.by_key.setdefault((group, node.kind, namespace, name), node.id)
                self.by_kind_name.setdefault((node.kind, namespace, name), []).append((group, node.id))
            if isinstance(node.attrs.get("__pod_spec"), dict):
                self.workloads.setdefault(namespace, []).append(node)

    def find(self, group: str, kind: str, namespace: str | None, name: Any) -> str | None:
        """The id of the named node, or None."""
        if not isinstance(name, str) or not name:
            return None
        return self.by_key.get((group, kind, namespace or CLUSTER_NAMESPACE, name))

    def find_any_group(self, kind: str, namespace: str | None, name: Any) -> str | None:
        """The id of a node of ``kind`` named ``name`` in any API group (first by group name)."""
        if not isinstance(name, str):
            return None
        matches = self.by_kind_name.get((kind, namespace or CLUSTER_NAMESPACE, name))
        return min(matches)[1] if matches else None


def _selected(node: Node, index: NodeIndex) -> Iterator[str]:
    """Ids of the workloads a Service, NetworkPolicy or PodDisruptionBudget selects."""
    group = api_group(str(node.attrs.get("apiVersion", "")))
    spec = node.attrs.get("spec")
    candidates = index.workloads.get(node.attrs.get("__namespace") or CLUSTER_NAMESPACE, [])
    for workload in candidates:
        labels = workload.attrs["__pod_spec"].get("__pod_labels") or {}
        if node.kind == "Service" and group == "core":
            matched = matches_map_selector(_get(spec, "selector"), labels)
        elif node.kind == "NetworkPolicy" and group in NETWORKING_GROUPS:
            matched = isinstance(spec, dict) and matches_label_selector(spec.get("podSelector"), labels)
        elif node.kind == "PodDisruptionBudget" and group == "policy":
            selector = _get(spec, "selector")
            empty_all = node.attrs.get("apiVersion") == "policy/v1"
            matched = selector is not None and matches_label_selector(selector, labels, empty_all)
        else:
            return
        if matched:
            yield workload.id


def _binding_edges(node: Node, index: NodeIndex) -> Iterator[Edge]:
    """``binds_role`` and ``binds_subject`` edges of a RoleBinding or ClusterRoleBinding."""
    namespace = node.attrs.get("__namespace")
    role_ref = node.attrs.get("roleRef")
    role_kind, role_name = _get(role_ref, "kind"), _get(role_ref, "name")
    if role_kind == "ClusterRole":
        target = index.find(RBAC, "ClusterRole", None, role_name)
    elif role_kind == "Role" and node.kind == "RoleBinding":
        target = index.find(RBAC, "Role", namespace, role_name)
    else:
        target = None
    if target:
        yield Edge(node.id, target, "binds_role")
    for subject in _entries(node.attrs.get("subjects")):
        if subject.get("kind") != "ServiceAccount":
            continue
        subject_namespace = subject.get("namespace") or namespace
        if isinstance(subject_namespace, str):
            target = index.find("core", "ServiceAccount", subject_namespace, subject.get("name"))
            if target:
                yield Edge(node.id, target, "binds_subject")


def _pod_references(pod_spec: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    """(relation, kind, name) of everything a normalized pod spec references by name."""
    account = pod_spec.get("serviceAccountName") or pod_spec.get("serviceAccount") or "default"
    yield "uses_service_account", "ServiceAccount", account
    for volume in _entries(pod_spec.get("volumes")):
        yield "uses_config_map", "ConfigMap", _get(volume, "configMap", "name")
        yield "uses_secret", "Secret", _get(volume, "secret", "secretName")
        yield "uses_pvc", "PersistentVolumeClaim", _get(volume, "persistentVolumeClaim", "claimName")
        for source in _entries(_get(volume, "projected", "sources")):
            yield "uses_config_map", "ConfigMap", _get(source, "configMap", "name")
            yield "uses_secret", "Secret", _get(source, "secret", "name")
    for pull_secret in _entries(pod_spec.get("imagePullSecrets")):
        yield "uses_secret", "Secret", pull_secret.get("name")
    for container in pod_spec.get("__containers", []):
        for source in _entries(container.get("envFrom")):
            yield "uses_config_map", "ConfigMap", _get(source, "configMapRef", "name")
            yield "uses_secret", "Secret", _get(source, "secretRef", "name")
        for variable in _entries(container.get("env")):
            yield "uses_config_map", "ConfigMap", _get(variable, "valueFrom", "configMapKeyRef", "name")
            yield "uses_secret", "Secret", _get(variable, "valueFrom", "secretKeyRef", "name")


def _ingress_services(spec: Any) -> Iterator[Any]:
    """Service names an Ingress spec routes to (v1 and v1beta1 backends)."""
    backends = [_get(spec, "defaultBackend"), _get(spec, "backend")]
    for rule in _entries(_get(spec, "rules")):
        backends.extend(_get(path, "backend") for path in _entries(_get(rule, "http", "paths")))
    for backend in backends:
        yield _get(backend, "service", "name")
        yield _get(backend, "serviceName")


def _edges_of(node: Node, index: NodeIndex) -> Iterator[Edge]:
    """Every edge that starts at ``node``."""
    group = api_group(str(node.attrs.get("apiVersion", "")))
    namespace = node.attrs.get("__namespace")
    if node.kind in ("Service", "NetworkPolicy", "PodDisruptionBudget"):
        yield from (Edge(node.id, target, "selects") for target in _selected(node, index))
    elif node.kind in ("RoleBinding", "ClusterRoleBinding") and group == RBAC:
        yield from _binding_edges(node, index)
    elif node.kind == "Ingress" and group in NETWORKING_GROUPS:
        for name in _ingress_services(node.attrs.get("spec")):
            target = index.find("core", "Service", namespace, name)
            if target:
                yield Edge(node.id, target, "routes_to")
    elif node.kind == "HorizontalPodAutoscaler" and group == "autoscaling":
        ref = _get(node.attrs, "spec", "scaleTargetRef")
        kind, name, version = _get(ref, "kind"), _get(ref, "name"), _get(ref, "apiVersion")
        if isinstance(kind, str):
            if isinstance(version, str):
                target = index.find(api_group(version), kind, namespace, name)
            else:
                target = index.find_any_group(kind, namespace, name)
            if target:
                yield Edge(node.id, target, "scales")
    pod_spec = node.attrs.get("__pod_spec")
    if isinstance(pod_spec, dict):
        for relation, kind, name in _pod_references(pod_spec):
            target = index.find("core", kind, namespace, name)
            if target:
                yield Edge(node.id, target, relation)


def build_edges(nodes: list[Node]) -> list[Edge]:
    """All edges among ``nodes`` (ordered by path and line, ids final), sorted and de-duplicated."""
    index = NodeIndex(nodes)
    edges: set[Edge] = set()
    for node in nodes:
        edges.update(_edges_of(node, index))
    return sorted(edges)
