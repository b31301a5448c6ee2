"""Node IDs: groups, namespaces, cluster scope, generated and missing names, duplicates."""

from __future__ import annotations

from scanner.parsers.kubernetes.identity import api_group, is_kubernetes_api_version


def test_api_group_of_api_versions():
    assert api_group("v1") == "core"
    assert api_group("apps/v1") == "apps"
    assert api_group("networking.k8s.io/v1") == "networking.k8s.io"
    assert api_group("rbac.authorization.k8s.io/v1") == "rbac.authorization.k8s.io"


def test_kubernetes_api_versions():
    for api_version in ("v1", "apps/v1", "batch/v1beta1", "policy/v1", "networking.k8s.io/v1", "cert-manager.io/v1"):
        assert is_kubernetes_api_version(api_version), api_version
    for api_version in ("v2", "v1beta1", "skaffold/v4beta11", "kustomize/v1", "/v1", "apps/", "a.b/c/v1", ""):
        assert not is_kubernetes_api_version(api_version), api_version


def test_cluster_scoped_generated_and_unnamed_ids(parse):
    result = parse("cluster_scoped.yaml")
    assert result.errors == []
    assert [(node.id, node.name, node.attrs["__namespace"]) for node in result.payload] == [
        ("k8s:core/Namespace/-/shop", "shop", None),
        ("k8s:rbac.authorization.k8s.io/ClusterRole/-/admin", "admin", None),
        ("k8s:storage.k8s.io/StorageClass/-/fast", "fast", None),
        ("k8s:core/Pod/default/worker-*", "worker-*", "default"),
        ("k8s:core/ConfigMap/default/<unnamed-25>", "<unnamed-25>", "default"),
    ]


def test_custom_kind_declared_cluster_scoped_by_a_crd_in_the_scan(scan):
    outcome = scan("custom_scope.yaml")
    assert [(node.id, node.attrs["__namespace"]) for node in outcome.nodes] == [
        ("k8s:apiextensions.k8s.io/CustomResourceDefinition/-/clusterissuers.cert-manager.io", None),
        ("k8s:cert-manager.io/ClusterIssuer/-/letsencrypt", None),
    ]


def test_custom_kind_without_its_crd_is_namespaced(parse):
    [issuer] = [node for node in parse("custom_scope.yaml").payload if node.kind == "ClusterIssuer"]
    assert issuer.id == "k8s:cert-manager.io/ClusterIssuer/default/letsencrypt"


def test_duplicate_ids_get_path_and_line_suffix_in_order(scan):
    outcome = scan("duplicates/second.yaml", "duplicates/first.yaml")
    assert [(node.id, node.path, node.start_line) for node in outcome.nodes] == [
        ("k8s:core/ConfigMap/default/settings", "duplicates/first.yaml", 1),
        ("k8s:core/ConfigMap/default/settings@duplicates/first.yaml:6", "duplicates/first.yaml", 6),
        ("k8s:core/ConfigMap/default/settings@duplicates/second.yaml:1", "duplicates/second.yaml", 1),
    ]
