# METADATA
# title: GKE cluster nodes have public IP addresses
# description: >-
#   Unless private nodes are enabled, every GKE node gets an external IP address, so the
#   kubelet, NodePort services and anything a pod binds on the host network are one firewall
#   mistake away from the internet, and node traffic leaves without a controlled egress path.
#   Private nodes only have internal addresses and reach the internet through Cloud NAT.
#   Severity MEDIUM: the VPC firewall still filters inbound traffic, but the nodes are
#   directly addressable. Reports google_container_cluster resources without a
#   `private_cluster_config` block or whose `enable_private_nodes` is not true. Values that
#   cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/concepts/private-cluster-concept
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#enable_private_nodes
# custom:
#   id: TF207
#   name: gke-public-nodes
#   severity: MEDIUM
#   remediation: >-
#     Add `private_cluster_config { enable_private_nodes = true master_ipv4_cidr_block =
#     "172.16.0.0/28" }` and a Cloud NAT for egress; the cluster has to be recreated.
#   aliases:
#     - CKV_GCP_25
#     - CKV_GCP_64
#     - AVD-GCP-0059
#     - 6ccb85d7-0420-4907-9380-50313f80946b
#   targets: [terraform]
package bastion.rules.tf207

import data.bastion.lib
import data.bastion.lib.gcp
import rego.v1

deny contains finding if {
	some cluster in _clusters
	some i, config in cluster.attrs.private_cluster_config
	gcp.known_block(config)
	not gcp.is_true(object.get(config, "enable_private_nodes", false))
	not lib.is_unknown(object.get(config, "enable_private_nodes", false))
	finding := {
		"resource": cluster.id,
		"attribute": sprintf("private_cluster_config[%d].enable_private_nodes", [i]),
		"msg": sprintf("GKE cluster %s gives its nodes public IP addresses (private_cluster_config does not enable private nodes)", [cluster.name]),
	}
}

deny contains finding if {
	some cluster in _clusters
	object.get(cluster.attrs, "private_cluster_config", []) == []
	not lib.attribute_unknown(cluster, "private_cluster_config")
	finding := {
		"resource": cluster.id,
		"msg": sprintf("GKE cluster %s gives its nodes public IP addresses (no private_cluster_config block)", [cluster.name]),
	}
}

_clusters := object.get(input.by_kind, "google_container_cluster", [])
