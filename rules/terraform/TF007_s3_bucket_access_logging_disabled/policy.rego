# METADATA
# title: S3 bucket without server access logging
# description: >-
#   Server access logs record every request made to a bucket (who, from where, which object),
#   which is what an investigation of a leak or of tampering needs and what CloudTrail data
#   events cost extra to provide. A bucket is reported when neither a legacy `logging` block
#   nor an aws_s3_bucket_logging resource names it. Buckets that receive the access logs of
#   another bucket (the target_bucket of a logging configuration) are not reported: logging a
#   log bucket into itself loops. Severity LOW: logging adds evidence after the fact but
#   prevents nothing. A logging configuration whose bucket or target bucket cannot be resolved
#   statically keeps the buckets of its root from being reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_logging
# custom:
#   id: TF007
#   name: s3-bucket-access-logging-disabled
#   severity: LOW
#   remediation: >-
#     Add resource "aws_s3_bucket_logging" with bucket = aws_s3_bucket.<name>.id,
#     target_bucket = aws_s3_bucket.<log bucket>.id and target_prefix = "<name>/".
#   aliases:
#     - CKV_AWS_18
#     - AVD-AWS-0089
#   targets: [terraform]
package bastion.rules.tf007

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

logging_kind := "aws_s3_bucket_logging"

deny contains finding if {
	some bucket in aws.resources(["aws_s3_bucket"])
	count(object.get(bucket.attrs, "logging", [])) == 0
	not lib.attribute_unknown(bucket, "logging")
	not aws.has_bucket_config(bucket, logging_kind)
	not aws.bucket_config_undecided(bucket, logging_kind)
	not bucket.id in _log_targets
	not _target_undecided(bucket)
	finding := {
		"resource": bucket.id,
		"msg": sprintf("S3 bucket %s has no server access logging (no aws_s3_bucket_logging names it)", [bucket.name]),
	}
}

# Every target_bucket of a logging configuration: [the configuring node's id, the value].
_targets contains [node.id, configuration.target_bucket] if {
	some node in aws.resources(["aws_s3_bucket"])
	some configuration in object.get(node.attrs, "logging", [])
}

_targets contains [node.id, node.attrs.target_bucket] if {
	some node in object.get(input.by_kind, logging_kind, [])
}

_log_targets contains bucket_id if {
	some [id, value] in _targets
	some bucket_id in aws.value_bucket_ids(input.by_id[id], value)
}

_unresolved_targets contains [id, value] if {
	some [id, value] in _targets
	count(aws.value_bucket_ids(input.by_id[id], value)) == 0
}

# A target that resolves to no bucket, while it may be this one.
_target_undecided(bucket) if {
	some [id, value] in _unresolved_targets
	aws.same_root(input.by_id[id], bucket)
	aws.may_name_bucket(value, bucket)
}
