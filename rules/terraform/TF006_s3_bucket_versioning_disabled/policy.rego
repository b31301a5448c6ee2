# METADATA
# title: S3 bucket versioning is not enabled
# description: >-
#   Without versioning, an overwrite or a delete (by mistake, by a faulty deployment or by
#   ransomware holding stolen credentials) destroys the only copy of an object. A bucket is
#   reported when neither a legacy `versioning` block nor an aws_s3_bucket_versioning
#   resource enables versioning for it; a legacy block with `enabled` false or unset and an
#   aws_s3_bucket_versioning whose status is Suspended or Disabled are reported on that
#   setting. Severity MEDIUM: it turns recoverable mistakes into permanent data loss, but
#   needs a destructive action to matter. A versioning resource whose bucket cannot be
#   resolved statically keeps the buckets of its root from being reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_versioning
# custom:
#   id: TF006
#   name: s3-bucket-versioning-disabled
#   severity: MEDIUM
#   remediation: >-
#     Add resource "aws_s3_bucket_versioning" with bucket = aws_s3_bucket.<name>.id and
#     versioning_configuration { status = "Enabled" } (on AWS provider v3 and older:
#     versioning { enabled = true } inside the bucket).
#   aliases:
#     - CKV_AWS_21
#     - AVD-AWS-0090
#   targets: [terraform]
package bastion.rules.tf006

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

versioning_kind := "aws_s3_bucket_versioning"

deny contains finding if {
	some bucket in aws.resources(["aws_s3_bucket"])
	count(object.get(bucket.attrs, "versioning", [])) == 0
	not lib.attribute_unknown(bucket, "versioning")
	not aws.has_bucket_config(bucket, versioning_kind)
	not aws.bucket_config_undecided(bucket, versioning_kind)
	finding := {
		"resource": bucket.id,
		"msg": sprintf("S3 bucket %s has no aws_s3_bucket_versioning with status Enabled", [bucket.name]),
	}
}

# Legacy inline block (AWS provider v3), when no split resource manages the bucket.
deny contains finding if {
	some bucket in aws.resources(["aws_s3_bucket"])
	not aws.has_bucket_config(bucket, versioning_kind)
	some i, versioning in object.get(bucket.attrs, "versioning", [])
	path := sprintf("versioning[%d].enabled", [i])
	not lib.attribute_unknown(bucket, path)
	object.get(versioning, "enabled", false) != true
	finding := {
		"resource": bucket.id,
		"attribute": path,
		"msg": sprintf("S3 bucket %s has versioning enabled = %v", [bucket.name, object.get(versioning, "enabled", false)]),
	}
}

deny contains finding if {
	some resource in object.get(input.by_kind, versioning_kind, [])
	some i, configuration in object.get(resource.attrs, "versioning_configuration", [])
	status := configuration.status
	status in {"Suspended", "Disabled"}
	finding := {
		"resource": resource.id,
		"attribute": sprintf("versioning_configuration[%d].status", [i]),
		"msg": sprintf("%s sets versioning status %s", [resource.name, status]),
	}
}
