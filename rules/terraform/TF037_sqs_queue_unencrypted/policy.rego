# METADATA
# title: SQS queue encryption is turned off
# description: >-
#   Messages often carry personal data, tokens or internal commands; without server-side
#   encryption they are stored in clear on AWS's side. Since late 2022, SQS encrypts new queues
#   with SQS-managed keys (SSE-SQS) unless told otherwise, so an aws_sqs_queue is reported only
#   when it turns that off: sqs_managed_sse_enabled = false without a kms_master_key_id. A
#   queue that sets neither gets SSE-SQS and is not reported (a deliberate difference from
#   checks written before that default). Severity MEDIUM: the data is exposed only to someone
#   who reaches AWS's storage, but the setting is an explicit opt-out. Settings that cannot be
#   known statically are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue#sqs_managed_sse_enabled
# custom:
#   id: TF037
#   name: sqs-queue-unencrypted
#   severity: MEDIUM
#   remediation: >-
#     Remove sqs_managed_sse_enabled = false (SSE-SQS is then used), or set
#     kms_master_key_id = aws_kms_key.<name>.arn to encrypt with a customer-managed key.
#   aliases:
#     - CKV_AWS_27
#     - AVD-AWS-0096
#     - 6e8849c1-3aa7-40e3-9063-b85ee300f29f
#   targets: [terraform]
package bastion.rules.tf037

import rego.v1

deny contains finding if {
	some queue in object.get(input.by_kind, "aws_sqs_queue", [])
	queue.attrs.sqs_managed_sse_enabled == false
	object.get(queue.attrs, "kms_master_key_id", null) in {null, ""}
	finding := {
		"resource": queue.id,
		"attribute": "sqs_managed_sse_enabled",
		"msg": sprintf("SQS queue %s turns server-side encryption off (sqs_managed_sse_enabled = false and no kms_master_key_id)", [queue.name]),
	}
}
