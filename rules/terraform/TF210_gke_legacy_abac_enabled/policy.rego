# METADATA
# title: GKE cluster has legacy ABAC authorization enabled
# description: >-
#   Legacy attribute-based access control grants broad, statically configured permissions
#   that Kubernetes RBAC cannot narrow: with it on, RBAC denials are overridden and service
#   accounts can end up with cluster-wide rights. Google disables it by default since GKE
#   1.8 and recommends against it. Severity HIGH: it undermines every RBAC policy of the
#   cluster. Reports google_container_cluster resources with `enable_legacy_abac = true`. A
#   value that cannot be known statically is not reported.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#leave_abac_disabled_default_for_110
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#enable_legacy_abac
# custom:
#   id: TF210
#   name: gke-legacy-abac-enabled
#   severity: HIGH
#   remediation: >-
#     Remove `enable_legacy_abac` (it defaults to false) and grant access with Kubernetes
#     RBAC Roles and RoleBindings or IAM.
#   aliases:
#     - CKV_GCP_7
#     - AVD-GCP-0062
#     - 5baa92d2-d8ee-4c75-88a4-52d9d8bb8067
#   targets: [terraform]
package bastion.rules.tf210

import data.bastion.lib.gcp
import rego.v1

deny contains finding if {
	some cluster in object.get(input.by_kind, "google_container_cluster", [])
	gcp.is_true(cluster.attrs.enable_legacy_abac)
	finding := {
		"resource": cluster.id,
		"attribute": "enable_legacy_abac",
		"msg": sprintf("GKE cluster %s has legacy ABAC authorization enabled (enable_legacy_abac = true)", [cluster.name]),
	}
}
