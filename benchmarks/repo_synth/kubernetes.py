"""Kubernetes manifests for the synthetic repository: multi-document files as teams write them.

Kinds of file, by weight: an application bundle (Deployment, Service, ConfigMap, and sometimes
an HPA, PodDisruptionBudget, NetworkPolicy or Ingress), a CronJob, RBAC (ServiceAccount, Role,
RoleBinding, sometimes cluster-wide), a StatefulSet with its headless Service, a DaemonSet, and
a Namespace with quota and limits. Documents are built as data and dumped with PyYAML, so every
file is valid YAML by construction.
"""

from __future__ import annotations

import random
from typing import Any

import yaml

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_REGISTRIES = ("ghcr.io/acme", "registry.example.com/platform", "123456789012.dkr.ecr.eu-west-1.amazonaws.com")
_PUBLIC_IMAGES = ("nginx:1.27.0", "redis:7.2-alpine", "postgres:16.3", "busybox:latest", "fluent/fluent-bit:3.0.4")

#: Kinds of workload file and their weights; each team directory also gets one "namespace" file.
FILE_KINDS = (("app", 50), ("cronjob", 17), ("rbac", 17), ("statefulset", 10), ("daemonset", 6))


def manifest_file(rng: random.Random, app: str, namespace: str, kind: str | None = None) -> str:
    """One multi-document manifest file for ``app`` in ``namespace``.

    ``kind`` is one of :data:`FILE_KINDS` or "namespace" (the Namespace with its quota and
    limits); None picks a workload kind by weight. Object names derive from ``app``, so distinct
    apps never produce clashing objects.
    """
    if kind is None:
        kind = rng.choices([k for k, _ in FILE_KINDS], weights=[w for _, w in FILE_KINDS])[0]
    builders = {"app": _app_bundle, "cronjob": _cronjob, "rbac": _rbac, "statefulset": _statefulset,
                "daemonset": _daemonset, "namespace": _namespace}
    documents = builders[kind](rng, app, namespace)
    header = f"# {app}: {kind} manifests, managed by the platform team.\n"
    body = "---\n".join(
        yaml.dump(doc, Dumper=_DUMPER, sort_keys=False, default_flow_style=False, width=4096) for doc in documents
    )
    return header + body


def _meta(name: str, namespace: str | None, app: str, **extra: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name}
    if namespace:
        meta["namespace"] = namespace
    meta["labels"] = {"app.kubernetes.io/name": app, "app.kubernetes.io/part-of": namespace or "cluster",
                      "app.kubernetes.io/managed-by": "kustomize"}
    meta.update(extra)
    return meta


def _image(rng: random.Random, app: str) -> str:
    if rng.random() < 0.1:
        return rng.choice(_PUBLIC_IMAGES)
    tag = "latest" if rng.random() < 0.15 else f"{rng.randint(1, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
    return f"{rng.choice(_REGISTRIES)}/{app}:{tag}"


