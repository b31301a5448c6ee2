# METADATA
# title: GKE control plane endpoint accepts connections from any address
# description: >-
#   A GKE cluster whose control plane has a public endpoint and no master authorized networks
#   accepts API server connections from every internet address: anyone can attempt
#   authentication, exploit API server vulnerabilities, or use a leaked kubeconfig or token
#   from anywhere. Severity HIGH: the API server controls every workload of the cluster.
#   Reports google_container_cluster resources without a `master_authorized_networks_config`
#   block, unless the public endpoint is off (`private_cluster_config.enable_private_endpoint
#   = true`, or `control_plane_endpoints_config.ip_endpoints_config.enabled = false`). Values
#   that cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks
#   - https://cloud.google.com/kubernetes-engine/docs/concepts/network-isolation
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#master_authorized_networks_config
# custom:
#   id: TF209
#   name: gke-control-plane-unrestricted
#   severity: HIGH
#   remediation: >-
#     Add `master_authorized_networks_config { cidr_blocks { cidr_block = "<admin CIDR>" } }`
#     for the networks that administer the cluster (CI included), or turn the public endpoint
#     off with `private_cluster_config { enable_private_endpoint = true }`.
#   aliases:
#     - CKV_GCP_20
#     - AVD-GCP-0061
#   targets: [terraform]
package bastion.rules.tf209

import data.bastion.lib
import data.bastion.lib.gcp
import rego.v1

deny contains finding if {
	some cluster in object.get(input.by_kind, "google_container_cluster", [])
	object.get(cluster.attrs, "master_authorized_networks_config", []) == []
	not _public_endpoint_off(cluster)
	every path in ["master_authorized_networks_config", "private_cluster_config", "control_plane_endpoints_config"] {
		not lib.attribute_unknown(cluster, path)
	}
	finding := {
		"resource": cluster.id,
		"msg": sprintf("GKE cluster %s lets any address reach its control plane (public endpoint without master_authorized_networks_config)", [cluster.name]),
	}
}

_public_endpoint_off(cluster) if {
	some config in cluster.attrs.private_cluster_config
	gcp.is_true(config.enable_private_endpoint)
}

_public_endpoint_off(cluster) if {
	some config in cluster.attrs.control_plane_endpoints_config
	some endpoint in config.ip_endpoints_config
	gcp.is_false(endpoint.enabled)
}
