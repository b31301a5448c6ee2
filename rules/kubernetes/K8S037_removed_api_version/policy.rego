# METADATA
# title: Manifest uses an API version that Kubernetes has removed
# description: >-
#   Kubernetes removes beta API versions a few releases after their stable replacement ships
#   (extensions/v1beta1 and apps/v1beta1/v1beta2 workloads in 1.16; v1beta1 Ingress, RBAC,
#   CRDs, webhooks and others in 1.22; batch/v1beta1 CronJob, policy/v1beta1
#   PodDisruptionBudget and PodSecurityPolicy in 1.25; autoscaling/v2beta2 and flowcontrol
#   betas in 1.26, 1.29 and 1.32...). A manifest still using one fails to apply on current
#   clusters, so the object silently stays at an old definition or is never created, and a
#   PodSecurityPolicy no longer enforces anything. Checked against a fixed table of removed
#   versions, each with the release that removed it and its replacement. Severity MEDIUM: it
#   breaks deployments and hides that intended controls are not in force.
# related_resources:
#   - https://kubernetes.io/docs/reference/using-api/deprecation-guide/
#   - https://kubernetes.io/docs/reference/using-api/deprecation-policy/
# custom:
#   id: K8S037
#   name: removed-api-version
#   severity: MEDIUM
#   remediation: >-
#     Change apiVersion to the replacement the finding names and adapt the fields that changed
#     (the deprecation guide lists them; kubectl convert can help); replace PodSecurityPolicy
#     with Pod Security Admission namespace labels.
#   aliases:
#     - KSV107
#     - 94b76ea5-e074-4ca2-8a03-c5a606e30645
#     - no-extensions-v1beta
#     - stable-version
#   targets: [kubernetes]
package bastion.rules.k8s037

import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some node in input.by_format.kubernetes
	api_version := node.attrs.apiVersion
	is_string(api_version)
	removal := _removed[api_version][node.kind]
	finding := {
		"resource": node.id,
		"attribute": "apiVersion",
		"msg": sprintf(
			"%s uses apiVersion %s, which Kubernetes %s removed; %s",
			[k8s.describe(node), api_version, removal[0], _instead(removal[1])],
		),
	}
}

_instead("") := "migrate to Pod Security Admission"

_instead(replacement) := sprintf("use %s", [replacement]) if replacement != ""

_apps_workloads(release) := {kind: [release, "apps/v1"] |
	some kind in ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"]
}

_v1_of(group, release, kinds) := {kind: [release, sprintf("%s/v1", [group])] | some kind in kinds}

_rbac_kinds := ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"]

_flowcontrol_kinds := ["FlowSchema", "PriorityLevelConfiguration"]

# apiVersion -> kind -> [release that removed it, replacement apiVersion ("" for none)]
_removed := {
	"extensions/v1beta1": object.union(_apps_workloads("1.16"), {
		"NetworkPolicy": ["1.16", "networking.k8s.io/v1"],
		"PodSecurityPolicy": ["1.16", ""],
		"Ingress": ["1.22", "networking.k8s.io/v1"],
	}),
	"apps/v1beta1": _apps_workloads("1.16"),
	"apps/v1beta2": _apps_workloads("1.16"),
	"networking.k8s.io/v1beta1": _v1_of("networking.k8s.io", "1.22", ["Ingress", "IngressClass"]),
	"admissionregistration.k8s.io/v1beta1": _v1_of(
		"admissionregistration.k8s.io", "1.22",
		["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"],
	),
	"apiextensions.k8s.io/v1beta1": _v1_of("apiextensions.k8s.io", "1.22", ["CustomResourceDefinition"]),
	"apiregistration.k8s.io/v1beta1": _v1_of("apiregistration.k8s.io", "1.22", ["APIService"]),
	"authentication.k8s.io/v1beta1": _v1_of("authentication.k8s.io", "1.22", ["TokenReview"]),
	"authorization.k8s.io/v1beta1": _v1_of(
		"authorization.k8s.io", "1.22",
		["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview"],
	),
	"certificates.k8s.io/v1beta1": _v1_of("certificates.k8s.io", "1.22", ["CertificateSigningRequest"]),
	"coordination.k8s.io/v1beta1": _v1_of("coordination.k8s.io", "1.22", ["Lease"]),
	"rbac.authorization.k8s.io/v1alpha1": _v1_of("rbac.authorization.k8s.io", "1.22", _rbac_kinds),
	"rbac.authorization.k8s.io/v1beta1": _v1_of("rbac.authorization.k8s.io", "1.22", _rbac_kinds),
	"scheduling.k8s.io/v1alpha1": _v1_of("scheduling.k8s.io", "1.22", ["PriorityClass"]),
	"scheduling.k8s.io/v1beta1": _v1_of("scheduling.k8s.io", "1.22", ["PriorityClass"]),
	"storage.k8s.io/v1beta1": object.union(
		_v1_of("storage.k8s.io", "1.22", ["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"]),
		_v1_of("storage.k8s.io", "1.27", ["CSIStorageCapacity"]),
	),
	"batch/v1beta1": {"CronJob": ["1.25", "batch/v1"]},
	"batch/v2alpha1": {"CronJob": ["1.25", "batch/v1"]},
	"discovery.k8s.io/v1beta1": _v1_of("discovery.k8s.io", "1.25", ["EndpointSlice"]),
	"events.k8s.io/v1beta1": _v1_of("events.k8s.io", "1.25", ["Event"]),
	"autoscaling/v2beta1": {"HorizontalPodAutoscaler": ["1.25", "autoscaling/v2"]},
	"autoscaling/v2beta2": {"HorizontalPodAutoscaler": ["1.26", "autoscaling/v2"]},
	"policy/v1beta1": {
		"PodDisruptionBudget": ["1.25", "policy/v1"],
		"PodSecurityPolicy": ["1.25", ""],
	},
	"node.k8s.io/v1beta1": _v1_of("node.k8s.io", "1.25", ["RuntimeClass"]),
	"flowcontrol.apiserver.k8s.io/v1beta1": _v1_of("flowcontrol.apiserver.k8s.io", "1.26", _flowcontrol_kinds),
	"flowcontrol.apiserver.k8s.io/v1beta2": _v1_of("flowcontrol.apiserver.k8s.io", "1.29", _flowcontrol_kinds),
	"flowcontrol.apiserver.k8s.io/v1beta3": _v1_of("flowcontrol.apiserver.k8s.io", "1.32", _flowcontrol_kinds),
}