def _container(rng: random.Random, app: str, name: str, port: int | None) -> dict[str, Any]:
    container: dict[str, Any] = {"name": name, "image": _image(rng, app)}
    if rng.random() < 0.3:
        container["imagePullPolicy"] = "Always"
    if port:
        container["ports"] = [{"name": "http", "containerPort": port, "protocol": "TCP"}]
    container["env"] = [
        {"name": "LOG_LEVEL", "value": rng.choice(["info", "debug", "warn"])},
        {"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": f"{app}-db", "key": "url"}}},
    ]
    container["envFrom"] = [{"configMapRef": {"name": f"{app}-config"}}]
    if rng.random() < 0.8:
        container["resources"] = {
            "requests": {"cpu": f"{rng.choice([50, 100, 250, 500])}m", "memory": f"{rng.choice([64, 128, 256])}Mi"},
            "limits": {"cpu": rng.choice(["500m", "1", "2"]), "memory": f"{rng.choice([256, 512, 1024])}Mi"},
        }
    if port and rng.random() < 0.7:
        probe = {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 10}
        container["readinessProbe"] = probe
        container["livenessProbe"] = {**probe, "initialDelaySeconds": 15}
    roll = rng.random()
    if roll < 0.6:
        container["securityContext"] = {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                        "runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}}
    elif roll < 0.7:
        container["securityContext"] = {"privileged": True}
    return container


def _pod_spec(rng: random.Random, app: str, port: int | None) -> dict[str, Any]:
    spec: dict[str, Any] = {"serviceAccountName": app}
    if rng.random() < 0.3:
        spec["initContainers"] = [{"name": "wait-for-db", "image": "busybox:1.36",
                                   "command": ["sh", "-c", f"until nc -z {app}-db 5432; do sleep 2; done"]}]
    spec["containers"] = [_container(rng, app, app, port)]
    if rng.random() < 0.25:
        spec["containers"].append(_container(rng, app, "metrics-sidecar", 9102))
    if rng.random() < 0.1:
        spec["hostNetwork"] = True
    spec["volumes"] = [{"name": "config", "configMap": {"name": f"{app}-config"}}, {"name": "tmp", "emptyDir": {}}]
    return spec


def _template(rng: random.Random, app: str, port: int | None) -> dict[str, Any]:
    return {"metadata": {"labels": {"app.kubernetes.io/name": app},
                         "annotations": {"prometheus.io/scrape": "true"}},
            "spec": _pod_spec(rng, app, port)}


def _configmap(rng: random.Random, app: str, namespace: str) -> dict[str, Any]:
    data = {"APP_NAME": app, "FEATURE_FLAGS": ",".join(rng.sample(["search", "beta", "cache", "audit"], 2)),
            "config.yaml": f"server:\n  port: 8080\n  timeout: {rng.randint(5, 60)}s\nlogging:\n  format: json\n"}
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": _meta(f"{app}-config", namespace, app), "data": data}


def _app_bundle(rng: random.Random, app: str, namespace: str) -> list[dict[str, Any]]:
    port = rng.choice([8080, 8000, 3000, 9000])
    selector = {"matchLabels": {"app.kubernetes.io/name": app}}
    docs: list[dict[str, Any]] = [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": _meta(app, namespace, app),
         "spec": {"replicas": rng.choice([1, 2, 3, 5]), "revisionHistoryLimit": 5, "selector": selector,
                  "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}},
                  "template": _template(rng, app, port)}},
        {"apiVersion": "v1", "kind": "Service", "metadata": _meta(app, namespace, app),
         "spec": {"type": rng.choice(["ClusterIP", "ClusterIP", "LoadBalancer", "NodePort"]),
                  "selector": {"app.kubernetes.io/name": app},
                  "ports": [{"name": "http", "port": 80, "targetPort": "http"}]}},
        _configmap(rng, app, namespace),
    ]
    if rng.random() < 0.5:
        docs.append({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                     "metadata": _meta(app, namespace, app),
                     "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": app},
                              "minReplicas": 2, "maxReplicas": rng.choice([5, 10, 20]),
                              "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {
                                  "type": "Utilization", "averageUtilization": 70}}}]}})
    if rng.random() < 0.3:
        docs.append({"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": _meta(app, namespace, app),
                     "spec": {"minAvailable": 1, "selector": selector}})
    if rng.random() < 0.3:
        docs.append({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                     "metadata": _meta(f"{app}-ingress", namespace, app),
                     "spec": {"podSelector": selector, "policyTypes": ["Ingress"],
                              "ingress": [{"from": [{"podSelector": {}}], "ports": [{"port": port}]}]}})
    if rng.random() < 0.2:
        docs.append({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": _meta(app, namespace, app),
                     "spec": {"ingressClassName": "nginx", "rules": [{"host": f"{app}.example.com", "http": {
                         "paths": [{"path": "/", "pathType": "Prefix", "backend": {
                             "service": {"name": app, "port": {"name": "http"}}}}]}}]}})
    return docs


