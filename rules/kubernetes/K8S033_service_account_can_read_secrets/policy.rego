# METADATA
# title: Binding lets a service account read Secrets
# description: >-
#   A binding that gives a ServiceAccount (or the system:serviceaccounts groups) get, list or
#   watch on Secrets lets every pod running as that account read every Secret in the binding's
#   scope: database passwords, API keys, other accounts' tokens. A compromised pod then
#   escalates to whatever those credentials open; list and watch return the values too, not
#   just the names. Rules limited to resourceNames are not reported. Severity HIGH: it is the
#   most common RBAC escalation path from one pod to many systems. The binding, its role
#   (found across files through the graph, or one of Kubernetes' default admin and edit
#   ClusterRoles) and its subjects are read together; a binding whose role grants everything
#   is reported by K8S032 instead.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#privilege-escalation-risks
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/
# custom:
#   id: K8S033
#   name: service-account-can-read-secrets
#   severity: HIGH
#   remediation: >-
#     Grant get on the specific Secrets the workload needs (resourceNames: [...]), or mount
#     those Secrets as volumes and drop the RBAC permission entirely.
#   aliases:
#     - CKV2_K8S_5
#     - KSV041
#     - b7bca5c4-1dab-4c2c-8cbe-3050b9d59b14
#     - access-to-secrets
#   targets: [kubernetes]
package bastion.rules.k8s033

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
			"%s lets %s read Secrets %s through %s (%s)",
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
	{"group": "", "resource": "secrets", "verbs": {"get", "list", "watch"}},
]
