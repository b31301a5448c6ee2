# METADATA
# title: Seccomp is switched off (Unconfined)
# description: >-
#   A seccompProfile of type Unconfined runs the container without any system call filter:
#   every syscall of the kernel, including the rarely used ones behind most kernel exploits
#   (keyctl, unshare, userfaultfd, bpf...), is reachable from the container. A container's
#   profile overrides the pod's; a pod-level Unconfined is reported once on the pod, for the
#   containers that inherit it. Severity HIGH: it is an explicit opt-out of a default defence,
#   forbidden by the Pod Security Standards baseline. Windows pods are exempt.
# related_resources:
#   - https://kubernetes.io/docs/tutorials/security/seccomp/
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S015
#   name: seccomp-unconfined
#   severity: HIGH
#   remediation: >-
#     Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a profile
#     tailored to the workload) instead of Unconfined.
#   aliases:
#     - KSV104
#     - f377b83e-bd07-4f48-a591-60c82b14a78b
#   frameworks:
#     pod-security-standards: [baseline]
#   targets: [kubernetes]
package bastion.rules.k8s015

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	k8s.is_linux(workload.attrs.__pod_spec)
	some container in lib.pod_containers(workload)
	container.securityContext.seccompProfile.type == "Unconfined"
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.securityContext.seccompProfile.type", [container.__path]),
		"msg": sprintf("%s runs without seccomp (seccompProfile type Unconfined)", [k8s.where(container, workload)]),
	}
}

deny contains finding if {
	some workload in input.by_format.kubernetes
	pod_spec := workload.attrs.__pod_spec
	k8s.is_linux(pod_spec)
	pod_spec.securityContext.seccompProfile.type == "Unconfined"
	some container in lib.pod_containers(workload)
	not _own_profile(container)
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.securityContext.seccompProfile.type", [pod_spec.__path]),
		"msg": sprintf("%s runs its pods without seccomp (pod-level seccompProfile type Unconfined)", [k8s.describe(workload)]),
	}
}

_own_profile(container) if is_string(container.securityContext.seccompProfile.type)
