"""One normalized pod spec for every pod-bearing kind, so one rule covers them all.

Where the pod spec sits depends on the kind: ``spec`` (Pod), ``template.spec`` (PodTemplate),
``spec.template.spec`` (Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController,
Job, and the common look-alikes Argo Rollout and OpenShift DeploymentConfig) and
``spec.jobTemplate.spec.template.spec`` (CronJob). :func:`normalize_pod_spec` returns a shallow
copy of it with:

- ``__path``: the attribute path of the pod spec in the object;
- ``__pod_labels``: the labels its pods get (the template's ``metadata.labels``; a Pod's own);
- ``__containers``: containers, initContainers and ephemeralContainers in one list, each a shallow
  copy with ``__source`` (the list it came from) and ``__path`` (e.g.
  ``spec.template.spec.initContainers[0]``), so a finding can point at
  ``<__path>.securityContext.privileged`` and find its line in the node's ``attr_lines``.

A pod spec that is absent gives an empty normalized spec (no containers); a wrong shape on the way
to it, or in a container list, is a :class:`ManifestProblem` naming the attribute path.
"""

from __future__ import annotations

from typing import Any

from scanner.parsers.kubernetes.problems import ManifestProblem, describe_type

CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")

_POD = ("spec",)
_POD_TEMPLATE = ("template", "spec")
_TEMPLATE = ("spec", "template", "spec")
_JOB_TEMPLATE = ("spec", "jobTemplate", "spec", "template", "spec")

#: (API group, kind) -> path of the pod spec inside the object.
POD_SPEC_PATHS: dict[tuple[str, str], tuple[str, ...]] = {
    ("core", "Pod"): _POD,
    ("core", "PodTemplate"): _POD_TEMPLATE,
    ("core", "ReplicationController"): _TEMPLATE,
    ("apps", "Deployment"): _TEMPLATE,
    ("apps", "StatefulSet"): _TEMPLATE,
    ("apps", "DaemonSet"): _TEMPLATE,
    ("apps", "ReplicaSet"): _TEMPLATE,
    ("extensions", "Deployment"): _TEMPLATE,
    ("extensions", "DaemonSet"): _TEMPLATE,
    ("extensions", "ReplicaSet"): _TEMPLATE,
    ("batch", "Job"): _TEMPLATE,
    ("batch", "CronJob"): _JOB_TEMPLATE,
    ("argoproj.io", "Rollout"): _TEMPLATE,
    ("apps.openshift.io", "DeploymentConfig"): _TEMPLATE,
}


def pod_spec_path(group: str, kind: str) -> tuple[str, ...] | None:
    """Where the pod spec of this kind sits, or None when the kind bears no pods."""
    return POD_SPEC_PATHS.get((group, kind))


def _dotted(parts: tuple[str, ...]) -> str:
    return ".".join(parts)


def _mapping_at(obj: dict[str, Any], parts: tuple[str, ...]) -> dict[str, Any]:
    """The mapping at ``parts`` ({} when absent or null); a non-mapping is a problem."""
    current: Any = obj
    for depth in range(len(parts)):
        current = current.get(parts[depth])
        if current is None:
            return {}
        if not isinstance(current, dict):
            path = _dotted(parts[: depth + 1])
            raise ManifestProblem(f"{path} must be a mapping, found {describe_type(current)}", attr_path=path)
    return current


def _containers(spec: dict[str, Any], spec_path: str) -> list[dict[str, Any]]:
    """The tagged copies of every container of ``spec`` (see the module docstring)."""
    tagged: list[dict[str, Any]] = []
    for source in CONTAINER_LISTS:
        entries = spec.get(source)
        list_path = f"{spec_path}.{source}"
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise ManifestProblem(
                f"{list_path} must be a list, found {describe_type(entries)}", attr_path=list_path
            )
        for index, container in enumerate(entries):
            path = f"{list_path}[{index}]"
            if not isinstance(container, dict):
                raise ManifestProblem(f"{path} must be a mapping, found {describe_type(container)}", attr_path=path)
            copy = dict(container)
            copy["__source"] = source
            copy["__path"] = path
            tagged.append(copy)
    return tagged


def normalize_pod_spec(obj: dict[str, Any], spec_parts: tuple[str, ...]) -> dict[str, Any]:
    """The normalized pod spec of ``obj`` found at ``spec_parts`` (see the module docstring)."""
    spec = _mapping_at(obj, spec_parts)
    labels_parts = spec_parts[:-1] + ("metadata", "labels") if len(spec_parts) > 1 else ("metadata", "labels")
    labels = _mapping_at(obj, labels_parts)
    spec_path = _dotted(spec_parts)
    normalized = dict(spec)
    normalized["__path"] = spec_path
    normalized["__pod_labels"] = labels
    normalized["__containers"] = _containers(spec, spec_path)
    return normalized
