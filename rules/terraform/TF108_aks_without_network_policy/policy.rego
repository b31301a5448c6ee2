# METADATA
# title: AKS cluster has no network policy engine
# description: >-
#   Kubernetes NetworkPolicy objects only take effect when the cluster runs a network policy
#   engine (Azure, Calico or Cilium). Without one every pod can reach every other pod and
#   service in the cluster, so one compromised workload can probe databases, the metadata of
#   other namespaces and internal APIs, and NetworkPolicies written by teams are silently
#   ignored. The engine is chosen when the cluster is created. Severity MEDIUM: it removes
#   the network layer of defence inside the cluster. Checks `network_profile.network_policy`
#   of azurerm_kubernetes_cluster; a cluster without a `network_profile` block (kubenet
#   without policy) is reported too. Values that cannot be known statically are not
#   reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/aks/use-network-policies
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster#network_policy
# custom:
#   id: TF108
#   name: aks-without-network-policy
#   severity: MEDIUM
#   remediation: >-
#     Add `network_profile { network_plugin = "azure" network_policy = "azure" }` (or
#     "calico", or "cilium" with `network_data_plane = "cilium"`), then write NetworkPolicies
#     that deny traffic by default.
#   aliases:
#     - CKV_AZURE_7
#     - AVD-AZU-0043
#   targets: [terraform]
package bastion.rules.tf108

import data.bastion.lib
import data.bastion.lib.azure
import rego.v1

deny contains finding if {
	some cluster in _clusters
	some i, profile in cluster.attrs.network_profile
	azure.known_block(profile)
	object.get(profile, "network_policy", null) == null
	finding := {
		"resource": cluster.id,
		"attribute": sprintf("network_profile[%d]", [i]),
		"msg": sprintf("AKS cluster %s has no network policy engine (network_profile sets no network_policy), so NetworkPolicies are not enforced", [cluster.name]),
	}
}

deny contains finding if {
	some cluster in _clusters
	object.get(cluster.attrs, "network_profile", []) == []
	not lib.attribute_unknown(cluster, "network_profile")
	finding := {
		"resource": cluster.id,
		"msg": sprintf("AKS cluster %s has no network policy engine (no network_profile block), so NetworkPolicies are not enforced", [cluster.name]),
	}
}

_clusters := object.get(input.by_kind, "azurerm_kubernetes_cluster", [])
