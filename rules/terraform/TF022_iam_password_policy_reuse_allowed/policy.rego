# METADATA
# title: IAM password policy lets users reuse recent passwords
# description: >-
#   Without reuse prevention a user asked to change a password (after a suspected leak, or
#   at expiry) can set the same one again, or cycle between two, and the leaked password
#   stays valid. An aws_iam_account_password_policy is reported when
#   password_reuse_prevention is below 24 (the largest value IAM accepts) or left out (no
#   reuse prevention at all). Severity MEDIUM: it undoes password rotation, which matters
#   once a password has leaked. A value that cannot be known statically is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy
# custom:
#   id: TF022
#   name: iam-password-policy-reuse-allowed
#   severity: MEDIUM
#   remediation: Set password_reuse_prevention = 24 in the aws_iam_account_password_policy.
#   aliases:
#     - CKV_AWS_13
#     - AVD-AWS-0056
#   frameworks:
#     cis-aws-foundations-1.5: ["1.9"]
#   targets: [terraform]
package bastion.rules.tf022

import data.bastion.lib
import rego.v1

remembered := 24

deny contains finding if {
	some policy in object.get(input.by_kind, "aws_iam_account_password_policy", [])
	count_remembered := lib.number(policy.attrs.password_reuse_prevention)
	count_remembered < remembered
	finding := {
		"resource": policy.id,
		"attribute": "password_reuse_prevention",
		"msg": sprintf("%s prevents reuse of only the last %v passwords; set %d", [policy.name, count_remembered, remembered]),
	}
}

deny contains finding if {
	some policy in object.get(input.by_kind, "aws_iam_account_password_policy", [])
	not "password_reuse_prevention" in object.keys(policy.attrs)
	finding := {
		"resource": policy.id,
		"msg": sprintf("%s does not set password_reuse_prevention, so users can reuse their previous passwords", [policy.name]),
	}
}
