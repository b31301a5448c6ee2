# METADATA
# title: OS Login is disabled for a project or a VM
# description: >-
#   OS Login ties SSH access to IAM: access is granted with roles, revoked when the identity
#   loses them or leaves, can require 2-step verification, and every login is attributed.
#   Without it, SSH relies on keys pasted into metadata that nobody rotates or removes.
#   Severity MEDIUM: it weakens the control and the audit trail of SSH access rather than
#   exposing machines by itself. Reports project metadata (google_compute_project_metadata)
#   that does not set `enable-oslogin` to true, a google_compute_project_metadata_item that
#   sets it to false, and VMs and instance templates whose metadata sets it to false (which
#   overrides the project). Values that cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/compute/docs/oslogin/set-up-oslogin
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_project_metadata
# custom:
#   id: TF216
#   name: compute-os-login-disabled
#   severity: MEDIUM
#   remediation: >-
#     Set `"enable-oslogin" = "TRUE"` in the project metadata, remove `enable-oslogin =
#     "FALSE"` from VM metadata, and grant roles/compute.osLogin (or osAdminLogin) to the
#     people and groups that need SSH.
#   aliases:
#     - CKV_GCP_33
#     - CKV_GCP_34
#     - AVD-GCP-0042
#     - AVD-GCP-0036
#     - 32ecd6eb-0711-421f-9627-1a28d9eff217
#   frameworks:
#     cis-gcp-foundations-1.3: ["4.4"]
#   targets: [terraform]
package bastion.rules.tf216

import data.bastion.lib.gcp
import rego.v1

key := "enable-oslogin"

# A VM or template turns OS Login off, overriding the project.
deny contains finding if {
	some vm in gcp.resources_of(gcp.instance_kinds)
	value := gcp.metadata_entry(vm.attrs, key)
	gcp.metadata_false(value)
	finding := {
		"resource": vm.id,
		"attribute": ["metadata", key],
		"msg": sprintf("%s disables OS Login (metadata %s = %s)", [vm.name, key, gcp.literal(value)]),
	}
}

# Project metadata sets OS Login to false.
deny contains finding if {
	some project in object.get(input.by_kind, "google_compute_project_metadata", [])
	value := gcp.metadata_entry(project.attrs, key)
	gcp.metadata_false(value)
	finding := {
		"resource": project.id,
		"attribute": ["metadata", key],
		"msg": sprintf("project metadata %s disables OS Login (%s = %s)", [project.name, key, gcp.literal(value)]),
	}
}

# Project metadata (which replaces all project metadata) without OS Login.
deny contains finding if {
	some project in object.get(input.by_kind, "google_compute_project_metadata", [])
	gcp.metadata_entry(project.attrs, key) == null
	finding := {
		"resource": project.id,
		"attribute": "metadata",
		"msg": sprintf("project metadata %s does not enable OS Login (no %s entry)", [project.name, key]),
	}
}

deny contains finding if {
	some item in object.get(input.by_kind, "google_compute_project_metadata_item", [])
	item.attrs.key == key
	gcp.metadata_false(item.attrs.value)
	finding := {
		"resource": item.id,
		"attribute": "value",
		"msg": sprintf("project metadata item %s disables OS Login (%s = %s)", [item.name, key, gcp.literal(item.attrs.value)]),
	}
}
