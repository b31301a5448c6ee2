# METADATA
# title: IAM password policy does not require every character class
# description: >-
#   Requiring lowercase and uppercase letters, numbers and symbols widens the search space a
#   password guesser must cover, which matters most for the short passwords people choose
#   when nothing else is required. An aws_iam_account_password_policy is reported once for
#   each of require_lowercase_characters, require_uppercase_characters, require_numbers and
#   require_symbols that is false or left out (each defaults to false). Severity MEDIUM:
#   length (TF021) and MFA matter more, but each missing class makes passwords easier to
#   guess. A setting that cannot be known statically is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy
# custom:
#   id: TF023
#   name: iam-password-policy-weak-complexity
#   severity: MEDIUM
#   remediation: >-
#     Set require_lowercase_characters, require_uppercase_characters, require_numbers and
#     require_symbols to true in the aws_iam_account_password_policy.
#   aliases:
#     - CKV_AWS_11
#     - CKV_AWS_12
#     - CKV_AWS_14
#     - CKV_AWS_15
#     - AVD-AWS-0058
#     - AVD-AWS-0059
#     - AVD-AWS-0060
#     - AVD-AWS-0061
#   targets: [terraform]
package bastion.rules.tf023

import data.bastion.lib
import rego.v1

requirements := {
	"require_lowercase_characters": "lowercase letters",
	"require_uppercase_characters": "uppercase letters",
	"require_numbers": "numbers",
	"require_symbols": "symbols",
}

deny contains finding if {
	some policy in object.get(input.by_kind, "aws_iam_account_password_policy", [])
	some setting, characters in requirements
	not lib.attribute_unknown(policy, setting)
	object.get(policy.attrs, setting, false) != true
	finding := object.union(
		{
			"resource": policy.id,
			"msg": sprintf("%s does not require %s in passwords (%s is %v)", [policy.name, characters, setting, object.get(policy.attrs, setting, "unset")]),
		},
		_attribute(policy, setting),
	)
}

_attribute(policy, setting) := {"attribute": setting} if setting in object.keys(policy.attrs)

_attribute(policy, setting) := {} if not setting in object.keys(policy.attrs)
