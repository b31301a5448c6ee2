# METADATA
# title: Pod shares the host IPC namespace
# description: >-
#   With hostIPC true the pod shares the node's System V IPC objects and POSIX message queues:
#   it can read and write the shared memory of every process on the node that uses it,
#   including other pods' processes running with hostIPC. Severity HIGH: one of the host
#   namespaces the Pod Security Standards baseline forbids.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/
# custom:
#   id: K8S008
#   name: host-ipc
#   severity: HIGH
#   remediation: >-
#     Remove hostIPC: true from the pod spec; containers of one pod already share an IPC
#     namespace.
#   aliases:
#     - CKV_K8S_18
#     - KSV008
#     - cd290efd-6c82-4e9d-a698-be12ae31d536
#     - host-ipc
#     - hostIPCSet
#   frameworks:
#     pod-security-standards: [baseline]
#   targets: [kubernetes]
package bastion.rules.k8s008

import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	pod_spec := workload.attrs.__pod_spec
	pod_spec.hostIPC == true
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.hostIPC", [pod_spec.__path]),
		"msg": sprintf("%s shares the node's IPC namespace (hostIPC: true)", [k8s.describe(workload)]),
	}
}
