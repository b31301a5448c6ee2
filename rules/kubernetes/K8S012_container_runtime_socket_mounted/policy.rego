# METADATA
# title: Container runtime socket is mounted into a pod
# description: >-
#   A hostPath volume on the container runtime's socket (docker.sock, containerd.sock,
#   crio.sock, podman.sock) or on the directory holding it (/var/run, /run,
#   /run/containerd...) lets the pod ask the runtime to start a privileged container with the
#   node's root filesystem mounted: full control of the node, whatever the pod's own
#   securityContext says. Mounting it read-only does not help, since talking to a socket is
#   not writing a file. Severity CRITICAL: it is a one-step node takeover.
# related_resources:
#   - https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
#   - https://docs.docker.com/engine/security/#docker-daemon-attack-surface
# custom:
#   id: K8S012
#   name: container-runtime-socket-mounted
#   severity: CRITICAL
#   remediation: >-
#     Remove the hostPath volume. Build images with a daemonless builder (BuildKit rootless,
#     kaniko, buildah) and read container metadata through the Kubernetes API instead of the
#     runtime socket.
#   aliases:
#     - CKV_K8S_27
#     - KSV006
#     - a6f34658-fdfb-4154-9536-56d516f65828
#     - docker-sock
#     - hostPathSet
#   frameworks:
#     pod-security-standards: [baseline]
#   targets: [kubernetes]
package bastion.rules.k8s012

import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	some volume in k8s.host_path_volumes(workload.attrs.__pod_spec)
	_runtime_socket(volume.path)
	finding := {
		"resource": workload.id,
		"attribute": volume.attribute,
		"msg": sprintf(
			"%s mounts the container runtime socket path %s from the node (volume '%s')",
			[k8s.describe(workload), volume.path, volume.name],
		),
	}
}

_runtime_socket(path) if path in {
	"/run", "/var/run",
	"/run/docker", "/var/run/docker",
	"/run/containerd", "/var/run/containerd", "/run/k3s/containerd",
	"/run/crio", "/var/run/crio",
	"/run/podman", "/var/run/podman",
}

_runtime_socket(path) if regex.match(`(^|/)(docker|containerd|crio|cri-dockerd|podman|dockershim)\.sock$`, path)
