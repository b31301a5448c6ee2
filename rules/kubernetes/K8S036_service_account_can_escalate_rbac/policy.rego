# METADATA
# title: Binding lets a service account escalate RBAC permissions
# description: >-
#   RBAC normally stops a subject from creating or editing roles and bindings that give more
#   than it already has. The escalate verb on roles or clusterroles lifts that check for
#   editing roles, and the bind verb lifts it for creating bindings to them; a ServiceAccount
#   (or the system:serviceaccounts groups) holding either can grant itself any permission, up
#   to cluster-admin. Severity HIGH: it is a direct path to full control. The binding, its
#   role (found across files through the graph, or one of Kubernetes' default admin and edit
#   ClusterRoles) and its subjects are read together; a binding whose role grants everything
#   is reported by K8S032 instead.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/
# custom:
#   id: K8S036
#   name: service-account-can-escalate-rbac
#   severity: HIGH
#   remediation: >-
#     Remove escalate and bind from the role bound to the service account; if a controller
#     must manage RBAC, limit bind with resourceNames to the roles it hands out.
#   aliases:
#     - CKV2_K8S_1
#     - CKV_K8S_157
#     - CKV_K8S_158
#   targets: [kubernetes]
package bastion.rules.k8s036

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
			"%s lets %s grant itself more permissions %s through %s (%s)",
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
	{"group": "rbac.authorization.k8s.io", "resource": "roles", "verbs": {"escalate", "bind"}},
	{"group": "rbac.authorization.k8s.io", "resource": "clusterroles", "verbs": {"escalate", "bind"}},
]
