# METADATA
# title: S3 bucket without a complete public access block
# description: >-
#   S3 Block Public Access is the switch that overrides any public ACL or bucket policy, so a
#   later mistake in either cannot expose the data. A bucket is reported when no
#   aws_s3_bucket_public_access_block names it, and a public access block is reported for each
#   of its four settings (block_public_acls, block_public_policy, ignore_public_acls,
#   restrict_public_buckets) that is false or left out (they default to false). An
#   aws_s3_account_public_access_block with all four settings true in the same root module
#   covers every bucket. Severity HIGH: without the block, one permissive ACL or policy is
#   enough to publish the bucket. A block whose bucket cannot be resolved statically keeps
#   the buckets of its root from being reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block
# custom:
#   id: TF003
#   name: s3-bucket-without-public-access-block
#   severity: HIGH
#   remediation: >-
#     Add an aws_s3_bucket_public_access_block with bucket = aws_s3_bucket.<name>.id and
#     block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all
#     set to true (or one aws_s3_account_public_access_block with the same four settings).
#   aliases:
#     - CKV2_AWS_6
#     - CKV_AWS_53
#     - CKV_AWS_54
#     - CKV_AWS_55
#     - CKV_AWS_56
#     - AVD-AWS-0094
#     - AVD-AWS-0086
#     - AVD-AWS-0087
#     - AVD-AWS-0091
#     - AVD-AWS-0093
#     - 1ec253ab-c220-4d63-b2de-5b40e0af9293
#     - 1a4bc881-9f69-4d44-8c9a-d37d08f54c50
#   targets: [terraform]
package bastion.rules.tf003

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

settings := ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]

block_kind := "aws_s3_bucket_public_access_block"

deny contains finding if {
	some bucket in aws.resources(["aws_s3_bucket"])
	not aws.has_bucket_config(bucket, block_kind)
	not aws.bucket_config_undecided(bucket, block_kind)
	not _account_blocks_everything(bucket)
	finding := {
		"resource": bucket.id,
		"msg": sprintf("S3 bucket %s has no aws_s3_bucket_public_access_block", [bucket.name]),
	}
}

deny contains finding if {
	some block in object.get(input.by_kind, block_kind, [])
	not _account_blocks_everything(block)
	some setting in settings
	not lib.attribute_unknown(block, setting)
	object.get(block.attrs, setting, false) != true
	finding := object.union(
		{"resource": block.id, "msg": _setting_message(block, setting)},
		_attribute(block, setting),
	)
}

_setting_message(block, setting) := sprintf("public access block %s sets %s = %v", [block.name, setting, block.attrs[setting]])

_setting_message(block, setting) := sprintf("public access block %s leaves %s unset, which defaults to false", [block.name, setting]) if {
	not setting in object.keys(block.attrs)
}

_attribute(block, setting) := {"attribute": setting} if setting in object.keys(block.attrs)

_attribute(block, setting) := {} if not setting in object.keys(block.attrs)

_account_blocks_everything(node) if {
	some account_block in object.get(input.by_kind, "aws_s3_account_public_access_block", [])
	aws.same_root(account_block, node)
	every setting in settings {
		account_block.attrs[setting] == true
	}
}
