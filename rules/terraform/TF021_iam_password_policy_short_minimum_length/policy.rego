# METADATA
# title: IAM password policy allows passwords shorter than 14 characters
# description: >-
#   Length is what makes a password resist guessing and offline cracking; the account default
#   is 8 characters. An aws_iam_account_password_policy is reported when its
#   minimum_password_length is below 14 or left out (the IAM API then applies 6). Severity
#   MEDIUM: it weakens every console password of the account's IAM users, but MFA and
#   single sign-on reduce how much passwords matter. A length that cannot be known
#   statically is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy
# custom:
#   id: TF021
#   name: iam-password-policy-short-minimum-length
#   severity: MEDIUM
#   remediation: Set minimum_password_length = 14 (or more) in the aws_iam_account_password_policy.
#   aliases:
#     - CKV_AWS_10
#     - AVD-AWS-0063
#   frameworks:
#     cis-aws-foundations-1.5: ["1.8"]
#   targets: [terraform]
package bastion.rules.tf021

import data.bastion.lib
import rego.v1

minimum := 14

deny contains finding if {
	some policy in object.get(input.by_kind, "aws_iam_account_password_policy", [])
	length := lib.number(policy.attrs.minimum_password_length)
	length < minimum
	finding := {
		"resource": policy.id,
		"attribute": "minimum_password_length",
		"msg": sprintf("%s allows passwords of %v characters; require at least %d", [policy.name, length, minimum]),
	}
}

deny contains finding if {
	some policy in object.get(input.by_kind, "aws_iam_account_password_policy", [])
	not "minimum_password_length" in object.keys(policy.attrs)
	finding := {
		"resource": policy.id,
		"msg": sprintf("%s does not set minimum_password_length, so passwords of 6 characters are allowed; require at least %d", [policy.name, minimum]),
	}
}
