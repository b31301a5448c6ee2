# METADATA
# title: Secret hard-coded in a container's env, command or args
# description: >-
#   A literal credential in env[].value, command or args of a container is stored in the
#   workload manifest: in Git, in every rendered copy and CI log, and readable by anyone who can
#   read the workload object (far more people than can read Secrets), and shown by kubectl
#   describe. Reported for every detector of bastion's secret scanning (AWS keys, private keys,
#   GitHub, GitLab, Slack, Stripe and Google keys, credentials in URLs, and secret-looking names
#   such as DB_PASSWORD or --api-key with a high-entropy value) in containers, initContainers and
#   ephemeralContainers of every pod-bearing kind. Not reported: valueFrom.secretKeyRef and
#   envFrom, $(VAR) references, placeholders and low-entropy values. The value is never printed.
#   Severity HIGH: a leaked credential is directly usable by whoever finds it.
# related_resources:
#   - https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables
#   - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
# custom:
#   id: K8S100
#   name: secret-in-container-spec
#   severity: HIGH
#   remediation: >-
#     Put the value in a Secret created outside the repository (or encrypted with Sealed Secrets,
#     SOPS or an external secrets operator), mount it as a file or reference it with
#     env[].valueFrom.secretKeyRef, and rotate the exposed credential.
#   aliases:
#     - env-var-secret
#     - sensitiveContainerEnvVar
#     - f996f3cb-00fc-480c-8973-8ab04d44a8cc
#   targets: [kubernetes]
package bastion.rules.k8s100

import data.bastion.lib.secrets
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	some entry in secrets.entries(workload)
	container := secrets.container_of(workload, entry)
	finding := {
		"resource": workload.id,
		"attribute": entry.attribute,
		"msg": sprintf(
			"container '%s' of %s '%s' has a hard-coded %s in '%s'",
			[object.get(container, "name", "<unnamed>"), workload.kind, workload.name, secrets.label(entry), entry.attribute],
		),
	}
}
