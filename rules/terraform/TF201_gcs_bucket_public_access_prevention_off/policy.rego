# METADATA
# title: Cloud Storage bucket does not enforce public access prevention
# description: >-
#   Public access prevention is the bucket-level guardrail that blocks every grant to
#   allUsers or allAuthenticatedUsers, whatever IAM policy or ACL is later applied. A bucket
#   left at "inherited" (the default) can be made public by one IAM change unless an
#   organization policy (storage.publicAccessPrevention) enforces it for the whole project.
#   Severity LOW: the setting exposes nothing by itself (rule TF200 reports actual public
#   grants), it only removes a safety net. Reports google_storage_bucket resources whose
#   `public_access_prevention` is missing or "inherited". A value that cannot be known
#   statically is not reported.
# related_resources:
#   - https://cloud.google.com/storage/docs/public-access-prevention
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/storage_bucket#public_access_prevention
# custom:
#   id: TF201
#   name: gcs-bucket-public-access-prevention-off
#   severity: LOW
#   remediation: >-
#     Set `public_access_prevention = "enforced"` on buckets that never serve public content,
#     or enforce the storage.publicAccessPrevention organization policy for the project.
#   aliases:
#     - CKV_GCP_114
#   targets: [terraform]
package bastion.rules.tf201

import data.bastion.lib
import rego.v1

deny contains finding if {
	some bucket in _buckets
	prevention := bucket.attrs.public_access_prevention
	is_string(prevention)
	lower(trim_space(prevention)) == "inherited"
	finding := {
		"resource": bucket.id,
		"attribute": "public_access_prevention",
		"msg": sprintf("bucket %s does not enforce public access prevention (public_access_prevention = %q)", [bucket.name, prevention]),
	}
}

deny contains finding if {
	some bucket in _buckets
	object.get(bucket.attrs, "public_access_prevention", null) == null
	not lib.attribute_unknown(bucket, "public_access_prevention")
	finding := {
		"resource": bucket.id,
		"msg": sprintf("bucket %s does not enforce public access prevention (public_access_prevention is not set and defaults to \"inherited\")", [bucket.name]),
	}
}

_buckets := object.get(input.by_kind, "google_storage_bucket", [])
