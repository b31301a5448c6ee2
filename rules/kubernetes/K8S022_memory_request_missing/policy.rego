# METADATA
# title: Container has no memory request
# description: >-
#   Without a memory request the scheduler places the pod as if it needed no memory, nodes get
#   overcommitted, and the pod is among the first evicted under memory pressure. A memory
#   limit counts, since Kubernetes copies a limit into a missing request. Severity LOW: it is
#   a reliability and noisy-neighbour risk more than a security hole. Covers containers and
#   initContainers (ephemeral containers take no resources); a LimitRange of the scan that
#   gives containers of the namespace a default request counts as set.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
#   - https://kubernetes.io/docs/concepts/policy/limit-range/
# custom:
#   id: K8S022
#   name: memory-request-missing
#   severity: LOW
#   remediation: >-
#     Set resources.requests.memory on the container (for example "256Mi"), or give the
#     namespace a LimitRange with a defaultRequest for memory.
#   aliases:
#     - CKV_K8S_12
#     - KSV016
#     - 229588ef-8fde-40c8-8756-f4f2b5825ded
#     - unset-memory-requirements
#     - memoryRequestsMissing
#   targets: [kubernetes]
package bastion.rules.k8s022

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	some container in lib.pod_containers(workload)
	container.__source != "ephemeralContainers"
	not k8s.resource_quantity(container, "requests", "memory")
	not k8s.limit_range_default(workload.attrs.__namespace, "requests", "memory")
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.resources.requests.memory", [container.__path]),
		"msg": sprintf("%s has no memory request (resources.requests.memory) and no memory limit it would default to", [k8s.where(container, workload)]),
	}
}
