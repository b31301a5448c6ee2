# METADATA
# title: Container has no memory limit
# description: >-
#   Without a memory limit a container can take all of its node's memory: a leak or an abused
#   process then drives the node out of memory and the kernel kills other pods' processes.
#   Severity LOW: it is a reliability and noisy-neighbour risk more than a security hole.
#   Covers containers and initContainers (ephemeral containers take no resources); a
#   LimitRange of the scan that gives containers of the namespace a default limit counts as
#   set.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
#   - https://kubernetes.io/docs/concepts/policy/limit-range/
# custom:
#   id: K8S020
#   name: memory-limit-missing
#   severity: LOW
#   remediation: >-
#     Set resources.limits.memory on the container (for example "512Mi"), or give the
#     namespace a LimitRange with a default memory limit for containers.
#   aliases:
#     - CKV_K8S_13
#     - KSV018
#     - b14d1bc4-a208-45db-92f0-e21f8e2588e9
#     - unset-memory-requirements
#     - memoryLimitsMissing
#   targets: [kubernetes]
package bastion.rules.k8s020

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	some container in lib.pod_containers(workload)
	container.__source != "ephemeralContainers"
	not k8s.resource_quantity(container, "limits", "memory")
	not k8s.limit_range_default(workload.attrs.__namespace, "limits", "memory")
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.resources.limits.memory", [container.__path]),
		"msg": sprintf("%s has no memory limit (resources.limits.memory)", [k8s.where(container, workload)]),
	}
}
