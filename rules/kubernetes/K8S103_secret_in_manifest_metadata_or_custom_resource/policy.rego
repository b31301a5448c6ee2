# METADATA
# title: Secret hard-coded in annotations or a custom resource
# description: >-
#   Credentials also end up outside containers, ConfigMaps and Secrets: in annotations (an auth
#   URL with user:password, a CI token), in kubectl's last-applied-configuration copy, and in the
#   spec of custom resources (a database operator's password, an issuer's API token). Those
#   objects are readable by far more roles than Secrets and are rarely treated as confidential.
#   Reported for every detector of bastion's secret scanning on every attribute of a Kubernetes
#   object that the container, ConfigMap and Secret rules (K8S100, K8S101, K8S102) do not cover.
#   Not reported: references (secretKeyRef, ${VAR}), placeholders, low-entropy values, and
#   SealedSecret ciphertext. The value is never printed. Severity HIGH: a leaked credential is
#   directly usable by whoever reads the object or the repository.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
#   - https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations/
# custom:
#   id: K8S103
#   name: secret-in-manifest-metadata-or-custom-resource
#   severity: HIGH
#   remediation: >-
#     Keep the value in a Secret created outside the repository and point the object at it (most
#     operators take a secretRef, e.g. passwordSecretRef: {name: db, key: password}); remove
#     credentials from annotations and rotate them.
#   aliases:
#     - f996f3cb-00fc-480c-8973-8ab04d44a8cc
#   targets: [kubernetes]
package bastion.rules.k8s103

import data.bastion.lib.secrets
import rego.v1

deny contains finding if {
	some node in input.by_format.kubernetes
	some entry in secrets.entries(node)
	not secrets.k8s_in_container(node, entry)
	not secrets.k8s_config_map_data(node, entry)
	not secrets.k8s_secret_data(node, entry)
	finding := {
		"resource": node.id,
		"attribute": entry.attribute,
		"msg": sprintf("%s '%s' has a hard-coded %s in '%s'", [node.kind, node.name, secrets.label(entry), entry.attribute]),
	}
}
