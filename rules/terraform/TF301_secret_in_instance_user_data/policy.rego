# METADATA
# title: Secret in instance user data or startup script
# description: >-
#   User data (aws_instance, launch templates and configurations), Azure custom_data and GCP
#   startup scripts are stored in clear text with the instance: anyone who can describe the
#   instance, and every process on it through the metadata service, can read them, and they stay
#   in the Terraform state and the repository. Bastion looks for AWS access keys and secret keys,
#   private keys, tokens, credentials in URLs and secret-looking assignments
#   (DB_PASSWORD=...), also inside base64-encoded user data; values from variables without a
#   default or from data sources are not reported. The value is never printed. Severity
#   CRITICAL: the usual finding is a cloud or database credential readable from inside the
#   instance by any SSRF.
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance#user_data
#   - https://cloud.google.com/compute/docs/instances/startup-scripts/linux
# custom:
#   id: TF301
#   name: secret-in-instance-user-data
#   severity: CRITICAL
#   remediation: >-
#     Remove the secret from the script and rotate it; give the instance an IAM role (instance
#     profile, managed identity, service account) and have the script fetch what it needs at boot,
#     e.g. aws secretsmanager get-secret-value --secret-id app/db in user data.
#   aliases:
#     - CKV_AWS_46
#     - AVD-AWS-0029
#     - AVD-AWS-0129
#     - 443488f5-c734-460b-a36d-5b3f330174dc
#   targets: [terraform]
package bastion.rules.tf301

import data.bastion.lib.secrets
import rego.v1

deny contains finding if {
	some node in input.by_format.terraform
	some entry in secrets.entries(node)
	secrets.tf_user_data(entry)
	finding := {
		"resource": node.id,
		"attribute": entry.attribute,
		"msg": sprintf("%s has a hard-coded %s in its boot script '%s'", [node.name, secrets.label(entry), entry.attribute]),
	}
}
