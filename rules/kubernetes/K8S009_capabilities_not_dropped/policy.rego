# METADATA
# title: Container does not drop all capabilities
# description: >-
#   Container runtimes give every container a default set of Linux capabilities: Docker's and
#   containerd's include NET_RAW (raw sockets: ARP and DNS spoofing, packet sniffing on the pod
#   network), and all include CHOWN, DAC_OVERRIDE, SETUID and more that an attacker can use
#   after a compromise. Most
#   applications need none of them. Dropping ALL and adding back only what is needed removes
#   them; dropping NET_RAW alone still leaves the others. Severity MEDIUM: the default set is
#   not enough to escape on its own, but it widens what a compromised container can do.
#   Windows pods are exempt.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
# custom:
#   id: K8S009
#   name: capabilities-not-dropped
#   severity: MEDIUM
#   remediation: >-
#     Set securityContext.capabilities.drop: ["ALL"] on the container and list only the
#     capabilities it needs under capabilities.add (often none, or NET_BIND_SERVICE).
#   aliases:
#     - CKV_K8S_37
#     - CKV_K8S_28
#     - KSV003
#     - 268ca686-7fb7-4ae9-b129-955a2a89064e
#     - dbbc6705-d541-43b0-b166-dd4be8208b54
#     - drop-net-raw-capability
#     - insecureCapabilities
#   frameworks:
#     pod-security-standards: [restricted]
#   targets: [kubernetes]
package bastion.rules.k8s009

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	k8s.is_linux(workload.attrs.__pod_spec)
	some container in lib.pod_containers(workload)
	not _drops_all(container)
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.securityContext.capabilities.drop", [container.__path]),
		"msg": sprintf(
			"%s does not drop ALL capabilities, so it keeps the runtime's default capabilities (NET_RAW among them on Docker and containerd)",
			[k8s.where(container, workload)],
		),
	}
}

_drops_all(container) if {
	some dropped in k8s.list_or_empty(container.securityContext.capabilities.drop)
	k8s.capability(dropped) == "ALL"
}
