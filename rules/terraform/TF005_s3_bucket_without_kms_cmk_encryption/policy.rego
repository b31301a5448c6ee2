# METADATA
# title: S3 bucket not encrypted with a customer-managed KMS key
# description: >-
#   S3 encrypts every new object with S3-managed keys (SSE-S3) by default, so the data is
#   encrypted at rest either way; what a customer-managed KMS key adds is control: a key policy
#   that decides who may decrypt, CloudTrail records of every use, and the ability to revoke
#   access by disabling the key. A bucket is reported when no server-side encryption
#   configuration names it (legacy `server_side_encryption_configuration` block or
#   aws_s3_bucket_server_side_encryption_configuration), and a configuration is reported when
#   its default is AES256, or aws:kms / aws:kms:dsse without a kms_master_key_id (or with the
#   AWS-managed alias/aws/s3), which uses the AWS-managed key. Severity LOW: the data is
#   encrypted in any case; the gap is in key control and audit. A configuration whose bucket
#   cannot be resolved statically keeps the buckets of its root from being reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_server_side_encryption_configuration
# custom:
#   id: TF005
#   name: s3-bucket-without-kms-cmk-encryption
#   severity: LOW
#   remediation: >-
#     Add an aws_s3_bucket_server_side_encryption_configuration for the bucket with
#     rule { apply_server_side_encryption_by_default { sse_algorithm = "aws:kms",
#     kms_master_key_id = aws_kms_key.<name>.arn } bucket_key_enabled = true }.
#   aliases:
#     - CKV_AWS_145
#     - CKV_AWS_19
#     - AVD-AWS-0132
#     - AVD-AWS-0088
#     - 6726dcc0-5ff5-459d-b473-a780bef7665c
#   targets: [terraform]
package bastion.rules.tf005

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

config_kind := "aws_s3_bucket_server_side_encryption_configuration"

kms_algorithms := {"aws:kms", "aws:kms:dsse"}

deny contains finding if {
	some bucket in aws.resources(["aws_s3_bucket"])
	count(object.get(bucket.attrs, "server_side_encryption_configuration", [])) == 0
	not lib.attribute_unknown(bucket, "server_side_encryption_configuration")
	not aws.has_bucket_config(bucket, config_kind)
	not aws.bucket_config_undecided(bucket, config_kind)
	finding := {
		"resource": bucket.id,
		"msg": sprintf("S3 bucket %s has no server-side encryption configuration, so it uses S3-managed keys rather than a customer-managed KMS key", [bucket.name]),
	}
}

deny contains finding if {
	some sse in _defaults
	sse.value.sse_algorithm == "AES256"
	finding := {
		"resource": sse.node.id,
		"attribute": concat("", [sse.path, ".sse_algorithm"]),
		"msg": sprintf("%s encrypts with AES256 (S3-managed keys) rather than a customer-managed KMS key", [sse.node.name]),
	}
}

deny contains finding if {
	some sse in _defaults
	sse.value.sse_algorithm in kms_algorithms
	not lib.attribute_unknown(sse.node, concat("", [sse.path, ".kms_master_key_id"]))
	_aws_managed_key(object.get(sse.value, "kms_master_key_id", null))
	finding := {
		"resource": sse.node.id,
		"attribute": concat("", [sse.path, ".sse_algorithm"]),
		"msg": sprintf("%s encrypts with %s under the AWS-managed aws/s3 key, not a customer-managed KMS key", [sse.node.name, sse.value.sse_algorithm]),
	}
}

_aws_managed_key(key) if key == null

_aws_managed_key(key) if key == ""

_aws_managed_key(key) if key == "alias/aws/s3"

# Every apply_server_side_encryption_by_default block: legacy inline ones and split resources.
_defaults contains {"node": bucket, "value": value, "path": path} if {
	some bucket in aws.resources(["aws_s3_bucket"])
	some i, configuration in object.get(bucket.attrs, "server_side_encryption_configuration", [])
	some j, rule in object.get(configuration, "rule", [])
	some k, value in object.get(rule, "apply_server_side_encryption_by_default", [])
	path := sprintf("server_side_encryption_configuration[%d].rule[%d].apply_server_side_encryption_by_default[%d]", [i, j, k])
}

_defaults contains {"node": node, "value": value, "path": path} if {
	some node in object.get(input.by_kind, config_kind, [])
	some j, rule in object.get(node.attrs, "rule", [])
	some k, value in object.get(rule, "apply_server_side_encryption_by_default", [])
	path := sprintf("rule[%d].apply_server_side_encryption_by_default[%d]", [j, k])
}
