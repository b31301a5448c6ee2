"""Edges across files: selects, scales, bindings, service accounts, volumes, env, ingress."""

from __future__ import annotations

from scanner.model import Edge

API = "k8s:apps/Deployment/shop/api"
MIGRATE = "k8s:batch/Job/shop/migrate"


def test_every_relation_across_two_files(scan):
    outcome = scan("linked/workloads.yaml", "linked/access.yaml")
    edges = {(edge.source, edge.target, edge.relation) for edge in outcome.edges}
    assert edges == {
        ("k8s:core/Service/shop/api", API, "selects"),
        ("k8s:networking.k8s.io/NetworkPolicy/shop/backend", API, "selects"),
        ("k8s:networking.k8s.io/NetworkPolicy/shop/default-deny", API, "selects"),
        ("k8s:networking.k8s.io/NetworkPolicy/shop/default-deny", MIGRATE, "selects"),
        ("k8s:policy/PodDisruptionBudget/shop/api", API, "selects"),
        ("k8s:autoscaling/HorizontalPodAutoscaler/shop/api", API, "scales"),
        ("k8s:networking.k8s.io/Ingress/shop/shop", "k8s:core/Service/shop/api", "routes_to"),
        ("k8s:networking.k8s.io/Ingress/shop/shop", "k8s:core/Service/shop/external", "routes_to"),
        ("k8s:extensions/Ingress/shop/legacy", "k8s:core/Service/shop/api", "routes_to"),
        (
            "k8s:rbac.authorization.k8s.io/RoleBinding/shop/api-reader",
            "k8s:rbac.authorization.k8s.io/Role/shop/reader",
            "binds_role",
        ),
        (
            "k8s:rbac.authorization.k8s.io/RoleBinding/shop/api-reader",
            "k8s:core/ServiceAccount/shop/api",
            "binds_subject",
        ),
        (
            "k8s:rbac.authorization.k8s.io/ClusterRoleBinding/-/api-node-viewer",
            "k8s:rbac.authorization.k8s.io/ClusterRole/-/node-viewer",
            "binds_role",
        ),
        (
            "k8s:rbac.authorization.k8s.io/ClusterRoleBinding/-/api-node-viewer",
            "k8s:core/ServiceAccount/shop/api",
            "binds_subject",
        ),
        (API, "k8s:core/ServiceAccount/shop/api", "uses_service_account"),
        (MIGRATE, "k8s:core/ServiceAccount/shop/default", "uses_service_account"),
        (API, "k8s:core/ConfigMap/shop/api-config", "uses_config_map"),
        (API, "k8s:core/ConfigMap/shop/ca-bundle", "uses_config_map"),
        (API, "k8s:core/ConfigMap/shop/api-env", "uses_config_map"),
        (API, "k8s:core/ConfigMap/shop/api-mode", "uses_config_map"),
        (API, "k8s:core/Secret/shop/api-tls", "uses_secret"),
        (API, "k8s:core/Secret/shop/api-token", "uses_secret"),
        (API, "k8s:core/Secret/shop/api-env-secret", "uses_secret"),
        (API, "k8s:core/Secret/shop/db-credentials", "uses_secret"),
        (API, "k8s:core/Secret/shop/registry", "uses_secret"),
        (API, "k8s:core/PersistentVolumeClaim/shop/api-data", "uses_pvc"),
    }


def test_edges_are_sorted_unique_and_point_at_existing_nodes(scan):
    outcome = scan("linked/access.yaml", "linked/workloads.yaml")
    ids = {node.id for node in outcome.nodes}
    assert outcome.edges == sorted(set(outcome.edges))
    assert all(edge.source in ids and edge.target in ids for edge in outcome.edges)
    assert outcome.errors == []


def test_other_namespace_is_never_linked(scan):
    outcome = scan("linked/workloads.yaml", "linked/access.yaml")
    other = "k8s:apps/Deployment/other/api"
    assert [edge for edge in outcome.edges if other in (edge.source, edge.target)] == []


def test_edges_need_both_files(scan):
    outcome = scan("linked/workloads.yaml")
    assert outcome.edges == []


def test_hpa_without_api_version_finds_the_kind_in_any_group(scan, parse):
    from scanner.parsers.interface import ParseOptions
    from scanner.parsers.kubernetes import assemble

    workload = parse("w.yaml", "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\n")
    hpa = parse(
        "h.yaml",
        "apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: db}\n"
        "spec:\n  scaleTargetRef: {kind: StatefulSet, name: db}\n",
    )
    outcome = assemble([workload, hpa], ParseOptions(root="/"))
    assert outcome.edges == [
        Edge("k8s:autoscaling/HorizontalPodAutoscaler/default/db", "k8s:apps/StatefulSet/default/db", "scales")
    ]
