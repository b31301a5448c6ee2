# METADATA
# title: Pod uses the host network
# description: >-
#   With hostNetwork true the pod shares the node's network namespace: it can bind any port of
#   the node, reach services listening only on the node's loopback interface (the kubelet's
#   local endpoints, cloud metadata proxies) and sniff or spoof node traffic where it has the
#   capabilities, and NetworkPolicies no longer isolate it. Severity HIGH: one of the host
#   namespaces the Pod Security Standards baseline forbids.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/concepts/workloads/pods/#pod-networking
# custom:
#   id: K8S006
#   name: host-network
#   severity: HIGH
#   remediation: >-
#     Remove hostNetwork: true from the pod spec; expose the workload through a Service (or a
#     containerPort with a NodePort/LoadBalancer Service) instead.
#   aliases:
#     - CKV_K8S_19
#     - KSV009
#     - 6b6bdfb3-c3ae-44cb-88e4-7405c1ba2c8a
#     - host-network
#     - hostNetworkSet
#   frameworks:
#     pod-security-standards: [baseline]
#   targets: [kubernetes]
package bastion.rules.k8s006

import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	pod_spec := workload.attrs.__pod_spec
	pod_spec.hostNetwork == true
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.hostNetwork", [pod_spec.__path]),
		"msg": sprintf("%s shares the node's network namespace (hostNetwork: true)", [k8s.describe(workload)]),
	}
}
