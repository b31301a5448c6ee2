# METADATA
# title: Compute Engine VM runs as the default service account
# description: >-
#   The default Compute Engine service account is shared by every VM of the project that does
#   not name another one, and unless an organization policy prevents it, it holds the Editor
#   role on the whole project. Any process on such a VM (or anyone who gets code execution on
#   it) can act with those rights through the metadata server, and no one can tell the VMs'
#   activity apart in audit logs. Severity MEDIUM: the OAuth scopes of the VM may still limit
#   what the token can do (TF214 reports the full cloud-platform scope). Checks the
#   `service_account` block of google_compute_instance, instance templates and
#   google_compute_instance_from_template: an address matching
#   <number>-compute@developer.gserviceaccount.com, a block without `email` (the provider then
#   uses the default account), or an address read from the
#   google_compute_default_service_account data source (unknown until plan, but the default
#   account by definition). Other addresses that cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/compute/docs/access/service-accounts#default_service_account
#   - https://cloud.google.com/compute/docs/access/create-enable-service-accounts-for-instances
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance#service_account
# custom:
#   id: TF213
#   name: compute-default-service-account
#   severity: MEDIUM
#   remediation: >-
#     Create a dedicated google_service_account per workload with only the roles it needs, and
#     set `service_account { email = google_service_account.<name>.email scopes =
#     ["cloud-platform"] }`.
#   aliases:
#     - CKV_GCP_30
#     - AVD-GCP-0044
#   frameworks:
#     cis-gcp-foundations-1.3: ["4.1"]
#   targets: [terraform]
package bastion.rules.tf213

import data.bastion.lib
import data.bastion.lib.gcp
import rego.v1

deny contains finding if {
	some vm in gcp.resources_of(gcp.instance_kinds)
	some i, account in vm.attrs.service_account
	gcp.uses_default_service_account(account)
	finding := {
		"resource": vm.id,
		"attribute": _attribute(account, i),
		"msg": sprintf("%s runs as the default Compute Engine service account (%s)", [vm.name, _how(account)]),
	}
}

_attribute(account, i) := sprintf("service_account[%d].email", [i]) if object.get(account, "email", null) != null

else := sprintf("service_account[%d]", [i])

_how(account) := "service_account sets no email, so the provider uses the default account" if object.get(account, "email", null) == null

else := "read from data.google_compute_default_service_account" if lib.is_unknown(account.email)

else := account.email
