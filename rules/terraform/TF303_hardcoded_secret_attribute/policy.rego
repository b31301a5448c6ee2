# METADATA
# title: Secret hard-coded in a Terraform attribute, variable default or local
# description: >-
#   A database master password, an admin password, a secret_string, an API key or a token
#   written as a literal (in the resource, in a variable's default, in a local, in
#   terraform.tfvars or passed to a module) lives in the repository and its history and in the
#   Terraform state in clear text. Reported where the literal is written (a variable's default
#   rather than every resource that uses it), for every detector of bastion's secret scanning:
#   AWS keys, private keys, GitHub, GitLab, Slack, Stripe and Google keys, credentials in URLs,
#   and secret-looking names (password, secret, token, api_key...) with a high-entropy value.
#   Not reported: references (var.x without default, data sources, random_password results),
#   placeholders (changeme, <...>), names of secrets (secret_name, kms_key_id) and low-entropy
#   words; provider blocks, boot scripts and runtime environments have their own rules (TF300,
#   TF301, TF302). The value is never printed. Severity HIGH: a working credential in the
#   repository is usable by anyone with read access to it.
# related_resources:
#   - https://developer.hashicorp.com/terraform/language/values/variables#suppressing-values-in-cli-output
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#manage_master_user_password
#   - https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html
# custom:
#   id: TF303
#   name: hardcoded-secret-attribute
#   severity: HIGH
#   remediation: >-
#     Remove the literal and rotate it; generate it (random_password), let the service manage it
#     (manage_master_user_password = true), or read it from a secret store (data
#     "aws_secretsmanager_secret_version", Key Vault, Secret Manager); declare variables that
#     carry secrets with sensitive = true and no default.
#   aliases:
#     - CKV_SECRET_6
#     - f996f3cb-00fc-480c-8973-8ab04d44a8cc
#   targets: [terraform]
package bastion.rules.tf303

import data.bastion.lib.secrets
import rego.v1

deny contains finding if {
	some node in input.by_format.terraform
	node.kind != "terraform.provider"
	some entry in secrets.entries(node)
	not secrets.tf_user_data(entry)
	not secrets.tf_runtime_environment(node, entry)
	finding := {
		"resource": node.id,
		"attribute": entry.attribute,
		"msg": sprintf("%s has a hard-coded %s in '%s'", [node.name, secrets.label(entry), entry.attribute]),
	}
}
