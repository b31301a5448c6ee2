# METADATA
# title: Service account token is mounted into the pods
# description: >-
#   Unless automountServiceAccountToken is false, every container of the pod gets a token of
#   its ServiceAccount at /var/run/secrets/kubernetes.io/serviceaccount: whoever compromises
#   the container can call the Kubernetes API with that identity and whatever RBAC grants it.
#   Most applications never call the API. The pod spec's setting wins; when it is unset, the
#   ServiceAccount's own automountServiceAccountToken decides, read across files through the
#   graph (workload to the ServiceAccount it uses). Severity MEDIUM: the damage depends on the
#   account's permissions, which are often broader than intended.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting
#   - https://kubernetes.io/docs/concepts/security/rbac-good-practices/
# custom:
#   id: K8S026
#   name: service-account-token-automounted
#   severity: MEDIUM
#   remediation: >-
#     Set automountServiceAccountToken: false on the pod spec (or on the ServiceAccount) for
#     workloads that do not call the Kubernetes API; mount a projected token volume only in the
#     containers that do.
#   aliases:
#     - CKV_K8S_38
#     - KSV036
#     - 48471392-d4d0-47c0-b135-cdec95eb3eef
#     - automountServiceAccountToken
#   targets: [kubernetes]
package bastion.rules.k8s026

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	pod_spec := workload.attrs.__pod_spec
	pod_spec.automountServiceAccountToken == true
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.automountServiceAccountToken", [pod_spec.__path]),
		"msg": sprintf(
			"%s mounts the token of ServiceAccount '%s' into its pods (automountServiceAccountToken: true)",
			[k8s.describe(workload), _account_name(pod_spec)],
		),
	}
}

deny contains finding if {
	some workload in input.by_format.kubernetes
	pod_spec := workload.attrs.__pod_spec
	not _set(pod_spec)
	not _account_opts_out(workload)
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.automountServiceAccountToken", [pod_spec.__path]),
		"msg": sprintf(
			"%s mounts the token of ServiceAccount '%s' into its pods: neither the pod spec nor the ServiceAccount sets automountServiceAccountToken: false",
			[k8s.describe(workload), _account_name(pod_spec)],
		),
	}
}

_set(pod_spec) if is_boolean(pod_spec.automountServiceAccountToken)

_account_opts_out(workload) if {
	some edge in lib.edges_from(workload.id)
	edge.relation == "uses_service_account"
	input.by_id[edge.target].attrs.automountServiceAccountToken == false
}

_account_name(pod_spec) := pod_spec.serviceAccountName if is_string(pod_spec.serviceAccountName)
else := pod_spec.serviceAccount if is_string(pod_spec.serviceAccount)
else := "default"
