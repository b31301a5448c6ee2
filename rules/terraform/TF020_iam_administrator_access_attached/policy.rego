# METADATA
# title: AWS-managed AdministratorAccess policy attached
# description: >-
#   The AWS-managed AdministratorAccess policy allows every action on every resource; attached
#   to a role, user, group or SSO permission set, it makes every holder of those credentials
#   an administrator of the account. Reported: aws_iam_role_policy_attachment,
#   aws_iam_user_policy_attachment, aws_iam_group_policy_attachment and
#   aws_iam_policy_attachment (policy_arn), aws_ssoadmin_managed_policy_attachment
#   (managed_policy_arn), and aws_iam_role (managed_policy_arns) or
#   aws_iam_role_policy_attachments_exclusive (policy_arns) naming
#   arn:aws:iam::aws:policy/AdministratorAccess in any partition, directly or through a
#   data "aws_iam_policy" looked up by that name or ARN. Severity HIGH: one leaked
#   credential of the holder is a full account compromise.
# related_resources:
#   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
# custom:
#   id: TF020
#   name: iam-administrator-access-attached
#   severity: HIGH
#   remediation: >-
#     Attach a policy that lists the actions and resources the principal needs instead (an
#     aws_iam_policy of your own, or a narrower AWS-managed job-function policy such as
#     ReadOnlyAccess), and keep AdministratorAccess to break-glass roles managed outside
#     application code.
#   aliases:
#     - CKV_AWS_274
#   targets: [terraform]
package bastion.rules.tf020

import data.bastion.lib.aws
import rego.v1

admin_arn := `^arn:aws(-[a-z]+)*:iam::aws:policy/AdministratorAccess$`

single_arn_fields := {
	"aws_iam_role_policy_attachment": "policy_arn",
	"aws_iam_user_policy_attachment": "policy_arn",
	"aws_iam_group_policy_attachment": "policy_arn",
	"aws_iam_policy_attachment": "policy_arn",
	"aws_ssoadmin_managed_policy_attachment": "managed_policy_arn",
}

list_arn_fields := {
	"aws_iam_role": "managed_policy_arns",
	"aws_iam_role_policy_attachments_exclusive": "policy_arns",
}

deny contains finding if {
	some kind, field in single_arn_fields
	some node in object.get(input.by_kind, kind, [])
	_administrator_access(node, node.attrs[field])
	finding := _finding(node, field)
}

deny contains finding if {
	some kind, field in list_arn_fields
	some node in object.get(input.by_kind, kind, [])
	is_array(node.attrs[field])
	some i, arn in node.attrs[field]
	_administrator_access(node, arn)
	finding := _finding(node, sprintf("%s[%d]", [field, i]))
}

_administrator_access(_, arn) if {
	is_string(arn)
	regex.match(admin_arn, arn)
}

# data "aws_iam_policy" looked up by name or ARN.
_administrator_access(node, arn) if {
	some id in aws.referenced_ids(node, arn, {"data.aws_iam_policy"}, {})
	lookup := input.by_id[id].attrs
	_names_administrator_access(lookup)
}

_names_administrator_access(lookup) if lookup.name == "AdministratorAccess"

_names_administrator_access(lookup) if {
	is_string(lookup.arn)
	regex.match(admin_arn, lookup.arn)
}

_finding(node, attribute) := {
	"resource": node.id,
	"attribute": attribute,
	"msg": sprintf("%s attaches the AWS-managed AdministratorAccess policy", [node.name]),
}
