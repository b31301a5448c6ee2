# METADATA
# title: Container runs privileged
# description: >-
#   A privileged container gets every Linux capability and access to all host devices, and
#   most isolation between it and the node is switched off: whoever controls the container
#   controls the node. Severity CRITICAL: a single compromised process is a node compromise.
#   Covers containers, initContainers and ephemeralContainers of every pod-bearing kind
#   (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob).
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
# custom:
#   id: K8S001
#   name: privileged-container
#   severity: CRITICAL
#   remediation: >-
#     Remove securityContext.privileged (or set it to false) and grant only the specific
#     capabilities the workload needs with securityContext.capabilities.add.
#   aliases:
#     - CKV_K8S_16
#     - KSV017
#     - dd29336b-fe57-445b-a26e-e6aa867ae609
#     - privileged-container
#   frameworks:
#     pod-security-standards: [baseline]
#   targets: [kubernetes]
package bastion.rules.k8s001

import data.bastion.lib
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	some container in lib.pod_containers(workload)
	container.securityContext.privileged == true
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.securityContext.privileged", [container.__path]),
		"msg": sprintf("container '%s' of %s '%s' runs privileged", [container.name, workload.kind, workload.name]),
	}
}
