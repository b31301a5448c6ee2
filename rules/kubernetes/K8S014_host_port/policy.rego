# METADATA
# title: Container binds a host port
# description: >-
#   A hostPort publishes the container on that port of every node it runs on, bypassing
#   Services and the NetworkPolicies that select the pod's traffic through them, and it limits
#   where the pod can be scheduled (one pod per node and port). Severity MEDIUM: it exposes the
#   workload on the node's address, which is rarely intended and often reachable from outside
#   the cluster network.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/overview/#services
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S014
#   name: host-port
#   severity: MEDIUM
#   remediation: >-
#     Remove ports[].hostPort and expose the container through a Service (ClusterIP, NodePort or
#     LoadBalancer) or an Ingress.
#   aliases:
#     - CKV_K8S_26
#     - KSV024
#     - hostPortSet
#   frameworks:
#     pod-security-standards: [baseline]
#   targets: [kubernetes]
package bastion.rules.k8s014

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	some container in lib.pod_containers(workload)
	some index, port in k8s.list_or_empty(container.ports)
	host_port := lib.number(port.hostPort)
	host_port != 0
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.ports[%d].hostPort", [container.__path, index]),
		"msg": sprintf("%s binds port %v of the node (hostPort)", [k8s.where(container, workload), host_port]),
	}
}
