# METADATA
# title: Pod mounts a sensitive host path
# description: >-
#   A hostPath volume on a system directory of the node (/, /etc, /root, /home, /proc, /sys,
#   /dev, /boot, /usr, /bin, /lib, /var/lib/kubelet, /var/lib/docker, /var/lib/containerd,
#   /etc/kubernetes, /var/lib/etcd...) exposes the node's credentials (kubelet and etcd
#   keys, SSH keys, /etc/shadow) and, when writable, lets the pod plant binaries, cron jobs or
#   kernel settings that run as root on the node. Severity HIGH: read access leaks cluster
#   credentials and write access is a node takeover. Runtime sockets are reported by K8S012;
#   other hostPath volumes (/var/log/pods for log collectors) are not reported.
# related_resources:
#   - https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
#   - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
# custom:
#   id: K8S013
#   name: sensitive-host-path-mounted
#   severity: HIGH
#   remediation: >-
#     Remove the hostPath volume, or narrow it to the one file or directory the workload needs
#     and mount it with readOnly: true; prefer ConfigMaps, Secrets, CSI volumes or the
#     Kubernetes API for the data.
#   aliases:
#     - KSV023
#     - KSV121
#     - aa8f7a35-9923-4cad-bd61-a19b7f6aac91
#     - 5308a7a8-06f8-45ac-bf10-791fe21de46e
#     - sensitive-host-mounts
#     - hostPathSet
#   frameworks:
#     pod-security-standards: [baseline]
#   targets: [kubernetes]
package bastion.rules.k8s013

import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	some volume in k8s.host_path_volumes(workload.attrs.__pod_spec)
	_sensitive(volume.path)
	finding := {
		"resource": workload.id,
		"attribute": volume.attribute,
		"msg": sprintf(
			"%s mounts the sensitive host path %s (volume '%s')",
			[k8s.describe(workload), volume.path, volume.name],
		),
	}
}

_sensitive(path) if path in {
	"/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64", "/proc", "/root", "/sbin",
	"/sys", "/usr", "/var", "/var/lib", "/var/lib/docker", "/var/lib/containerd", "/var/lib/kubelet",
	"/var/lib/etcd", "/etc/kubernetes", "/etc/ssh", "/etc/shadow", "/etc/sudoers", "/etc/sudoers.d",
	"/etc/cron.d", "/etc/crontab", "/etc/systemd", "/usr/lib/systemd",
}

_sensitive(path) if {
	some prefix in ["/etc/kubernetes/", "/var/lib/etcd/", "/var/lib/kubelet/pki", "/root/", "/proc/", "/boot/", "/etc/ssh/"]
	startswith(path, prefix)
}
