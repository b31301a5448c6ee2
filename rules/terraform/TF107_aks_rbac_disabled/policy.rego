# METADATA
# title: AKS cluster has Kubernetes RBAC disabled
# description: >-
#   Without Kubernetes role-based access control every authenticated user and service account
#   of an AKS cluster is effectively cluster-admin: there are no Roles or RoleBindings to
#   scope what a workload or a person may read or change, and RBAC cannot be turned on later
#   without recreating the cluster. Severity HIGH: one compromised pod token or kubeconfig
#   controls the whole cluster. Checks `role_based_access_control_enabled` (azurerm v3/v4,
#   default true) and the azurerm v2 block `role_based_access_control { enabled }`; only an
#   explicit false is reported, and a value that cannot be known statically is not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/aks/concepts-identity#kubernetes-rbac
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster#role_based_access_control_enabled
# custom:
#   id: TF107
#   name: aks-rbac-disabled
#   severity: HIGH
#   remediation: >-
#     Set `role_based_access_control_enabled = true` (or remove the argument) and, better,
#     add `azure_active_directory_role_based_access_control { azure_rbac_enabled = true }` so
#     access is granted to Azure AD identities; the cluster has to be recreated.
#   aliases:
#     - CKV_AZURE_5
#     - AVD-AZU-0042
#   targets: [terraform]
package bastion.rules.tf107

import data.bastion.lib.azure
import rego.v1

deny contains finding if {
	some cluster in object.get(input.by_kind, "azurerm_kubernetes_cluster", [])
	azure.is_false(cluster.attrs.role_based_access_control_enabled)
	finding := {
		"resource": cluster.id,
		"attribute": "role_based_access_control_enabled",
		"msg": sprintf("AKS cluster %s has Kubernetes RBAC disabled (role_based_access_control_enabled = false)", [cluster.name]),
	}
}

# azurerm v2: role_based_access_control { enabled = false }
deny contains finding if {
	some cluster in object.get(input.by_kind, "azurerm_kubernetes_cluster", [])
	some i, block in cluster.attrs.role_based_access_control
	azure.is_false(block.enabled)
	finding := {
		"resource": cluster.id,
		"attribute": sprintf("role_based_access_control[%d].enabled", [i]),
		"msg": sprintf("AKS cluster %s has Kubernetes RBAC disabled (role_based_access_control.enabled = false)", [cluster.name]),
	}
}
