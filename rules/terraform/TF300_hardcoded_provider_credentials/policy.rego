# METADATA
# title: Credentials hard-coded in a Terraform provider block
# description: >-
#   A provider block that sets access_key, secret_key, token, password, client_secret or any
#   other credential to a literal puts a working cloud credential in the repository, its history,
#   every clone and every CI log that prints the configuration. Reported for every detector of
#   bastion's secret scanning (AWS access keys and secret keys, private keys, GitHub, GitLab and
#   Slack tokens, secret-looking names with high-entropy values...); values that come from a
#   variable without a default, an environment variable or a data source are not reported, and a
#   value taken from a variable default is reported once, on that default (TF303). The value is
#   never printed. Severity CRITICAL: provider credentials usually carry broad, long-lived
#   permissions on the whole account.
# related_resources:
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs#authentication-and-configuration
#   - https://developer.hashicorp.com/terraform/language/providers/configuration
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-users-federation-idp
# custom:
#   id: TF300
#   name: hardcoded-provider-credentials
#   severity: CRITICAL
#   remediation: >-
#     Delete the credential from the provider block and rotate it; let the provider read its
#     default credential chain (environment variables, a shared profile, an instance or workload
#     identity, OIDC in CI), e.g. provider "aws" { region = "eu-west-1" } with AWS_PROFILE set.
#   aliases:
#     - CKV_AWS_41
#     - CKV_SECRET_2
#     - f996f3cb-00fc-480c-8973-8ab04d44a8cc
#   targets: [terraform]
package bastion.rules.tf300

import data.bastion.lib.secrets
import rego.v1

deny contains finding if {
	some provider in object.get(input.by_kind, "terraform.provider", [])
	some entry in secrets.entries(provider)
	finding := {
		"resource": provider.id,
		"attribute": entry.attribute,
		"msg": sprintf("%s has a hard-coded %s in '%s'", [provider.name, secrets.label(entry), entry.attribute]),
	}
}
