# METADATA
# title: Secret in a Lambda, container or app environment
# description: >-
#   Environment variables of Lambda functions, ECS and Batch container definitions, App Runner,
#   Cloud Run and Cloud Functions, Azure container groups and app settings are plain
#   configuration: readable by everyone allowed to describe the function or task definition,
#   shown in consoles, copied into the Terraform state and every deployment package. Bastion
#   reports AWS keys, private keys, tokens, credentials in URLs and secret-looking names with
#   high-entropy literal values; values from variables without a default, data sources or
#   secret references (ECS secrets[].valueFrom, Key Vault references) are not reported, and a
#   value taken from a variable default is reported on that default (TF303). The value is never
#   printed. Severity HIGH: the secret is exposed to far more people and systems than the code
#   that uses it, though usually with narrower rights than a provider credential.
# related_resources:
#   - https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-encryption
#   - https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#environment
# custom:
#   id: TF302
#   name: secret-in-runtime-environment
#   severity: HIGH
#   remediation: >-
#     Store the value in Secrets Manager, SSM Parameter Store, Key Vault or Secret Manager and
#     pass a reference instead: ECS container_definitions secrets = [{ name = "DB_PASSWORD",
#     valueFrom = aws_secretsmanager_secret.db.arn }], or read it at runtime in the function;
#     rotate the exposed value.
#   aliases:
#     - CKV_AWS_45
#     - f996f3cb-00fc-480c-8973-8ab04d44a8cc
#   targets: [terraform]
package bastion.rules.tf302

import data.bastion.lib.secrets
import rego.v1

deny contains finding if {
	some node in input.by_format.terraform
	some entry in secrets.entries(node)
	secrets.tf_runtime_environment(node, entry)
	finding := {
		"resource": node.id,
		"attribute": entry.attribute,
		"msg": sprintf("%s has a hard-coded %s in its environment at '%s'", [node.name, secrets.label(entry), entry.attribute]),
	}
}