def _cronjob(rng: random.Random, app: str, namespace: str) -> list[dict[str, Any]]:
    pod = _pod_spec(rng, app, None)
    pod["restartPolicy"] = "OnFailure"
    docs: list[dict[str, Any]] = [
        {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": _meta(app, namespace, app),
         "spec": {"schedule": f"{rng.randint(0, 59)} {rng.randint(0, 23)} * * *", "concurrencyPolicy": "Forbid",
                  "jobTemplate": {"spec": {"backoffLimit": 2, "template": {
                      "metadata": {"labels": {"app.kubernetes.io/name": app}}, "spec": pod}}}}},
    ]
    if rng.random() < 0.5:
        docs.append(_configmap(rng, app, namespace))
    return docs


def _rbac(rng: random.Random, app: str, namespace: str) -> list[dict[str, Any]]:
    rules = [{"apiGroups": [""], "resources": ["configmaps", "secrets"], "verbs": ["get", "list", "watch"]}]
    if rng.random() < 0.15:
        rules = [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}]
    subject = [{"kind": "ServiceAccount", "name": app, "namespace": namespace}]
    docs: list[dict[str, Any]] = [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(app, namespace, app),
         "automountServiceAccountToken": rng.random() < 0.5},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": _meta(app, namespace, app),
         "rules": rules},
        {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": _meta(app, namespace, app),
         "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": app}, "subjects": subject},
    ]
    if rng.random() < 0.3:
        role = "cluster-admin" if rng.random() < 0.2 else f"{namespace}-{app}-viewer"
        docs.append({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                     "metadata": _meta(f"{namespace}-{app}-viewer", None, app),
                     "rules": [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list"]}]})
        docs.append({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                     "metadata": _meta(f"{namespace}-{app}", None, app),
                     "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": role},
                     "subjects": subject})
    return docs


def _statefulset(rng: random.Random, app: str, namespace: str) -> list[dict[str, Any]]:
    return [
        {"apiVersion": "v1", "kind": "Service", "metadata": _meta(f"{app}-headless", namespace, app),
         "spec": {"clusterIP": "None", "selector": {"app.kubernetes.io/name": app},
                  "ports": [{"name": "tcp", "port": 5432}]}},
        {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": _meta(app, namespace, app),
         "spec": {"serviceName": f"{app}-headless", "replicas": 3,
                  "selector": {"matchLabels": {"app.kubernetes.io/name": app}},
                  "template": _template(rng, app, 5432),
                  "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
                      "accessModes": ["ReadWriteOnce"], "storageClassName": rng.choice(["gp3", "standard", "premium"]),
                      "resources": {"requests": {"storage": f"{rng.choice([10, 50, 100])}Gi"}}}}]}},
    ]


def _daemonset(rng: random.Random, app: str, namespace: str) -> list[dict[str, Any]]:
    template = _template(rng, app, None)
    template["spec"]["tolerations"] = [{"operator": "Exists"}]
    template["spec"]["volumes"].append({"name": "varlog", "hostPath": {"path": "/var/log"}})
    return [{"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": _meta(app, namespace, app),
             "spec": {"selector": {"matchLabels": {"app.kubernetes.io/name": app}}, "template": template}}]


def _namespace(rng: random.Random, app: str, namespace: str) -> list[dict[str, Any]]:
    return [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace, "labels": {
            "pod-security.kubernetes.io/enforce": rng.choice(["restricted", "baseline", "privileged"])}}},
        {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": _meta(f"{namespace}-quota", namespace, app),
         "spec": {"hard": {"requests.cpu": str(rng.choice([4, 8, 16])), "requests.memory": "32Gi", "pods": "100"}}},
        {"apiVersion": "v1", "kind": "LimitRange", "metadata": _meta(f"{namespace}-limits", namespace, app),
         "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "512Mi"},
                              "defaultRequest": {"cpu": "100m", "memory": "128Mi"}}]}},
    ]
