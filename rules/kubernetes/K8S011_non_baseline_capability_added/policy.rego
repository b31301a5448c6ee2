# METADATA
# title: Container adds a capability outside the baseline set
# description: >-
#   The Pod Security Standards baseline lets a container add only the capabilities container
#   runtimes grant by default (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
#   NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT). Anything else (IPC_LOCK,
#   SYS_NICE, SYS_RESOURCE, WAKE_ALARM, ...) widens the kernel surface the container can
#   reach and makes the pod fail baseline admission. Severity MEDIUM: these capabilities are
#   not escape primitives by themselves; the dangerous ones are reported by K8S010 instead.
#   Windows pods are exempt.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://man7.org/linux/man-pages/man7/capabilities.7.html
# custom:
#   id: K8S011
#   name: non-baseline-capability-added
#   severity: MEDIUM
#   remediation: >-
#     Remove the capability from securityContext.capabilities.add, or document why the
#     workload needs it and run it in a namespace whose Pod Security level allows it.
#   aliases:
#     - CKV_K8S_25
#     - KSV022
#     - 19ebaa28-fc86-4a58-bcfa-015c9e22fe40
#   frameworks:
#     pod-security-standards: [baseline]
#   targets: [kubernetes]
package bastion.rules.k8s011

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	k8s.is_linux(workload.attrs.__pod_spec)
	some container in lib.pod_containers(workload)
	some index, added in k8s.list_or_empty(container.securityContext.capabilities.add)
	capability := k8s.capability(added)
	not capability in k8s.baseline_capabilities
	not capability in k8s.dangerous_capabilities
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.securityContext.capabilities.add[%d]", [container.__path, index]),
		"msg": sprintf(
			"%s adds the capability %s, which is outside the Pod Security Standards baseline set",
			[k8s.where(container, workload), capability],
		),
	}
}
