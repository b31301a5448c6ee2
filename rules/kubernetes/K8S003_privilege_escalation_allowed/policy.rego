# METADATA
# title: Container allows privilege escalation
# description: >-
#   Unless securityContext.allowPrivilegeEscalation is false, a process in the container can
#   gain more privileges than its parent (through setuid or setgid binaries, or file
#   capabilities), which turns a foothold in the container into root inside it and widens the
#   path to the node. Kubernetes allows it by default, so the setting must be written.
#   Severity HIGH: it is the usual second step of a container breakout and costs nothing to
#   switch off. Covers containers, initContainers and ephemeralContainers of every pod-bearing
#   kind; Windows pods (spec.os.name windows) are exempt, as in the Pod Security Standards.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# custom:
#   id: K8S003
#   name: privilege-escalation-allowed
#   severity: HIGH
#   remediation: >-
#     Set securityContext.allowPrivilegeEscalation: false on every container (containers,
#     initContainers and ephemeralContainers).
#   aliases:
#     - CKV_K8S_20
#     - KSV001
#     - 5572cc5e-1e4c-4113-92a6-7a8a3bd25e6d
#     - privilege-escalation-container
#     - privilegeEscalationAllowed
#   frameworks:
#     pod-security-standards: [restricted]
#   targets: [kubernetes]
package bastion.rules.k8s003

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	k8s.is_linux(workload.attrs.__pod_spec)
	some container in lib.pod_containers(workload)
	not container.securityContext.allowPrivilegeEscalation == false
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.securityContext.allowPrivilegeEscalation", [container.__path]),
		"msg": _message(container, workload),
	}
}

_message(container, workload) := sprintf(
	"%s sets allowPrivilegeEscalation: true",
	[k8s.where(container, workload)],
) if {
	container.securityContext.allowPrivilegeEscalation == true
} else := sprintf(
	"%s does not set securityContext.allowPrivilegeEscalation to false",
	[k8s.where(container, workload)],
)
