# METADATA
# title: GKE cluster does not enforce NetworkPolicies
# description: >-
#   Kubernetes NetworkPolicy objects only take effect when the cluster enforces them, through
#   the Calico network policy add-on or GKE Dataplane V2. Without enforcement every pod can
#   reach every other pod and service, so one compromised workload can probe databases and
#   internal APIs, and NetworkPolicies written by teams are silently ignored. Severity
#   MEDIUM: it removes the network layer of defence inside the cluster. Passes when
#   `network_policy.enabled = true`, `datapath_provider = "ADVANCED_DATAPATH"` (Dataplane V2
#   always enforces policies) or `enable_autopilot = true`; reports other
#   google_container_cluster resources. Values that cannot be known statically are not
#   reported.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/network-policy
#   - https://cloud.google.com/kubernetes-engine/docs/concepts/dataplane-v2
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#network_policy
# custom:
#   id: TF211
#   name: gke-without-network-policy
#   severity: MEDIUM
#   remediation: >-
#     Set `datapath_provider = "ADVANCED_DATAPATH"` (Dataplane V2) on new clusters, or enable
#     `network_policy { enabled = true provider = "CALICO" }` together with
#     `addons_config { network_policy_config { disabled = false } }`.
#   aliases:
#     - CKV_GCP_12
#     - AVD-GCP-0056
#     - 11e7550e-c4b6-472e-adff-c698f157cdd7
#   targets: [terraform]
package bastion.rules.tf211

import data.bastion.lib
import data.bastion.lib.gcp
import rego.v1

deny contains finding if {
	some cluster in _unenforced_clusters
	some i, policy in cluster.attrs.network_policy
	gcp.is_false(policy.enabled)
	finding := {
		"resource": cluster.id,
		"attribute": sprintf("network_policy[%d].enabled", [i]),
		"msg": sprintf("GKE cluster %s does not enforce NetworkPolicies (network_policy.enabled = false, without Dataplane V2)", [cluster.name]),
	}
}

deny contains finding if {
	some cluster in _unenforced_clusters
	object.get(cluster.attrs, "network_policy", []) == []
	finding := {
		"resource": cluster.id,
		"msg": sprintf("GKE cluster %s does not enforce NetworkPolicies (no network_policy block and no Dataplane V2)", [cluster.name]),
	}
}

_unenforced_clusters contains cluster if {
	some cluster in object.get(input.by_kind, "google_container_cluster", [])
	not _dataplane_v2(cluster)
	not gcp.is_true(object.get(cluster.attrs, "enable_autopilot", false))
	every path in ["network_policy", "datapath_provider", "enable_autopilot"] {
		not lib.attribute_unknown(cluster, path)
	}
}

_dataplane_v2(cluster) if {
	is_string(cluster.attrs.datapath_provider)
	upper(cluster.attrs.datapath_provider) == "ADVANCED_DATAPATH"
}
