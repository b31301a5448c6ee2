# METADATA
# title: Compute Engine VM runs as the default service account with full API access
# description: >-
#   A VM that uses the default Compute Engine service account with the `cloud-platform` scope
#   hands every process on it a token for all Google Cloud APIs with the account's roles,
#   which by default include Editor on the whole project. Anyone who gets code execution on
#   the VM (or can reach its metadata server through an SSRF) can then read and change almost
#   everything in the project. Severity HIGH: it turns a single compromised VM into a
#   project compromise. Checks the `service_account` block of google_compute_instance,
#   instance templates and google_compute_instance_from_template, with the same notion of
#   default account as TF213 (default address, no `email`, or the
#   google_compute_default_service_account data source), and the scope `cloud-platform` or
#   its URL. Values that cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/compute/docs/access/service-accounts#scopes_best_practice
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance#scopes
# custom:
#   id: TF214
#   name: compute-default-service-account-full-scope
#   severity: HIGH
#   remediation: >-
#     Run the VM as a dedicated service account with only the roles it needs (the
#     cloud-platform scope is then fine, IAM limits the token), or at least restrict the
#     scopes of the default account to the APIs the VM uses.
#   aliases:
#     - CKV_GCP_31
#     - bc280331-27b9-4acb-a010-018e8098aa5d
#   frameworks:
#     cis-gcp-foundations-1.3: ["4.2"]
#   targets: [terraform]
package bastion.rules.tf214

import data.bastion.lib.gcp
import rego.v1

full_access_scopes := {"cloud-platform", "https://www.googleapis.com/auth/cloud-platform"}

deny contains finding if {
	some vm in gcp.resources_of(gcp.instance_kinds)
	some i, account in vm.attrs.service_account
	gcp.uses_default_service_account(account)
	some j, scope in account.scopes
	scope in full_access_scopes
	finding := {
		"resource": vm.id,
		"attribute": sprintf("service_account[%d].scopes[%d]", [i, j]),
		"msg": sprintf("%s gives the default Compute Engine service account access to every Google Cloud API (scope %s)", [vm.name, scope]),
	}
}
