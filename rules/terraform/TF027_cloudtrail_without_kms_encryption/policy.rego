# METADATA
# title: CloudTrail logs are not encrypted with a KMS key
# description: >-
#   CloudTrail logs describe every API call of the account, which makes them a map for an
#   attacker; with SSE-KMS, reading them needs both S3 access to the bucket and decrypt
#   permission on the key, and every decryption is itself logged. An aws_cloudtrail is
#   reported when kms_key_id is left out or empty (logs then get only S3-managed
#   encryption). Severity MEDIUM: the logs are encrypted at rest either way; the gap is a
#   second, independent access control. A key that cannot be known statically counts as
#   set.
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/encrypting-cloudtrail-log-files-with-aws-kms.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudtrail#kms_key_id
# custom:
#   id: TF027
#   name: cloudtrail-without-kms-encryption
#   severity: MEDIUM
#   remediation: >-
#     Set kms_key_id = aws_kms_key.<name>.arn on the aws_cloudtrail, with a key policy that
#     lets cloudtrail.amazonaws.com encrypt and your auditors decrypt.
#   aliases:
#     - CKV_AWS_35
#     - AVD-AWS-0015
#   frameworks:
#     cis-aws-foundations-1.5: ["3.7"]
#   targets: [terraform]
package bastion.rules.tf027

import rego.v1

deny contains finding if {
	some trail in object.get(input.by_kind, "aws_cloudtrail", [])
	object.get(trail.attrs, "kms_key_id", null) in {null, ""}
	finding := {
		"resource": trail.id,
		"msg": sprintf("CloudTrail %s has no kms_key_id, so its logs are not encrypted with a KMS key", [trail.name]),
	}
}
