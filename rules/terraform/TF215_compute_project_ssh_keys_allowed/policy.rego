# METADATA
# title: Compute Engine VM accepts project-wide SSH keys
# description: >-
#   SSH keys stored in project metadata open every VM of the project that does not block
#   them, so one key given to one person or tool for one machine logs in everywhere, and
#   removing access means editing the project. Blocking project-wide keys (or using OS Login,
#   which ignores metadata keys) limits SSH to keys granted for the VM itself. Severity MEDIUM:
#   it widens the reach of a leaked or forgotten key rather than exposing the VM by itself.
#   Reports google_compute_instance and instance templates whose metadata does not set
#   `block-project-ssh-keys` to true, unless OS Login is on: in the VM's metadata
#   (`enable-oslogin`), or for its project through a google_compute_project_metadata(_item)
#   of the scan that the VM does not override; google_compute_instance_from_template is reported only when its own
#   metadata sets `block-project-ssh-keys` to false (otherwise the template decides). Values
#   that cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/compute/docs/connect/restrict-ssh-keys#block-keys
#   - https://cloud.google.com/compute/docs/oslogin
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance#metadata
# custom:
#   id: TF215
#   name: compute-project-ssh-keys-allowed
#   severity: MEDIUM
#   remediation: >-
#     Add `"block-project-ssh-keys" = "true"` to the VM's `metadata`, or better enable OS
#     Login with `"enable-oslogin" = "TRUE"` (on the VM or the project) and grant
#     roles/compute.osLogin to the people who need SSH.
#   aliases:
#     - CKV_GCP_32
#     - AVD-GCP-0030
#   frameworks:
#     cis-gcp-foundations-1.3: ["4.3"]
#   targets: [terraform]
package bastion.rules.tf215

import data.bastion.lib.gcp
import rego.v1

key := "block-project-ssh-keys"

# Explicitly allowed, on any kind of VM resource.
deny contains finding if {
	some vm in gcp.resources_of(gcp.instance_kinds)
	gcp.metadata_false(gcp.metadata_entry(vm.attrs, key))
	not _os_login(vm)
	not _os_login_unknown(vm)
	finding := {
		"resource": vm.id,
		"attribute": ["metadata", key],
		"msg": sprintf("%s accepts project-wide SSH keys (metadata %s = %s)", [vm.name, key, gcp.literal(gcp.metadata_entry(vm.attrs, key))]),
	}
}

# Allowed by default: no block-project-ssh-keys entry (templates decide for VMs built from them).
deny contains finding if {
	some vm in gcp.resources_of(gcp.instance_kinds)
	vm.kind != "google_compute_instance_from_template"
	gcp.metadata_entry(vm.attrs, key) == null
	not _os_login(vm)
	not _os_login_unknown(vm)
	finding := {
		"resource": vm.id,
		"attribute": "metadata",
		"msg": sprintf("%s accepts project-wide SSH keys (its metadata does not set %s)", [vm.name, key]),
	}
}

# OS Login ignores metadata SSH keys: enabled on the VM, or on its project (a
# google_compute_project_metadata or _item of the scan) without the VM turning it off.
_os_login(vm) if gcp.metadata_true(gcp.metadata_entry(vm.attrs, "enable-oslogin"))

_os_login(vm) if {
	gcp.project_os_login(vm)
	not gcp.metadata_false(gcp.metadata_entry(vm.attrs, "enable-oslogin"))
}

# Whether OS Login is on cannot be known: the VM's setting, or its project's.
_os_login_unknown(vm) if not gcp.metadata_entry(vm.attrs, "enable-oslogin")

_os_login_unknown(vm) if gcp.project_os_login_unknown(vm)
