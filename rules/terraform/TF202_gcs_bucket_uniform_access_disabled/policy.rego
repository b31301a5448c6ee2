# METADATA
# title: Cloud Storage bucket uses object ACLs instead of uniform bucket-level access
# description: >-
#   Without uniform bucket-level access, every object of a bucket can carry its own ACL, so
#   who can read the data is decided object by object, is invisible in the bucket's IAM
#   policy, and a single object can be made public by whoever uploads it. Uniform access
#   makes IAM the only access mechanism. Severity MEDIUM: it hides access grants from review
#   and from IAM tooling rather than granting access itself. Reports google_storage_bucket
#   resources whose `uniform_bucket_level_access` is false or missing (the default is false);
#   the legacy `bucket_policy_only = true` counts as enabled. A value that cannot be known
#   statically is not reported.
# related_resources:
#   - https://cloud.google.com/storage/docs/uniform-bucket-level-access
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket#uniform_bucket_level_access
# custom:
#   id: TF202
#   name: gcs-bucket-uniform-access-disabled
#   severity: MEDIUM
#   remediation: >-
#     Set `uniform_bucket_level_access = true` and grant access with
#     google_storage_bucket_iam_member resources; ACLs stop applying once it is on.
#   aliases:
#     - CKV_GCP_29
#     - AVD-GCP-0002
#   frameworks:
#     cis-gcp-foundations-1.3: ["5.2"]
#   targets: [terraform]
package bastion.rules.tf202

import data.bastion.lib
import data.bastion.lib.gcp
import rego.v1

deny contains finding if {
	some bucket in _buckets
	gcp.is_false(bucket.attrs.uniform_bucket_level_access)
	not gcp.is_true(object.get(bucket.attrs, "bucket_policy_only", null))
	not lib.attribute_unknown(bucket, "bucket_policy_only")
	finding := {
		"resource": bucket.id,
		"attribute": "uniform_bucket_level_access",
		"msg": sprintf("bucket %s lets object ACLs grant access (uniform_bucket_level_access = false)", [bucket.name]),
	}
}

deny contains finding if {
	some bucket in _buckets
	object.get(bucket.attrs, "uniform_bucket_level_access", null) == null
	not lib.attribute_unknown(bucket, "uniform_bucket_level_access")
	not gcp.is_true(object.get(bucket.attrs, "bucket_policy_only", null))
	not lib.attribute_unknown(bucket, "bucket_policy_only")
	finding := {
		"resource": bucket.id,
		"msg": sprintf("bucket %s lets object ACLs grant access (uniform_bucket_level_access is not set and defaults to false)", [bucket.name]),
	}
}

_buckets := object.get(input.by_kind, "google_storage_bucket", [])
