# METADATA
# title: Pod sets an unsafe sysctl
# description: >-
#   Only a small set of sysctls is namespaced and isolated per pod (kernel.shm_rmid_forced,
#   net.ipv4.ip_local_port_range, net.ipv4.ip_local_reserved_ports,
#   net.ipv4.ip_unprivileged_port_start, net.ipv4.ping_group_range, net.ipv4.tcp_syncookies,
#   and the net.ipv4.tcp_keepalive_*, tcp_fin_timeout, tcp_rmem and tcp_wmem settings). Any
#   other sysctl changes kernel behaviour shared with every pod on the node, or lets the pod
#   starve or crash it; the kubelet only runs such pods on nodes that explicitly allow the
#   sysctl. Severity MEDIUM: it needs a node that allows it, but then affects the whole node.
# related_resources:
#   - https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S017
#   name: unsafe-sysctl
#   severity: MEDIUM
#   remediation: >-
#     Remove the sysctl from securityContext.sysctls, or tune it on dedicated nodes
#     (node configuration, taints and tolerations) instead of from the pod.
#   aliases:
#     - KSV026
#     - 9127f0d9-2310-42e7-866f-5fd9d20dcbad
#     - unsafe-sysctls
#   frameworks:
#     pod-security-standards: [baseline]
#   targets: [kubernetes]
package bastion.rules.k8s017

import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	pod_spec := workload.attrs.__pod_spec
	some index, sysctl in k8s.list_or_empty(pod_spec.securityContext.sysctls)
	is_string(sysctl.name)
	name := replace(sysctl.name, "/", ".")
	not name in _safe_sysctls
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.securityContext.sysctls[%d].name", [pod_spec.__path, index]),
		"msg": sprintf("%s sets the unsafe sysctl %s", [k8s.describe(workload), name]),
	}
}

_safe_sysctls := {
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.ping_group_range",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	"net.ipv4.tcp_rmem",
	"net.ipv4.tcp_wmem",
}
