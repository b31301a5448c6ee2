package bastion.lib.kubernetes_test

import data.bastion.lib.kubernetes as k8s
import rego.v1

_deployment := {
	"id": "k8s:apps/Deployment/shop/api", "kind": "Deployment", "name": "api",
	"attrs": {"__namespace": "shop"},
}

test_describe_namespaced if k8s.describe(_deployment) == "Deployment 'shop/api'"

test_describe_cluster_scoped if {
	k8s.describe({"kind": "ClusterRole", "name": "reader", "attrs": {"__namespace": null}}) == "ClusterRole 'reader'"
}

test_container_labels if {
	k8s.container_label({"name": "web", "__source": "containers"}) == "container 'web'"
	k8s.container_label({"name": "setup", "__source": "initContainers"}) == "init container 'setup'"
	k8s.container_label({"name": "dbg", "__source": "ephemeralContainers"}) == "ephemeral container 'dbg'"
	k8s.container_label({"__source": "containers"}) == "container '<unnamed>'"
	k8s.container_label({"name": 12, "__source": "containers"}) == "container '12'"
}

test_where if {
	k8s.where({"name": "web", "__source": "containers"}, _deployment) == "container 'web' of Deployment 'shop/api'"
}

test_is_linux if {
	k8s.is_linux({})
	k8s.is_linux({"os": {"name": "linux"}})
	not k8s.is_linux({"os": {"name": "windows"}})
}

_pod_spec := {"__path": "spec", "securityContext": {"runAsUser": 1000, "runAsNonRoot": true}}

test_security_setting_container_overrides_pod if {
	container := {"__path": "spec.containers[0]", "securityContext": {"runAsUser": 0}}
	k8s.security_setting(_pod_spec, container, "runAsUser") == {
		"value": 0, "attribute": "spec.containers[0].securityContext.runAsUser", "level": "container",
	}
}

test_security_setting_falls_back_to_pod if {
	container := {"__path": "spec.containers[0]", "securityContext": {"runAsUser": null}}
	k8s.security_setting(_pod_spec, container, "runAsUser") == {
		"value": 1000, "attribute": "spec.securityContext.runAsUser", "level": "pod",
	}
}

test_security_setting_unset if {
	not k8s.security_setting({"__path": "spec"}, {"__path": "spec.containers[0]"}, "runAsUser")
}

test_resource_quantity_request_from_limit if {
	k8s.resource_quantity({"resources": {"limits": {"cpu": "1"}}}, "requests", "cpu")
	not k8s.resource_quantity({"resources": {"requests": {"cpu": "1"}}}, "limits", "cpu")
}

test_limit_range_default if {
	limit_range := {"attrs": {"__namespace": "shop", "spec": {"limits": [{"type": "Container", "default": {"memory": "256Mi"}}]}}}
	k8s.limit_range_default("shop", "limits", "memory") with input as {"by_kind": {"LimitRange": [limit_range]}}
	k8s.limit_range_default("shop", "requests", "memory") with input as {"by_kind": {"LimitRange": [limit_range]}}
	not k8s.limit_range_default("other", "limits", "memory") with input as {"by_kind": {"LimitRange": [limit_range]}}
	not k8s.limit_range_default("shop", "limits", "cpu") with input as {"by_kind": {"LimitRange": [limit_range]}}
}

test_rule_matching if {
	rule := {"apiGroups": [""], "resources": ["pods/*", "secrets"], "verbs": ["get", "list"]}
	k8s.rule_has_resource(rule, "", "pods/exec")
	k8s.rule_has_resource(rule, "", "secrets")
	not k8s.rule_has_resource(rule, "apps", "secrets")
	not k8s.rule_has_resource(rule, "", "configmaps")
	k8s.rule_has_verb(rule, {"list"})
	not k8s.rule_has_verb(rule, {"create"})
	k8s.rule_has_verb({"verbs": ["*"]}, {"create"})
	k8s.rule_has_resource({"apiGroups": ["*"], "resources": ["*/exec"]}, "", "pods/exec")
}

