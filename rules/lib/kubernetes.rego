# METADATA
# title: Shared helpers for the Kubernetes rules
# description: >-
#   Helpers the K8S rules of the pack share: naming a resource and a container in messages,
#   the effective value of a security setting (a container's securityContext overrides the
#   pod's), namespace defaults from LimitRanges, host paths, capabilities, and RBAC
#   matching (which rules grant a verb on a resource, which role a binding grants, which
#   service accounts receive it). Import with `import data.bastion.lib.kubernetes as k8s`.
package bastion.lib.kubernetes

import data.bastion.lib
import rego.v1

# describe(node) names a Kubernetes object in a message: "Deployment 'shop/api'", or
# "ClusterRole 'reader'" for a cluster-scoped object.
describe(node) := sprintf("%s '%s/%s'", [node.kind, node.attrs.__namespace, node.name]) if {
	is_string(node.attrs.__namespace)
} else := sprintf("%s '%s'", [node.kind, node.name])

# container_label(container) names a container of a pod spec by where it comes from:
# "container 'web'", "init container 'setup'", "ephemeral container 'debug'".
container_label(container) := sprintf("%s '%s'", [_container_word(container.__source), container_name(container)])

_container_word("initContainers") := "init container"

_container_word("ephemeralContainers") := "ephemeral container"

_container_word(source) := "container" if not source in {"initContainers", "ephemeralContainers"}

# container_name(container) is the container's name (a non-string name as its JSON text), or
# "<unnamed>" when it has none.
container_name(container) := container.name if {
	is_string(container.name)
} else := sprintf("%v", [container.name]) if {
	container.name != null
} else := "<unnamed>"

# where(container, node) is "container 'web' of Deployment 'shop/api'", the usual message subject.
where(container, node) := sprintf("%s of %s", [container_label(container), describe(node)])

# is_linux(pod_spec) is true unless the pod declares spec.os.name: windows (the Linux-only
# securityContext controls do not apply to Windows pods).
is_linux(pod_spec) if not pod_spec.os.name == "windows"

# security_setting(pod_spec, container, key) is the effective value of a securityContext field
# that exists at both levels (runAsNonRoot, runAsUser, runAsGroup, seccompProfile...), with the
# attribute path where it is written: {"value": v, "attribute": path, "level": "container"|"pod"}.
# The container's own value wins; undefined when neither level sets it (null counts as unset).
security_setting(pod_spec, container, key) := {
	"value": container.securityContext[key],
	"attribute": sprintf("%s.securityContext.%s", [container.__path, key]),
	"level": "container",
} if {
	container.securityContext[key] != null
} else := {
	"value": pod_spec.securityContext[key],
	"attribute": sprintf("%s.securityContext.%s", [pod_spec.__path, key]),
	"level": "pod",
} if {
	pod_spec.securityContext[key] != null
}

# list_or_empty(x) is x when it is a list, else [] (guards iteration over malformed values).
list_or_empty(x) := x if is_array(x) else := []

# limit_range_default(namespace, field, resource) is true when a LimitRange of the scan in that
# namespace gives containers a default for resource ("cpu", "memory"): field "limits" reads
# `default`, field "requests" reads `defaultRequest` or else `default` (Kubernetes copies a
# default limit into a missing request).
limit_range_default(namespace, field, resource) if {
	some limit_range in object.get(input.by_kind, "LimitRange", [])
	limit_range.attrs.__namespace == namespace
	some item in list_or_empty(limit_range.attrs.spec.limits)
	item.type == "Container"
	some key in _limit_range_keys[field]
	item[key][resource] != null
}

_limit_range_keys := {"limits": ["default"], "requests": ["defaultRequest", "default"]}

# resource_quantity(container, field, resource) is true when the container sets
# resources.<field>.<resource> (field "limits" or "requests"), or, for requests, a limit that
# Kubernetes copies into the missing request.
resource_quantity(container, field, resource) if container.resources[field][resource] != null

resource_quantity(container, "requests", resource) if container.resources.limits[resource] != null

