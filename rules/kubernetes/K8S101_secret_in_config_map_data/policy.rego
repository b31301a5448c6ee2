# METADATA
# title: Secret stored in a ConfigMap
# description: >-
#   ConfigMaps are for non-confidential settings: they are readable by every role that may read
#   configuration, are not encrypted at rest by the usual EncryptionConfiguration, are printed in
#   full by kubectl describe, and their manifests live in Git. Bastion reads each data value as a
#   setting (API_TOKEN: ...) and as a file (application.properties, .env, JSON), and decodes
#   binaryData, looking for AWS keys, private keys, tokens, credentials in URLs and
#   secret-looking names with high-entropy values. Not reported: placeholders, references
#   (${VAR}), low-entropy values and names of secrets. The value is never printed. Severity HIGH:
#   the credential is exposed to far more readers than a Secret would be.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/configmap/
#   - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
# custom:
#   id: K8S101
#   name: secret-in-config-map-data
#   severity: HIGH
#   remediation: >-
#     Move the value into a Secret (created outside the repository, or encrypted with Sealed
#     Secrets, SOPS or an external secrets operator) and mount or reference that Secret; keep
#     only the non-secret settings in the ConfigMap, and rotate the exposed credential.
#   aliases:
#     - KSV109
#     - sensitiveConfigmapContent
#     - f996f3cb-00fc-480c-8973-8ab04d44a8cc
#   targets: [kubernetes]
package bastion.rules.k8s101

import data.bastion.lib.secrets
import rego.v1

deny contains finding if {
	some config_map in object.get(input.by_kind, "ConfigMap", [])
	some entry in secrets.entries(config_map)
	secrets.k8s_config_map_data(config_map, entry)
	finding := {
		"resource": config_map.id,
		"attribute": entry.attribute,
		"msg": sprintf("ConfigMap '%s' has a hard-coded %s in '%s'", [config_map.name, secrets.label(entry), entry.attribute]),
	}
}