test_grants_everything if {
	k8s.grants_everything([{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])
	not k8s.grants_everything([{"apiGroups": [""], "resources": ["*"], "verbs": ["*"]}])
}

test_granted_role_default_cluster_role if {
	binding := {"id": "b", "attrs": {"roleRef": {"kind": "ClusterRole", "name": "edit"}}}
	role := k8s.granted_role(binding) with input as {"edges_from": {}}
	role.label == "ClusterRole 'edit'"
	role.id == null
}

test_granted_role_from_edge if {
	binding := {"id": "b", "attrs": {"roleRef": {"kind": "Role", "name": "reader"}}}
	role_node := {"id": "r", "kind": "Role", "name": "reader", "attrs": {"__namespace": "shop", "rules": [{"verbs": ["get"]}]}}
	scan := {"edges_from": {"b": [{"source": "b", "target": "r", "relation": "binds_role"}]}, "by_id": {"r": role_node}}
	k8s.granted_role(binding) == {"label": "Role 'shop/reader'", "rules": [{"verbs": ["get"]}], "id": "r"} with input as scan
}

test_service_account_subjects if {
	binding := {"attrs": {"__namespace": "shop", "subjects": [
		{"kind": "User", "name": "alice"},
		{"kind": "ServiceAccount", "name": "api"},
		{"kind": "ServiceAccount", "name": "ci", "namespace": "build"},
		{"kind": "Group", "name": "system:serviceaccounts:shop"},
		{"kind": "Group", "name": "developers"},
	]}}
	k8s.service_account_subjects(binding) == ["Group 'system:serviceaccounts:shop'", "ServiceAccount 'build/ci'", "ServiceAccount 'shop/api'"]
}

test_capability_names if {
	k8s.capability("cap_sys_admin") == "SYS_ADMIN"
	k8s.capability("NET_RAW") == "NET_RAW"
	not k8s.capability(7)
}

test_capability_sets_are_disjoint if count(k8s.baseline_capabilities & k8s.dangerous_capabilities) == 0

test_host_path_volumes if {
	pod_spec := {"__path": "spec", "volumes": [
		{"name": "data", "emptyDir": {}},
		{"name": "root", "hostPath": {"path": "//"}},
		{"name": "logs", "hostPath": {"path": "/var/log/"}},
	]}
	k8s.host_path_volumes(pod_spec) == [
		{"name": "root", "path": "/", "attribute": "spec.volumes[1].hostPath.path"},
		{"name": "logs", "path": "/var/log", "attribute": "spec.volumes[2].hostPath.path"},
	]
}

test_long_running if {
	k8s.long_running({"kind": "Deployment", "attrs": {"__pod_spec": {}}})
	k8s.long_running({"kind": "Pod", "attrs": {"__pod_spec": {"restartPolicy": "Always"}}})
	not k8s.long_running({"kind": "Pod", "attrs": {"__pod_spec": {"restartPolicy": "Never"}}})
	not k8s.long_running({"kind": "CronJob", "attrs": {"__pod_spec": {}}})
	not k8s.long_running({"kind": "ConfigMap", "attrs": {}})
}

test_binding_scope if {
	k8s.binding_scope({"kind": "ClusterRoleBinding", "attrs": {"__namespace": null}}) == "in every namespace"
	k8s.binding_scope({"kind": "RoleBinding", "attrs": {"__namespace": "shop"}}) == "in namespace 'shop'"
}

test_subject_labels if {
	binding := {"attrs": {"__namespace": "shop", "subjects": [
		{"kind": "User", "name": "alice"},
		{"kind": "ServiceAccount", "name": "api"},
		{"kind": "Group", "name": "system:masters"},
	]}}
	k8s.subject_labels(binding) == ["Group 'system:masters'", "ServiceAccount 'shop/api'", "User 'alice'"]
}

test_granted_verbs if {
	rules := [
		{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get"]},
		{"apiGroups": [""], "resources": ["secrets"], "verbs": ["list"], "resourceNames": ["one"]},
		{"apiGroups": ["*"], "resources": ["*"], "verbs": ["watch"]},
	]
	k8s.granted_verbs(rules, "", "secrets", {"get", "list", "watch"}) == ["get", "watch"]
	k8s.granted_verbs(rules, "", "pods/exec", {"create"}) == []
}