# capability(name) is a Linux capability name as Kubernetes compares them: upper case,
# without a CAP_ prefix ("cap_sys_admin" -> "SYS_ADMIN"); undefined for a non-string.
capability(name) := trim_prefix(upper(name), "CAP_") if is_string(name)

# baseline_capabilities are the capabilities the Pod Security Standards baseline lets a
# container add (the container runtimes' default set, without NET_RAW).
baseline_capabilities := {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
	"NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
}

# dangerous_capabilities give control over the node, its kernel, its network or other
# processes: adding one is close to running privileged.
dangerous_capabilities := {
	"ALL", "BPF", "DAC_READ_SEARCH", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE",
	"NET_ADMIN", "NET_RAW", "PERFMON", "SYSLOG", "SYS_ADMIN", "SYS_BOOT", "SYS_MODULE",
	"SYS_PTRACE", "SYS_RAWIO", "SYS_TIME",
}

# host_path_volumes(pod_spec) lists the pod's hostPath volumes as {"name", "path",
# "attribute"}: the host path normalized (trailing slashes removed, "/" kept) and the attribute
# path of its hostPath.path.
host_path_volumes(pod_spec) := [volume |
	some index, entry in list_or_empty(pod_spec.volumes)
	is_string(entry.hostPath.path)
	volume := {
		"name": object.get(entry, "name", "<unnamed>"),
		"path": normalized_host_path(entry.hostPath.path),
		"attribute": sprintf("%s.volumes[%d].hostPath.path", [pod_spec.__path, index]),
	}
]

# normalized_host_path(path) is path without trailing slashes ("/" stays "/").
normalized_host_path(path) := normalized if {
	trimmed := trim_right(path, "/")
	normalized := _root_if_empty(trimmed)
}

_root_if_empty("") := "/"

_root_if_empty(path) := path if path != ""

# long_running(node) is true for a workload whose pods are meant to keep running (a Deployment,
# StatefulSet, DaemonSet, ReplicaSet...), false for Jobs, CronJobs and pods whose
# restartPolicy is Never or OnFailure.
long_running(node) if {
	pod_spec := node.attrs.__pod_spec
	not node.kind in {"Job", "CronJob"}
	not pod_spec.restartPolicy in {"Never", "OnFailure"}
}

# --- RBAC ---------------------------------------------------------------------------------

# rule_has_verb(rule, verbs) is true when the PolicyRule grants one of verbs (a set), or "*".
rule_has_verb(rule, verbs) if {
	some verb in list_or_empty(rule.verbs)
	verb in verbs
}

rule_has_verb(rule, _) if "*" in list_or_empty(rule.verbs)

# rule_has_resource(rule, group, resource) is true when the PolicyRule covers resource
# ("secrets", "pods/exec") of API group ("" for core): "*" and "<resource>/*" and
# "*/<subresource>" match as Kubernetes RBAC matches them.
rule_has_resource(rule, group, resource) if {
	_group_matches(rule, group)
	some granted in list_or_empty(rule.resources)
	_resource_matches(granted, resource)
}

_group_matches(rule, group) if {
	some granted in list_or_empty(rule.apiGroups)
	granted in {group, "*"}
}

_resource_matches("*", _) := true

_resource_matches(granted, resource) if granted == resource

_resource_matches(granted, resource) if {
	parts := split(resource, "/")
	count(parts) == 2
	granted in {sprintf("%s/*", [parts[0]]), sprintf("*/%s", [parts[1]])}
}

# grants_everything(rules) is true when a list of PolicyRules grants every verb on every
# resource of every API group: the power of cluster-admin.
grants_everything(rules) if {
	some rule in list_or_empty(rules)
	"*" in list_or_empty(rule.verbs)
	"*" in list_or_empty(rule.resources)
	"*" in list_or_empty(rule.apiGroups)
}

