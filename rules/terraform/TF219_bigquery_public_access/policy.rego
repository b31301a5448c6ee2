# METADATA
# title: BigQuery dataset or table is accessible to anyone
# description: >-
#   Granting access to `allUsers` or `allAuthenticatedUsers` lets anyone on the internet, or
#   anyone with any Google account, query the data (and with writer roles, change it); the
#   queries are even billed to them, so nothing in your billing reveals the leak. Severity
#   HIGH: BigQuery datasets typically hold large volumes of business or personal data. Checks
#   the `access` blocks of google_bigquery_dataset (`special_group` and `iam_member`),
#   google_bigquery_dataset_access, dataset and table IAM members and bindings, and dataset
#   IAM policies (inline, or from a google_iam_policy data source they reference). Members
#   that cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/bigquery/docs/control-access-to-resources-iam
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/bigquery_dataset#access
# custom:
#   id: TF219
#   name: bigquery-public-access
#   severity: HIGH
#   remediation: >-
#     Remove the allUsers and allAuthenticatedUsers grants; grant roles to specific groups or
#     service accounts, and share data outside the organization through Analytics Hub or
#     authorized views.
#   aliases:
#     - CKV_GCP_15
#     - AVD-GCP-0046
#     - e576ce44-dd03-4022-a8c0-3906acca2ab4
#   frameworks:
#     cis-gcp-foundations-1.3: ["7.1"]
#   targets: [terraform]
package bastion.rules.tf219

import data.bastion.lib.gcp
import rego.v1

iam_member_kinds := {"google_bigquery_dataset_iam_member", "google_bigquery_table_iam_member"}

iam_binding_kinds := {"google_bigquery_dataset_iam_binding", "google_bigquery_table_iam_binding"}

deny contains finding if {
	some dataset in object.get(input.by_kind, "google_bigquery_dataset", [])
	some i, entry in dataset.attrs.access
	some field in ["special_group", "iam_member"]
	gcp.public_member(entry[field])
	finding := _finding(dataset, sprintf("access[%d].%s", [i, field]), entry[field], object.get(entry, "role", null))
}

deny contains finding if {
	some entry in object.get(input.by_kind, "google_bigquery_dataset_access", [])
	some field in ["special_group", "iam_member"]
	gcp.public_member(entry.attrs[field])
	finding := _finding(entry, field, entry.attrs[field], object.get(entry.attrs, "role", null))
}

deny contains finding if {
	some grant in gcp.resources_of(iam_member_kinds)
	gcp.public_member(grant.attrs.member)
	finding := _finding(grant, "member", grant.attrs.member, grant.attrs.role)
}

deny contains finding if {
	some binding in gcp.resources_of(iam_binding_kinds)
	some i, member in binding.attrs.members
	gcp.public_member(member)
	finding := _finding(binding, sprintf("members[%d]", [i]), member, binding.attrs.role)
}

deny contains finding if {
	some policy in object.get(input.by_kind, "google_bigquery_dataset_iam_policy", [])
	some i, binding in policy.attrs.policy_data.bindings
	some j, member in binding.members
	gcp.public_member(member)
	finding := _finding(policy, sprintf("policy_data.bindings[%d].members[%d]", [i, j]), member, binding.role)
}

deny contains finding if {
	some policy in object.get(input.by_kind, "google_bigquery_dataset_iam_policy", [])
	some edge in object.get(input.edges_from, policy.id, [])
	document := input.by_id[edge.target]
	document.kind == "data.google_iam_policy"
	some binding in document.attrs.binding
	some member in binding.members
	gcp.public_member(member)
	finding := _finding(policy, "policy_data", member, binding.role)
}

_finding(resource, attribute, member, role) := {
	"resource": resource.id,
	"attribute": attribute,
	"msg": sprintf("%s grants %s to %s, making the data public", [resource.name, _role(role), member]),
}

_role(role) := role if is_string(role)

else := "access"
