# METADATA
# title: Container has no CPU request
# description: >-
#   Without a CPU request the scheduler places the pod as if it needed no CPU, so nodes get
#   overcommitted and the container is the first to be starved under contention. A CPU limit
#   counts, since Kubernetes copies a limit into a missing request. Severity LOW: it is a
#   reliability and noisy-neighbour risk more than a security hole. Covers containers and
#   initContainers (ephemeral containers take no resources); a LimitRange of the scan that
#   gives containers of the namespace a default request counts as set.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
#   - https://kubernetes.io/docs/concepts/policy/limit-range/
# custom:
#   id: K8S021
#   name: cpu-request-missing
#   severity: LOW
#   remediation: >-
#     Set resources.requests.cpu on the container (for example "100m"), or give the namespace
#     a LimitRange with a defaultRequest for CPU.
#   aliases:
#     - CKV_K8S_10
#     - KSV015
#     - ca469dd4-c736-448f-8ac1-30a642705e0a
#     - unset-cpu-requirements
#     - cpuRequestsMissing
#   targets: [kubernetes]
package bastion.rules.k8s021

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	some container in lib.pod_containers(workload)
	container.__source != "ephemeralContainers"
	not k8s.resource_quantity(container, "requests", "cpu")
	not k8s.limit_range_default(workload.attrs.__namespace, "requests", "cpu")
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.resources.requests.cpu", [container.__path]),
		"msg": sprintf("%s has no CPU request (resources.requests.cpu) and no CPU limit it would default to", [k8s.where(container, workload)]),
	}
}
