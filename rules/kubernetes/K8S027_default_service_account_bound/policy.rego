# METADATA
# title: Role is bound to a namespace's default ServiceAccount
# description: >-
#   Every pod that names no ServiceAccount runs as its namespace's `default` one. A
#   RoleBinding or ClusterRoleBinding that grants permissions to `default` therefore hands
#   them to every such pod, present and future, including ones that never needed them.
#   Severity MEDIUM: the risk is a silent widening of access whose size depends on the bound
#   role.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/
# custom:
#   id: K8S027
#   name: default-service-account-bound
#   severity: MEDIUM
#   remediation: >-
#     Create a dedicated ServiceAccount for the workload that needs the permissions, bind the
#     role to it, and set serviceAccountName on that workload's pod spec.
#   aliases:
#     - CKV_K8S_42
#   targets: [kubernetes]
package bastion.rules.k8s027

import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some binding in k8s.bindings
	some index, subject in k8s.list_or_empty(binding.attrs.subjects)
	subject.kind == "ServiceAccount"
	subject.name == "default"
	namespace := object.get(subject, "namespace", binding.attrs.__namespace)
	is_string(namespace)
	role_ref := object.get(binding.attrs, "roleRef", {})
	finding := {
		"resource": binding.id,
		"attribute": sprintf("subjects[%d]", [index]),
		"msg": sprintf(
			"%s grants %s '%s' to the default ServiceAccount of namespace '%s', so every pod there that names no ServiceAccount gets it",
			[k8s.describe(binding), object.get(role_ref, "kind", "role"), object.get(role_ref, "name", "<unnamed>"), namespace],
		),
	}
}
