# METADATA
# title: Long-running container has no readiness probe
# description: >-
#   Without a readiness probe a pod receives Service traffic as soon as its containers start,
#   before the application can answer, and keeps receiving it while it is overloaded or
#   shutting down: requests fail during every rollout and scale-up. Severity LOW: an
#   availability concern, not a security hole. Checked for the app containers of
#   long-running workloads only: not init containers, not Jobs and CronJobs, and not bare Pods
#   whose restartPolicy is Never or OnFailure.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
# custom:
#   id: K8S025
#   name: readiness-probe-missing
#   severity: LOW
#   remediation: >-
#     Add a readinessProbe (httpGet, tcpSocket, grpc or exec) that succeeds only when the
#     container can serve requests.
#   aliases:
#     - CKV_K8S_9
#     - a659f3b5-9bf0-438a-bd9a-7d3a6427f1e3
#     - no-readiness-probe
#     - readinessProbeMissing
#     - pod-probes
#   targets: [kubernetes]
package bastion.rules.k8s025

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	k8s.long_running(workload)
	some container in lib.pod_containers(workload)
	container.__source == "containers"
	not container.readinessProbe
	finding := {
		"resource": workload.id,
		"attribute": container.__path,
		"msg": sprintf("%s has no readinessProbe", [k8s.where(container, workload)]),
	}
}
