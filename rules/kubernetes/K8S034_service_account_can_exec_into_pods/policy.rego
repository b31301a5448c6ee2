# METADATA
# title: Binding lets a service account exec into pods
# description: >-
#   A binding that gives a ServiceAccount (or the system:serviceaccounts groups) create on
#   pods/exec or pods/attach, or get or create on nodes/proxy (the kubelet API, which also
#   runs commands in containers), lets a pod running as that account execute commands inside
#   other pods of the binding's scope, with their identities, mounted Secrets and network
#   access. Severity HIGH: it turns one compromised pod into all of them. The binding, its
#   role (found across files through the graph, or one of Kubernetes' default admin and edit
#   ClusterRoles) and its subjects are read together; a binding whose role grants everything
#   is reported by K8S032 instead.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/
# custom:
#   id: K8S034
#   name: service-account-can-exec-into-pods
#   severity: HIGH
#   remediation: >-
#     Remove pods/exec, pods/attach and nodes/proxy from the role bound to the service
#     account; debugging access belongs to humans, granted on demand.
#   aliases:
#     - CKV2_K8S_2
#     - KSV053
#     - clusterrolePodExecAttach
#   targets: [kubernetes]
package bastion.rules.k8s034

import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some binding in k8s.bindings
	accounts := k8s.service_account_subjects(binding)
	count(accounts) > 0
	role := k8s.granted_role(binding)
	not k8s.grants_everything(role.rules)
	grants := [sprintf("%s on %s", [concat(", ", grant.verbs), grant.resource]) | some grant in _grant_list(role.rules)]
	count(grants) > 0
	finding := {
		"resource": binding.id,
		"attribute": "roleRef",
		"msg": sprintf(
			"%s lets %s run commands in other pods %s through %s (%s)",
			[k8s.describe(binding), concat(", ", accounts), k8s.binding_scope(binding), role.label, concat("; ", sort(grants))],
		),
	}
}

_grant_list(rules) := [grant | some check in _checks; grant := _check(rules, check)]

_check(rules, check) := {"resource": check.resource, "verbs": verbs} if {
	verbs := k8s.granted_verbs(rules, check.group, check.resource, check.verbs)
	count(verbs) > 0
}

_checks := [
	{"group": "", "resource": "pods/exec", "verbs": {"create"}},
	{"group": "", "resource": "pods/attach", "verbs": {"create"}},
	{"group": "", "resource": "nodes/proxy", "verbs": {"get", "create"}},
]
