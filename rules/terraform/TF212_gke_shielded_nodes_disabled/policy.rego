# METADATA
# title: GKE cluster has Shielded GKE Nodes disabled
# description: >-
#   Shielded GKE Nodes give each node a verifiable identity and boot integrity (Secure Boot
#   and vTPM), which stops an attacker who steals a node's bootstrap credentials, for example
#   from the metadata server of a compromised pod, from impersonating the node to the control
#   plane and reading the secrets of every pod scheduled there. Severity MEDIUM: it takes a
#   first compromise to exploit, but then widens it to the whole node. Reports
#   google_container_cluster resources with `enable_shielded_nodes = false` (the default is
#   true). A value that cannot be known statically is not reported.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/shielded-gke-nodes
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#enable_shielded_nodes
# custom:
#   id: TF212
#   name: gke-shielded-nodes-disabled
#   severity: MEDIUM
#   remediation: >-
#     Remove `enable_shielded_nodes = false` (the default is true), and keep
#     `shielded_instance_config { enable_secure_boot = true }` in node pools.
#   aliases:
#     - CKV_GCP_71
#     - AVD-GCP-0055
#   targets: [terraform]
package bastion.rules.tf212

import data.bastion.lib.gcp
import rego.v1

deny contains finding if {
	some cluster in object.get(input.by_kind, "google_container_cluster", [])
	gcp.is_false(cluster.attrs.enable_shielded_nodes)
	finding := {
		"resource": cluster.id,
		"attribute": "enable_shielded_nodes",
		"msg": sprintf("GKE cluster %s has Shielded GKE Nodes disabled (enable_shielded_nodes = false)", [cluster.name]),
	}
}
