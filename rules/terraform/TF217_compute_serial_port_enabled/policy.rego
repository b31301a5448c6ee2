# METADATA
# title: Interactive serial console access is enabled
# description: >-
#   The interactive serial console lets users with the right IAM role log in to a VM's
#   serial port from anywhere, bypassing the VPC firewall, network tags and IP allowlists
#   that protect SSH; it is meant for break-glass debugging and should stay off. Severity
#   MEDIUM: it still needs IAM permissions and a guest login, but it is an access path that
#   network controls cannot see. Reports `serial-port-enable` set to true in the metadata of
#   VMs and instance templates, in google_compute_project_metadata, and in a
#   google_compute_project_metadata_item (which enable it for every VM of the project).
#   Values that cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/compute/docs/troubleshooting/troubleshooting-using-serial-console
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance#metadata
# custom:
#   id: TF217
#   name: compute-serial-port-enabled
#   severity: MEDIUM
#   remediation: >-
#     Remove `serial-port-enable` from the metadata (or set it to "FALSE"); enable it
#     temporarily with gcloud when a VM needs break-glass debugging, and enforce the
#     compute.disableSerialPortAccess organization policy.
#   aliases:
#     - CKV_GCP_35
#     - AVD-GCP-0032
#   frameworks:
#     cis-gcp-foundations-1.3: ["4.5"]
#   targets: [terraform]
package bastion.rules.tf217

import data.bastion.lib.gcp
import rego.v1

key := "serial-port-enable"

deny contains finding if {
	some resource in gcp.resources_of(gcp.instance_kinds | {"google_compute_project_metadata"})
	value := gcp.metadata_entry(resource.attrs, key)
	gcp.metadata_true(value)
	finding := {
		"resource": resource.id,
		"attribute": ["metadata", key],
		"msg": sprintf("%s enables interactive serial console access (metadata %s = %s)", [resource.name, key, gcp.literal(value)]),
	}
}

deny contains finding if {
	some item in object.get(input.by_kind, "google_compute_project_metadata_item", [])
	item.attrs.key == key
	gcp.metadata_true(item.attrs.value)
	finding := {
		"resource": item.id,
		"attribute": "value",
		"msg": sprintf("%s enables interactive serial console access for the project (%s = %s)", [item.name, key, gcp.literal(item.attrs.value)]),
	}
}
