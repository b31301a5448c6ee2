# METADATA
# title: S3 bucket without versioning
# custom:
#   id: ACME001
#   severity: LOW
package bastion.custom.s3_versioning

import rego.v1

deny contains finding if {
	some bucket in object.get(input.by_kind, "aws_s3_bucket", [])
	not bucket.attrs.versioning
	finding := {
		"resource": bucket.id,
		"attribute": "bucket",
		"msg": sprintf("bucket %s keeps no object versions", [bucket.name]),
	}
}
