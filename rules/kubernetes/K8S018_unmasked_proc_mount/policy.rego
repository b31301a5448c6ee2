# METADATA
# title: Container mounts /proc unmasked
# description: >-
#   procMount Unmasked turns off the masking and read-only paths the container runtime
#   applies to /proc (/proc/kcore, /proc/sysrq-trigger, /proc/sys...), exposing kernel memory
#   and node-wide kernel controls to the container. Severity HIGH: those paths are direct
#   routes to the host kernel, and the Pod Security Standards baseline forbids it. Windows pods
#   are exempt.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security-context-1
# custom:
#   id: K8S018
#   name: unmasked-proc-mount
#   severity: HIGH
#   remediation: >-
#     Remove securityContext.procMount or set it to Default.
#   aliases:
#     - KSV027
#     - f922827f-aab6-447c-832a-e1ff63312bd3
#     - unsafe-proc-mount
#     - procMount
#   frameworks:
#     pod-security-standards: [baseline]
#   targets: [kubernetes]
package bastion.rules.k8s018

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	k8s.is_linux(workload.attrs.__pod_spec)
	some container in lib.pod_containers(workload)
	container.securityContext.procMount == "Unmasked"
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.securityContext.procMount", [container.__path]),
		"msg": sprintf("%s mounts /proc unmasked (procMount: Unmasked)", [k8s.where(container, workload)]),
	}
}
