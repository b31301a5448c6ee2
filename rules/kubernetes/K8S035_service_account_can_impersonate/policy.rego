# METADATA
# title: Binding lets a service account impersonate users, groups or service accounts
# description: >-
#   The impersonate verb on users, groups, serviceaccounts, uids or userextras lets a client
#   act as any of those identities, including system:masters or a cluster-admin user, so a
#   ServiceAccount (or the system:serviceaccounts groups) holding it can reach every
#   permission of the identities it may impersonate. Severity HIGH: it bypasses RBAC's
#   escalation checks altogether. The binding, its role (found across files through the graph,
#   or one of Kubernetes' default admin and edit ClusterRoles) and its subjects are read
#   together; a binding whose role grants everything is reported by K8S032 instead.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/
# custom:
#   id: K8S035
#   name: service-account-can-impersonate
#   severity: HIGH
#   remediation: >-
#     Remove the impersonate verb from the role bound to the service account, or restrict it
#     with resourceNames to the exact identities that are safe to assume.
#   aliases:
#     - CKV2_K8S_3
#     - KSV043
#   targets: [kubernetes]
package bastion.rules.k8s035

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
			"%s lets %s impersonate other identities %s through %s (%s)",
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
	{"group": "", "resource": "users", "verbs": {"impersonate"}},
	{"group": "", "resource": "groups", "verbs": {"impersonate"}},
	{"group": "", "resource": "serviceaccounts", "verbs": {"impersonate"}},
	{"group": "authentication.k8s.io", "resource": "uids", "verbs": {"impersonate"}},
	{"group": "authentication.k8s.io", "resource": "userextras/scopes", "verbs": {"impersonate"}},
]
