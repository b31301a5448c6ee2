# METADATA
# title: Workload is not selected by any NetworkPolicy
# description: >-
#   Pods that no NetworkPolicy selects accept traffic from, and send traffic to, anything in the
#   cluster: one compromised pod can reach them directly. Severity MEDIUM: it does not expose the
#   workload outside the cluster by itself, but it removes the second line of defence. Decided
#   across files through the graph: a NetworkPolicy selects a workload when its podSelector
#   matches the workload's pod template labels in the same namespace (an empty podSelector
#   selects every workload of the namespace). Policies applied outside the repository (a
#   cluster-wide default deny) are not visible to the scan.
# related_resources:
#   - https://kubernetes.io/docs/concepts/services-networking/network-policies/
#   - https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
# custom:
#   id: K8S002
#   name: workload-without-network-policy
#   severity: MEDIUM
#   remediation: >-
#     Add a NetworkPolicy whose podSelector matches the workload's pod labels (or a default-deny
#     policy with an empty podSelector for the namespace) and allow only the traffic it needs.
#   aliases:
#     - CKV2_K8S_6
#     - 0401f71b-9c1e-4821-ab15-a955caa621be
#     - non-isolated-pod
#     - missingNetworkPolicy
#   targets: [kubernetes]
package bastion.rules.k8s002

import data.bastion.lib
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	workload.attrs.__pod_spec
	not _selected_by_network_policy(workload)
	finding := {
		"resource": workload.id,
		"msg": sprintf(
			"%s '%s' in namespace '%s' is not selected by any NetworkPolicy, so its pods accept all traffic",
			[workload.kind, workload.name, workload.attrs.__namespace],
		),
	}
}

_selected_by_network_policy(workload) if {
	some edge in lib.edges_to(workload.id)
	edge.relation == "selects"
	input.by_id[edge.source].kind == "NetworkPolicy"
}
