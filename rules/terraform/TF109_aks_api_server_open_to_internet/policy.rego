# METADATA
# title: AKS API server accepts connections from any address
# description: >-
#   A public AKS cluster without authorized IP ranges exposes its Kubernetes API server to
#   the whole internet: anyone can attempt authentication, exploit API server
#   vulnerabilities, or use a leaked kubeconfig or token from anywhere. Severity HIGH: the API
#   server is the control plane of every workload in the cluster. Reports public clusters
#   (not `private_cluster_enabled = true`) whose `api_server_access_profile.authorized_ip_ranges`
#   (or the azurerm v3 argument `api_server_authorized_ip_ranges`) is missing or empty, or
#   contains 0.0.0.0/0. Values that cannot be known statically are not reported.
# related_resources:
#   - https://learn.microsoft.com/en-us/azure/aks/api-server-authorized-ip-ranges
#   - https://learn.microsoft.com/en-us/azure/aks/private-clusters
#   - https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster#api_server_access_profile
# custom:
#   id: TF109
#   name: aks-api-server-open-to-internet
#   severity: HIGH
#   remediation: >-
#     Add `api_server_access_profile { authorized_ip_ranges = ["<office or VPN CIDR>", ...] }`
#     listing only the networks that administer the cluster (CI runners included), or make it
#     a private cluster with `private_cluster_enabled = true`.
#   aliases:
#     - CKV_AZURE_6
#     - AVD-AZU-0041
#   targets: [terraform]
package bastion.rules.tf109

import data.bastion.lib
import data.bastion.lib.azure
import rego.v1

# An authorized range that holds every address.
deny contains finding if {
	some cluster in _public_clusters
	some range in _authorized_ranges(cluster)
	range.value in {"0.0.0.0/0", "::/0"}
	finding := {
		"resource": cluster.id,
		"attribute": range.attribute,
		"msg": sprintf("AKS cluster %s lets any address reach its API server (authorized IP range %q)", [cluster.name, range.value]),
	}
}

# No authorized ranges at all.
deny contains finding if {
	some cluster in _public_clusters
	count(_authorized_ranges(cluster)) == 0
	not lib.attribute_unknown(cluster, "api_server_access_profile")
	not lib.attribute_unknown(cluster, "api_server_authorized_ip_ranges")
	finding := {
		"resource": cluster.id,
		"msg": sprintf("AKS cluster %s lets any address reach its API server (public cluster without authorized IP ranges)", [cluster.name]),
	}
}

_public_clusters contains cluster if {
	some cluster in object.get(input.by_kind, "azurerm_kubernetes_cluster", [])
	not azure.is_true(object.get(cluster.attrs, "private_cluster_enabled", false))
	not lib.attribute_unknown(cluster, "private_cluster_enabled")
}

_authorized_ranges(cluster) := {range |
	some i, profile in cluster.attrs.api_server_access_profile
	is_array(profile.authorized_ip_ranges)
	some j, value in profile.authorized_ip_ranges
	range := {"attribute": sprintf("api_server_access_profile[%d].authorized_ip_ranges[%d]", [i, j]), "value": value}
} | {range |
	is_array(cluster.attrs.api_server_authorized_ip_ranges)
	some j, value in cluster.attrs.api_server_authorized_ip_ranges
	range := {"attribute": sprintf("api_server_authorized_ip_ranges[%d]", [j]), "value": value}
}
