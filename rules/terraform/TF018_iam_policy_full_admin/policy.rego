# METADATA
# title: IAM policy grants full administrator access
# description: >-
#   A statement that allows every action ("*") on every resource ("*") makes whoever holds the
#   policy an administrator of the account: they can read all data, change every setting,
#   create credentials for themselves and erase their tracks. Checks identity-based policies
#   (aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy,
#   aws_iam_role inline_policy, aws_ssoadmin_permission_set_inline_policy), written with
#   jsonencode or as a heredoc, and the statements of aws_iam_policy_document data sources
#   (statements with principals belong to resource and trust policies and are skipped).
#   Wildcards scoped to one service ("s3:*") or to named resources are not reported: that is
#   broad but not administrator access. Severity HIGH: one leaked credential with this policy
#   is a full account compromise. Actions or resources that cannot be known statically are
#   not reported.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
# custom:
#   id: TF018
#   name: iam-policy-full-admin
#   severity: HIGH
#   remediation: >-
#     List the actions the principal needs (e.g. ["s3:GetObject", "s3:PutObject"]) on the
#     resources it needs (e.g. "${aws_s3_bucket.data.arn}/*"); use IAM Access Analyzer policy
#     generation from CloudTrail activity to find them. Keep administrator access to a few
#     break-glass roles managed outside application code.
#   aliases:
#     - CKV_AWS_1
#     - CKV_AWS_62
#     - AVD-AWS-0057
#     - 2f37c4a3-58b9-4afe-8a87-d7f1d2286f84
#   frameworks:
#     cis-aws-foundations-1.5: ["1.16"]
#   targets: [terraform]
package bastion.rules.tf018

import data.bastion.lib.aws
import rego.v1

deny contains finding if {
	some entry in aws.identity_entries(input)
	statement := entry.statement
	aws.allows(statement)
	aws.is_wildcard(statement.actions)
	aws.is_wildcard(statement.resources)
	finding := {
		"resource": entry.node.id,
		"attribute": statement.action_path,
		"msg": sprintf("%s allows Action \"*\" on Resource \"*\", which is full administrator access", [entry.node.name]),
	}
}
