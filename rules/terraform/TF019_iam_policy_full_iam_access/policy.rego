# METADATA
# title: IAM policy grants every IAM action on every resource
# description: >-
#   "iam:*" on "*" lets the holder create users and access keys, attach any policy to
#   themselves and rewrite role trust policies, so it is administrator access one API call
#   later, even though the policy looks scoped to one service. Checks the same policies as
#   TF018 (identity-based policies in JSON or heredoc form, aws_iam_policy_document
#   statements without principals) for an Allow statement whose actions include "iam:*"
#   (any letter case) on Resource "*"; statements that also allow "*" are TF018's findings.
#   Severity HIGH: it is a direct privilege-escalation path to the whole account. Actions or
#   resources that cannot be known statically are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#   - https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
# custom:
#   id: TF019
#   name: iam-policy-full-iam-access
#   severity: HIGH
#   remediation: >-
#     Replace "iam:*" with the IAM actions the principal needs, scoped to named resources,
#     e.g. Action = ["iam:PassRole"] with Resource = aws_iam_role.<name>.arn, and protect
#     delegated administration with a permissions boundary.
#   aliases:
#     - CKV2_AWS_40
#   targets: [terraform]
package bastion.rules.tf019

import data.bastion.lib.aws
import rego.v1

deny contains finding if {
	some entry in aws.identity_entries(input)
	statement := entry.statement
	aws.allows(statement)
	not aws.is_wildcard(statement.actions)
	some action in statement.actions
	is_string(action)
	lower(action) == "iam:*"
	aws.is_wildcard(statement.resources)
	finding := {
		"resource": entry.node.id,
		"attribute": statement.action_path,
		"msg": sprintf("%s allows \"%s\" on Resource \"*\", which lets the holder grant itself any permission", [entry.node.name, action]),
	}
}
