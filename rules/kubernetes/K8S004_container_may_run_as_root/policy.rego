# METADATA
# title: Container may run as root
# description: >-
#   A container runs as root unless its effective securityContext forces a non-root user:
#   runAsNonRoot true (the kubelet then refuses to start an image whose user is root) or a
#   runAsUser other than 0. Root in a container owns every file of its image and volumes, and
#   a kernel or runtime escape starts from UID 0 on the node. The container's securityContext
#   overrides the pod's, so a pod-level runAsNonRoot is undone by a container that sets
#   runAsNonRoot false or runAsUser 0. Severity HIGH: it removes the main barrier between a
#   compromised process and the node. The finding points at the value that decides (runAsUser
#   0, runAsNonRoot false) or, when nothing is set, at the container. Windows pods are exempt.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# custom:
#   id: K8S004
#   name: container-may-run-as-root
#   severity: HIGH
#   remediation: >-
#     Set securityContext.runAsNonRoot: true (pod level, or on each container) and a non-zero
#     runAsUser such as 10001, and build the image with a non-root USER.
#   aliases:
#     - CKV_K8S_23
#     - KSV012
#     - KSV105
#     - cf34805e-3872-4c08-bf92-6ff7bb0cfadb
#     - run-as-non-root
#     - runAsRootAllowed
#   frameworks:
#     pod-security-standards: [restricted]
#   targets: [kubernetes]
package bastion.rules.k8s004

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	pod_spec := workload.attrs.__pod_spec
	k8s.is_linux(pod_spec)
	some container in lib.pod_containers(workload)
	user := k8s.security_setting(pod_spec, container, "runAsUser")
	user.value == 0
	finding := {
		"resource": workload.id,
		"attribute": user.attribute,
		"msg": sprintf("%s runs as root: runAsUser is 0 at %s level", [k8s.where(container, workload), user.level]),
	}
}

deny contains finding if {
	some workload in input.by_format.kubernetes
	pod_spec := workload.attrs.__pod_spec
	k8s.is_linux(pod_spec)
	some container in lib.pod_containers(workload)
	not _user_is_set(pod_spec, container)
	not k8s.security_setting(pod_spec, container, "runAsNonRoot").value == true
	finding := _not_forced(pod_spec, container, workload)
}

_user_is_set(pod_spec, container) if k8s.security_setting(pod_spec, container, "runAsUser")

_not_forced(pod_spec, container, workload) := {
	"resource": workload.id,
	"attribute": non_root.attribute,
	"msg": sprintf(
		"%s may run as root: runAsNonRoot is false at %s level and no runAsUser is set",
		[k8s.where(container, workload), non_root.level],
	),
} if {
	non_root := k8s.security_setting(pod_spec, container, "runAsNonRoot")
} else := {
	"resource": workload.id,
	"attribute": container.__path,
	"msg": sprintf(
		"%s may run as root: neither runAsNonRoot: true nor a runAsUser is set for it",
		[k8s.where(container, workload)],
	),
}
