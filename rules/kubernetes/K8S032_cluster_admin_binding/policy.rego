# METADATA
# title: Binding grants cluster-admin
# description: >-
#   A ClusterRoleBinding or RoleBinding to the cluster-admin ClusterRole, or to a role of the
#   scan that grants every verb on every resource of every API group, gives its subjects
#   unrestricted power: across the cluster, or over the whole namespace for a RoleBinding,
#   including every Secret and the RBAC that could stop them. The bound role is found across
#   files through the graph (binding to role). Severity HIGH: any compromise of a subject is a
#   compromise of everything it can reach.
# related_resources:
#   - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege
# custom:
#   id: K8S032
#   name: cluster-admin-binding
#   severity: HIGH
#   remediation: >-
#     Bind a role that lists only the resources and verbs the subject needs; keep cluster-admin
#     for break-glass human access, granted on demand rather than in manifests.
#   aliases:
#     - KSV111
#     - 249328b8-5f0f-409f-b1dd-029f07882e11
#     - cluster-admin-role-binding
#     - clusterrolebindingClusterAdmin
#   targets: [kubernetes]
package bastion.rules.k8s032

import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some binding in k8s.bindings
	role := k8s.granted_role(binding)
	k8s.grants_everything(role.rules)
	subjects := k8s.subject_labels(binding)
	count(subjects) > 0
	finding := {
		"resource": binding.id,
		"attribute": "roleRef",
		"msg": sprintf(
			"%s grants every permission %s (%s) to %s",
			[k8s.describe(binding), k8s.binding_scope(binding), role.label, concat(", ", subjects)],
		),
	}
}
