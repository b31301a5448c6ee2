# METADATA
# title: RBAC role grants a wildcard verb or resource
# description: >-
#   A Role or ClusterRole rule with "*" in verbs or resources grants every present and future
#   verb or resource of its API groups: reading Secrets, exec into pods, escalate and bind on
#   roles, and whatever a CRD adds later, none of which the author listed. Each rule entry is
#   reported once, on its verbs when they hold "*", else on its resources. A "*" in apiGroups
#   alone, with named resources and verbs, is not reported. Severity HIGH: wildcards are the
#   usual way a role silently becomes admin-equivalent.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
# custom:
#   id: K8S031
#   name: rbac-wildcard-permission
#   severity: HIGH
#   remediation: >-
#     List the exact resources and verbs the subject needs (for example resources: ["pods"],
#     verbs: ["get", "list", "watch"]) instead of "*".
#   aliases:
#     - CKV_K8S_49
#     - KSV044
#     - KSV045
#     - KSV046
#     - 6b896afb-ca07-467a-b256-1a0077a1c08e
#     - wildcard-in-rules
#   targets: [kubernetes]
package bastion.rules.k8s031

import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some role in _roles
	some index, rule in k8s.list_or_empty(role.attrs.rules)
	"*" in k8s.list_or_empty(rule.verbs)
	finding := {
		"resource": role.id,
		"attribute": sprintf("rules[%d].verbs", [index]),
		"msg": sprintf("%s grants every verb (*) on %s", [k8s.describe(role), _resources(rule)]),
	}
}

deny contains finding if {
	some role in _roles
	some index, rule in k8s.list_or_empty(role.attrs.rules)
	verbs := k8s.list_or_empty(rule.verbs)
	count(verbs) > 0
	not "*" in verbs
	"*" in k8s.list_or_empty(rule.resources)
	finding := {
		"resource": role.id,
		"attribute": sprintf("rules[%d].resources", [index]),
		"msg": sprintf(
			"%s grants %s on every resource (*) of the API groups %s",
			[k8s.describe(role), _list(verbs), _groups(rule)],
		),
	}
}

_roles contains role if {
	some kind in ["Role", "ClusterRole"]
	some role in object.get(input.by_kind, kind, [])
}

_resources(rule) := "every resource (*)" if "*" in k8s.list_or_empty(rule.resources)

_resources(rule) := sprintf("resources %s", [_list(rule.resources)]) if {
	not "*" in k8s.list_or_empty(rule.resources)
	count(k8s.list_or_empty(rule.resources)) > 0
}

_resources(rule) := sprintf("non-resource URLs %s", [_list(rule.nonResourceURLs)]) if {
	count(k8s.list_or_empty(object.get(rule, "resources", []))) == 0
}

_groups(rule) := _list([_group_name(group) | some group in rule.apiGroups]) if {
	count(k8s.list_or_empty(rule.apiGroups)) > 0
} else := "(none listed)"

_group_name("") := "core"

_group_name(group) := group if group != ""

_list(values) := concat(", ", [sprintf("%v", [value]) | some value in k8s.list_or_empty(values)])
