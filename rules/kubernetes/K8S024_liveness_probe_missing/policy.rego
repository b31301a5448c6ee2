# METADATA
# title: Long-running container has no liveness probe
# description: >-
#   Without a liveness probe the kubelet restarts a container only when its process exits: a
#   deadlocked or wedged service keeps its pod Running and keeps receiving traffic until a
#   human notices. Severity LOW: an availability concern, not a security hole. Checked for the
#   app containers of long-running workloads only: not init containers, not Jobs and CronJobs,
#   and not bare Pods whose restartPolicy is Never or OnFailure.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
# custom:
#   id: K8S024
#   name: liveness-probe-missing
#   severity: LOW
#   remediation: >-
#     Add a livenessProbe (httpGet, tcpSocket, grpc or exec) that fails when the process can no
#     longer make progress, with a startupProbe or initialDelaySeconds for slow starts.
#   aliases:
#     - CKV_K8S_8
#     - ade74944-a674-4e00-859e-c6eab5bde441
#     - no-liveness-probe
#     - livenessProbeMissing
#     - pod-probes
#   targets: [kubernetes]
package bastion.rules.k8s024

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	k8s.long_running(workload)
	some container in lib.pod_containers(workload)
	container.__source == "containers"
	not container.livenessProbe
	finding := {
		"resource": workload.id,
		"attribute": container.__path,
		"msg": sprintf("%s has no livenessProbe", [k8s.where(container, workload)]),
	}
}
