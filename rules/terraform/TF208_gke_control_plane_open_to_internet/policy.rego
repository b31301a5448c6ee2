# METADATA
# title: GKE control plane authorizes every internet address
# description: >-
#   Master authorized networks restrict which addresses may reach the GKE control plane's
#   public endpoint; listing 0.0.0.0/0 there turns the restriction off while looking
#   configured. Anyone can then attempt authentication, use a leaked kubeconfig or token, or
#   exploit API server vulnerabilities from anywhere. Severity HIGH: the API server controls
#   every workload of the cluster. Checks the `cidr_blocks` of
#   `master_authorized_networks_config` in google_container_cluster. Values that cannot be
#   known statically are not reported.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/authorized-networks
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#master_authorized_networks_config
# custom:
#   id: TF208
#   name: gke-control-plane-open-to-internet
#   severity: HIGH
#   remediation: >-
#     Replace the 0.0.0.0/0 entry with the CIDR blocks of your administrators' and CI
#     networks, or disable the public endpoint (`enable_private_endpoint = true`).
#   aliases:
#     - CKV_GCP_18
#     - AVD-GCP-0053
#   targets: [terraform]
package bastion.rules.tf208

import data.bastion.lib.gcp
import rego.v1

deny contains finding if {
	some cluster in object.get(input.by_kind, "google_container_cluster", [])
	some i, config in cluster.attrs.master_authorized_networks_config
	some j, block in config.cidr_blocks
	gcp.internet_cidr(block.cidr_block)
	finding := {
		"resource": cluster.id,
		"attribute": sprintf("master_authorized_networks_config[%d].cidr_blocks[%d].cidr_block", [i, j]),
		"msg": sprintf("GKE cluster %s lets any address reach its control plane (authorized network %s)", [cluster.name, block.cidr_block]),
	}
}
