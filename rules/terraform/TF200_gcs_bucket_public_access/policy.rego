# METADATA
# title: Cloud Storage bucket is readable or writable by anyone
# description: >-
#   Granting a role on a bucket to `allUsers` makes its objects readable (or writable) by
#   anyone on the internet without signing in, and `allAuthenticatedUsers` by anyone with any
#   Google account, which is practically the same. Severity HIGH: it is the most common cause
#   of Cloud Storage data leaks. Checks bucket IAM members and bindings, bucket IAM policies
#   (inline `jsonencode` policies, and google_iam_policy data sources they reference through
#   the graph), bucket and default object ACL entries, and public predefined ACLs. Members
#   that cannot be known statically are not reported.
# related_resources:
#   - https://cloud.google.com/storage/docs/access-control/making-data-public
#   - https://cloud.google.com/storage/docs/public-access-prevention
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket_iam
# custom:
#   id: TF200
#   name: gcs-bucket-public-access
#   severity: HIGH
#   remediation: >-
#     Remove the allUsers and allAuthenticatedUsers members and ACL entries, grant roles to
#     specific users, groups or service accounts, serve public content through Cloud CDN or
#     signed URLs, and set `public_access_prevention = "enforced"` on the bucket.
#   aliases:
#     - CKV_GCP_28
#     - AVD-GCP-0001
#     - c010082c-76e0-4b91-91d9-6e8439e455dd
#   frameworks:
#     cis-gcp-foundations-1.3: ["5.1"]
#   targets: [terraform]
package bastion.rules.tf200

import data.bastion.lib.gcp
import rego.v1

public_predefined_acls := {"publicRead", "publicReadWrite", "authenticatedRead"}

deny contains finding if {
	some grant in object.get(input.by_kind, "google_storage_bucket_iam_member", [])
	gcp.public_member(grant.attrs.member)
	finding := _finding(grant, "member", sprintf("grants %s to %s", [gcp.describe(grant.attrs.role), grant.attrs.member]))
}

deny contains finding if {
	some binding in object.get(input.by_kind, "google_storage_bucket_iam_binding", [])
	some i, member in binding.attrs.members
	gcp.public_member(member)
	finding := _finding(binding, sprintf("members[%d]", [i]), sprintf("grants %s to %s", [gcp.describe(binding.attrs.role), member]))
}

# An inline policy (jsonencode or a heredoc), decoded by the parser.
deny contains finding if {
	some policy in object.get(input.by_kind, "google_storage_bucket_iam_policy", [])
	some i, binding in policy.attrs.policy_data.bindings
	some j, member in binding.members
	gcp.public_member(member)
	finding := _finding(policy, sprintf("policy_data.bindings[%d].members[%d]", [i, j]), sprintf("grants %s to %s", [gcp.describe(binding.role), member]))
}

# A policy read from a google_iam_policy data source: its bindings are in the configuration.
deny contains finding if {
	some policy in object.get(input.by_kind, "google_storage_bucket_iam_policy", [])
	some edge in object.get(input.edges_from, policy.id, [])
	document := input.by_id[edge.target]
	document.kind == "data.google_iam_policy"
	some binding in document.attrs.binding
	some member in binding.members
	gcp.public_member(member)
	finding := _finding(policy, "policy_data", sprintf("grants %s to %s through %s", [gcp.describe(binding.role), member, document.name]))
}

deny contains finding if {
	some kind in ["google_storage_bucket_access_control", "google_storage_default_object_access_control"]
	some entry in object.get(input.by_kind, kind, [])
	gcp.public_member(entry.attrs.entity)
	finding := _finding(entry, "entity", sprintf("grants %s to %s", [gcp.describe(entry.attrs.role), entry.attrs.entity]))
}

deny contains finding if {
	some kind in ["google_storage_bucket_acl", "google_storage_default_object_acl"]
	some acl in object.get(input.by_kind, kind, [])
	some i, role_entity in acl.attrs.role_entity
	is_string(role_entity)
	parts := split(role_entity, ":")
	count(parts) == 2
	gcp.public_member(parts[1])
	finding := _finding(acl, sprintf("role_entity[%d]", [i]), sprintf("grants %s to %s", [parts[0], parts[1]]))
}

deny contains finding if {
	some acl in object.get(input.by_kind, "google_storage_bucket_acl", [])
	acl.attrs.predefined_acl in public_predefined_acls
	finding := _finding(acl, "predefined_acl", sprintf("applies the public predefined ACL %s", [acl.attrs.predefined_acl]))
}

_finding(resource, attribute, what) := {
	"resource": resource.id,
	"attribute": attribute,
	"msg": sprintf("%s %s, making the bucket's data public", [resource.name, what]),
}
