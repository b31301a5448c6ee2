# METADATA
# title: No seccomp profile is set
# description: >-
#   Without a seccompProfile at pod or container level, the kubelet runs the container
#   Unconfined unless every node enables its SeccompDefault option, which the manifest cannot
#   guarantee: the whole kernel system call surface is then reachable. RuntimeDefault blocks
#   the calls behind most container escapes at almost no compatibility cost. A container's
#   profile overrides the pod's. When no container sets its own, the finding is on the pod
#   spec; otherwise on each container left without one. The deprecated seccomp annotations are
#   not considered, since current Kubernetes releases ignore them. Severity MEDIUM: a missing
#   hardening layer rather than an opening. Explicit Unconfined is K8S015. Windows pods are
#   exempt.
# related_resources:
#   - https://kubernetes.io/docs/tutorials/security/seccomp/
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# custom:
#   id: K8S016
#   name: seccomp-profile-missing
#   severity: MEDIUM
#   remediation: >-
#     Add securityContext.seccompProfile.type: RuntimeDefault to the pod spec (or to each
#     container).
#   aliases:
#     - CKV_K8S_31
#     - KSV030
#     - f377b83e-bd07-4f48-a591-60c82b14a78b
#     - linuxHardening
#   frameworks:
#     pod-security-standards: [restricted]
#   targets: [kubernetes]
package bastion.rules.k8s016

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	pod_spec := workload.attrs.__pod_spec
	k8s.is_linux(pod_spec)
	not _has_profile(pod_spec)
	containers := lib.pod_containers(workload)
	count(containers) > 0
	every container in containers {
		not _has_profile(container)
	}
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.securityContext.seccompProfile", [pod_spec.__path]),
		"msg": sprintf("%s sets no seccompProfile for its pods or containers", [k8s.describe(workload)]),
	}
}

deny contains finding if {
	some workload in input.by_format.kubernetes
	pod_spec := workload.attrs.__pod_spec
	k8s.is_linux(pod_spec)
	not _has_profile(pod_spec)
	some other in lib.pod_containers(workload)
	_has_profile(other)
	some container in lib.pod_containers(workload)
	not _has_profile(container)
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.securityContext.seccompProfile", [container.__path]),
		"msg": sprintf("%s has no seccompProfile, at container or pod level", [k8s.where(container, workload)]),
	}
}

_has_profile(spec_or_container) if is_string(spec_or_container.securityContext.seccompProfile.type)
