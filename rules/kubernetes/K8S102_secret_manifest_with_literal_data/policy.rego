# METADATA
# title: Kubernetes Secret committed with literal values
# description: >-
#   A Secret manifest with values in data (base64 is an encoding, not encryption) or stringData
#   puts those credentials in the repository, its history and every clone, whatever RBAC later
#   protects them in the cluster. Reported once per Secret, naming the keys that hold a real value
#   (decoded); empty values, placeholders (changeme, <...>), template references (${VAR}) and
#   public certificates (tls.crt, ca.crt) are not counted, and SealedSecrets (encrypted) are not
#   Secrets. The values are never printed. Severity HIGH: committing a Secret exposes every
#   credential in it to anyone with read access to the repository.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
#   - https://kubernetes.io/docs/concepts/configuration/secret/
#   - https://github.com/bitnami-labs/sealed-secrets
# custom:
#   id: K8S102
#   name: secret-manifest-with-literal-data
#   severity: HIGH
#   remediation: >-
#     Remove the Secret from the repository and rotate its values; create it at deploy time from
#     a secret store (External Secrets Operator, Secrets Store CSI driver, Vault), or commit it
#     encrypted (Sealed Secrets, SOPS).
#   aliases:
#     - f996f3cb-00fc-480c-8973-8ab04d44a8cc
#   targets: [kubernetes]
package bastion.rules.k8s102

import data.bastion.lib.secrets
import rego.v1

deny contains finding if {
	some secret in object.get(input.by_kind, "Secret", [])
	attributes := sort({entry.attribute | some entry in secrets.entries(secret); secrets.k8s_secret_data(secret, entry)})
	count(attributes) > 0
	finding := {
		"resource": secret.id,
		"attribute": attributes[0],
		"msg": sprintf(
			"Secret '%s' is committed with %d literal value(s): %s",
			[secret.name, count(attributes), concat(", ", attributes)],
		),
	}
}
