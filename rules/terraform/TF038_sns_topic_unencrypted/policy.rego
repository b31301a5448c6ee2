# METADATA
# title: SNS topic is not encrypted
# description: >-
#   SNS stores messages until they are delivered; without a KMS key they are kept unencrypted
#   at rest, and SNS (unlike SQS) has no default encryption. An aws_sns_topic is reported when
#   kms_master_key_id is left out or empty. Severity MEDIUM: the data is exposed only to
#   someone who reaches AWS's storage, but notifications often carry personal data or
#   operational secrets. A key that cannot be known statically counts as set.
# related_resources:
#   - https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sns_topic#kms_master_key_id
# custom:
#   id: TF038
#   name: sns-topic-unencrypted
#   severity: MEDIUM
#   remediation: >-
#     Set kms_master_key_id = aws_kms_key.<name>.arn (or "alias/aws/sns" for the AWS-managed
#     key) on the aws_sns_topic, and let publishers use the key.
#   aliases:
#     - CKV_AWS_26
#     - AVD-AWS-0095
#   targets: [terraform]
package bastion.rules.tf038

import rego.v1

deny contains finding if {
	some topic in object.get(input.by_kind, "aws_sns_topic", [])
	object.get(topic.attrs, "kms_master_key_id", null) in {null, ""}
	finding := {
		"resource": topic.id,
		"msg": sprintf("SNS topic %s has no kms_master_key_id, so its messages are stored unencrypted", [topic.name]),
	}
}
