# METADATA
# title: Container root filesystem is writable
# description: >-
#   Unless securityContext.readOnlyRootFilesystem is true, an attacker in the container can
#   write to its filesystem: drop tools, change binaries and configuration, or persist across a
#   process restart. A read-only root filesystem, with emptyDir volumes for the paths that
#   really need writing, blocks that. Severity MEDIUM: it raises the cost of an attack after
#   the container is compromised, but does not open a path into it. Covers containers,
#   initContainers and ephemeralContainers of every pod-bearing kind.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
# custom:
#   id: K8S005
#   name: writable-root-filesystem
#   severity: MEDIUM
#   remediation: >-
#     Set securityContext.readOnlyRootFilesystem: true on the container and mount an emptyDir
#     volume on each path it must write to (for example /tmp).
#   aliases:
#     - CKV_K8S_22
#     - KSV014
#     - a9c2f49d-0671-4fc9-9ece-f4e261e128d0
#     - no-read-only-root-fs
#     - notReadOnlyRootFilesystem
#   targets: [kubernetes]
package bastion.rules.k8s005

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	some container in lib.pod_containers(workload)
	not container.securityContext.readOnlyRootFilesystem == true
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.securityContext.readOnlyRootFilesystem", [container.__path]),
		"msg": _message(container, workload),
	}
}

_message(container, workload) := sprintf("%s sets readOnlyRootFilesystem: false", [k8s.where(container, workload)]) if {
	container.securityContext.readOnlyRootFilesystem == false
} else := sprintf("%s does not set securityContext.readOnlyRootFilesystem to true", [k8s.where(container, workload)])
