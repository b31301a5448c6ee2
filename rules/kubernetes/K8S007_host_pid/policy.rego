# METADATA
# title: Pod shares the host PID namespace
# description: >-
#   With hostPID true the pod sees every process of the node: it can read their environment
#   and command lines (where secrets often sit) and, running as root or with the right
#   capabilities, signal or ptrace them and enter their namespaces through /proc. Severity
#   HIGH: one of the host namespaces the Pod Security Standards baseline forbids.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/tasks/configure-pod-container/share-process-namespace/
# custom:
#   id: K8S007
#   name: host-pid
#   severity: HIGH
#   remediation: >-
#     Remove hostPID: true from the pod spec; to let containers of one pod see each other's
#     processes, use shareProcessNamespace: true instead.
#   aliases:
#     - CKV_K8S_17
#     - KSV010
#     - 302736f4-b16c-41b8-befe-c0baffa0bd9d
#     - host-pid
#     - hostPIDSet
#   frameworks:
#     pod-security-standards: [baseline]
#   targets: [kubernetes]
package bastion.rules.k8s007

import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	pod_spec := workload.attrs.__pod_spec
	pod_spec.hostPID == true
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.hostPID", [pod_spec.__path]),
		"msg": sprintf("%s shares the node's process namespace (hostPID: true)", [k8s.describe(workload)]),
	}
}
