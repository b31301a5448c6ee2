# METADATA
# title: Container has no CPU limit
# description: >-
#   Without a CPU limit a container can use every idle core of its node; a runaway or abused
#   process (a crypto miner is the usual payload) then slows every neighbour that relies on
#   bursting. Some teams leave CPU limits off on purpose to avoid throttling; then suppress
#   this rule for those workloads. Severity LOW: it is a reliability and noisy-neighbour risk
#   more than a security hole. Covers containers and initContainers (ephemeral containers take
#   no resources); a LimitRange of the scan that gives containers of the namespace a default
#   limit counts as set.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
#   - https://kubernetes.io/docs/concepts/policy/limit-range/
# custom:
#   id: K8S019
#   name: cpu-limit-missing
#   severity: LOW
#   remediation: >-
#     Set resources.limits.cpu on the container (for example "500m"), or give the namespace a
#     LimitRange with a default CPU limit for containers.
#   aliases:
#     - CKV_K8S_11
#     - KSV011
#     - 4ac0e2b7-d2d2-4af7-8799-e8de6721ccda
#     - unset-cpu-requirements
#     - cpuLimitsMissing
#   targets: [kubernetes]
package bastion.rules.k8s019

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	some container in lib.pod_containers(workload)
	container.__source != "ephemeralContainers"
	not k8s.resource_quantity(container, "limits", "cpu")
	not k8s.limit_range_default(workload.attrs.__namespace, "limits", "cpu")
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.resources.limits.cpu", [container.__path]),
		"msg": sprintf("%s has no CPU limit (resources.limits.cpu)", [k8s.where(container, workload)]),
	}
}
