# METADATA
# title: IAM password policy lets passwords live longer than 90 days
# description: >-
#   A password that never expires stays useful to whoever learned it, for as long as nobody
#   notices. PCI DSS (8.3.9 in v4.0, for passwords used as the only factor) and older CIS
#   benchmarks require changes at least every 90 days; NIST SP 800-63B instead advises
#   against forced periodic changes when passwords are long, screened and backed by MFA, which
#   is why this rule is LOW. An aws_iam_account_password_policy is reported when
#   max_password_age is above 90 or left out (passwords then never expire). Severity LOW:
#   expiry limits the use of an unnoticed leak, but MFA protects far better. A value that
#   cannot be known statically is not reported.
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
#   - https://pages.nist.gov/800-63-3/sp800-63b.html#memsecretver
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_account_password_policy
# custom:
#   id: TF024
#   name: iam-password-policy-without-expiry
#   severity: LOW
#   remediation: >-
#     Set max_password_age = 90 (or less) in the aws_iam_account_password_policy, or record
#     why your policy relies on MFA and leaked-password screening instead.
#   aliases:
#     - CKV_AWS_9
#     - AVD-AWS-0062
#   targets: [terraform]
package bastion.rules.tf024

import data.bastion.lib
import rego.v1

maximum_days := 90

deny contains finding if {
	some policy in object.get(input.by_kind, "aws_iam_account_password_policy", [])
	days := lib.number(policy.attrs.max_password_age)
	days > maximum_days
	finding := {
		"resource": policy.id,
		"attribute": "max_password_age",
		"msg": sprintf("%s lets passwords live %v days; require a change within %d", [policy.name, days, maximum_days]),
	}
}

deny contains finding if {
	some policy in object.get(input.by_kind, "aws_iam_account_password_policy", [])
	_never_expires(policy)
	finding := _never_finding(policy)
}

_never_expires(policy) if not "max_password_age" in object.keys(policy.attrs)

_never_expires(policy) if lib.number(policy.attrs.max_password_age) == 0

_never_finding(policy) := {
	"resource": policy.id,
	"attribute": "max_password_age",
	"msg": sprintf("%s sets max_password_age = 0, so passwords never expire", [policy.name]),
} if "max_password_age" in object.keys(policy.attrs)

_never_finding(policy) := {
	"resource": policy.id,
	"msg": sprintf("%s does not set max_password_age, so passwords never expire", [policy.name]),
} if not "max_password_age" in object.keys(policy.attrs)
