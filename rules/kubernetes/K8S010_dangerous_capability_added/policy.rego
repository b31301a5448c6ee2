# METADATA
# title: Container adds a dangerous capability
# description: >-
#   Some Linux capabilities hand a container control over the node or its neighbours:
#   SYS_ADMIN (mounts, namespaces, most of root), SYS_MODULE (kernel modules), SYS_PTRACE
#   (other processes), SYS_RAWIO and SYS_BOOT, SYS_TIME (the node's clock), NET_ADMIN and
#   NET_RAW (the network stack, spoofing), BPF and PERFMON (kernel tracing), DAC_READ_SEARCH,
#   MAC_ADMIN/MAC_OVERRIDE, SYSLOG, LINUX_IMMUTABLE, and ALL. Severity HIGH: each is a known
#   step of container escapes, close to running privileged. Reported once per capability;
#   other non-default capabilities are K8S011. Windows pods are exempt.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
#   - https://man7.org/linux/man-pages/man7/capabilities.7.html
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S010
#   name: dangerous-capability-added
#   severity: HIGH
#   remediation: >-
#     Remove the capability from securityContext.capabilities.add; grant the narrow capability
#     the workload really needs (NET_BIND_SERVICE for low ports), or move the privileged task
#     out of the cluster's workloads.
#   aliases:
#     - CKV_K8S_39
#     - KSV005
#     - KSV119
#     - KSV120
#     - 235236ee-ad78-4065-bd29-61b061f28ce0
#     - dangerousCapabilities
#   frameworks:
#     pod-security-standards: [baseline]
#   targets: [kubernetes]
package bastion.rules.k8s010

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	k8s.is_linux(workload.attrs.__pod_spec)
	some container in lib.pod_containers(workload)
	some index, added in k8s.list_or_empty(container.securityContext.capabilities.add)
	capability := k8s.capability(added)
	capability in k8s.dangerous_capabilities
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.securityContext.capabilities.add[%d]", [container.__path, index]),
		"msg": sprintf("%s adds the dangerous capability %s", [k8s.where(container, workload), capability]),
	}
}