# The parts of Kubernetes' default ClusterRoles that the RBAC rules of the pack look at, used
# when a binding names one of them and the scan does not define it (cluster-admin: everything;
# admin and edit: reading Secrets, exec/attach into pods, impersonating service accounts).
default_cluster_roles := {
	"cluster-admin": [
		{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]},
		{"nonResourceURLs": ["*"], "verbs": ["*"]},
	],
	"admin": _namespace_editor_rules,
	"edit": _namespace_editor_rules,
}

_namespace_editor_rules := [
	{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]},
	{"apiGroups": [""], "resources": ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy"], "verbs": ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]},
	{"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["impersonate"]},
]

# granted_role(binding) is the role a (Cluster)RoleBinding grants, as {"label", "rules", "id"}:
# the Role or ClusterRole of the scan it is bound to through a binds_role edge (id is its node
# id), else a default ClusterRole by name (id null); undefined when the role is unknown.
granted_role(binding) := role if {
	some edge in lib.edges_from(binding.id)
	edge.relation == "binds_role"
	node := input.by_id[edge.target]
	role := {"label": describe(node), "rules": list_or_empty(node.attrs.rules), "id": node.id}
} else := role if {
	binding.attrs.roleRef.kind == "ClusterRole"
	rules := default_cluster_roles[binding.attrs.roleRef.name]
	role := {"label": sprintf("ClusterRole '%s'", [binding.attrs.roleRef.name]), "rules": rules, "id": null}
}

# service_account_subjects(binding) is the sorted list of the binding's subjects that are
# workload identities: ServiceAccounts ("ServiceAccount 'ns/name'") and the groups holding
# service accounts (system:serviceaccounts, system:serviceaccounts:<ns>).
service_account_subjects(binding) := sort([label |
	some subject in list_or_empty(binding.attrs.subjects)
	label := _service_account_label(subject, binding)
])

_service_account_label(subject, binding) := sprintf("ServiceAccount '%s/%s'", [namespace, subject.name]) if {
	subject.kind == "ServiceAccount"
	namespace := object.get(subject, "namespace", binding.attrs.__namespace)
	is_string(namespace)
}

_service_account_label(subject, _) := sprintf("Group '%s'", [subject.name]) if {
	subject.kind == "Group"
	is_string(subject.name)
	regex.match(`^system:serviceaccounts(:.+)?$`, subject.name)
}

# bindings is the set of RoleBindings and ClusterRoleBindings of the scan.
bindings contains binding if {
	some kind in ["RoleBinding", "ClusterRoleBinding"]
	some binding in object.get(input.by_kind, kind, [])
}

# binding_scope(binding) says where a binding's permissions apply: "in every namespace" for a
# ClusterRoleBinding, "in namespace '<ns>'" for a RoleBinding.
binding_scope(binding) := "in every namespace" if binding.kind == "ClusterRoleBinding"

binding_scope(binding) := sprintf("in namespace '%s'", [binding.attrs.__namespace]) if {
	binding.kind != "ClusterRoleBinding"
	is_string(binding.attrs.__namespace)
}

# subject_labels(binding) is the sorted list of all the binding's subjects as
# "<Kind> '<namespace>/<name>'" (ServiceAccounts) or "<Kind> '<name>'" (users and groups).
subject_labels(binding) := sort([label |
	some subject in list_or_empty(binding.attrs.subjects)
	is_string(subject.name)
	label := _subject_label(subject, binding)
])

_subject_label(subject, binding) := label if {
	label := _service_account_label(subject, binding)
} else := sprintf("%s '%s'", [object.get(subject, "kind", "subject"), subject.name])

# granted_verbs(rules, group, resource, verbs) is the sorted list of the verbs (a subset of
# verbs, a set) that a list of PolicyRules grants on resource of API group; "*" grants them all.
# Rules limited to resourceNames are left out: they grant access to named objects only.
granted_verbs(rules, group, resource, verbs) := sort([verb |
	some verb in verbs
	some rule in list_or_empty(rules)
	is_object(rule)
	count(list_or_empty(object.get(rule, "resourceNames", []))) == 0
	rule_has_resource(rule, group, resource)
	rule_has_verb(rule, {verb})
])
