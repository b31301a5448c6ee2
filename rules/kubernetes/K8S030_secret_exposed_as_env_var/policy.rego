# METADATA
# title: Secret is exposed through environment variables
# description: >-
#   Secrets passed as environment variables (env[].valueFrom.secretKeyRef, envFrom[].secretRef)
#   leak more easily than mounted files: they are inherited by every child process, dumped in
#   crash reports and debug endpoints, visible in /proc/<pid>/environ to same-user processes,
#   and not updated when the Secret rotates. Severity LOW: the secret is handled correctly in
#   the manifest; only its delivery to the process is weaker than a secret volume.
# related_resources:
#   - https://kubernetes.io/docs/concepts/security/secrets-good-practices/
#   - https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod
# custom:
#   id: K8S030
#   name: secret-exposed-as-env-var
#   severity: LOW
#   remediation: >-
#     Mount the Secret as a volume (readOnly) and have the application read the file; if it only
#     reads environment variables, point it at a *_FILE variable where supported.
#   aliases:
#     - CKV_K8S_35
#     - 3d658f8b-d988-41a0-a841-40043121de1e
#     - read-secret-from-env-var
#   targets: [kubernetes]
package bastion.rules.k8s030

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	some container in lib.pod_containers(workload)
	some index, variable in k8s.list_or_empty(container.env)
	reference := variable.valueFrom.secretKeyRef
	is_object(reference)
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.env[%d].valueFrom.secretKeyRef", [container.__path, index]),
		"msg": sprintf(
			"%s reads key '%s' of Secret '%s' into env var '%s'",
			[
				k8s.where(container, workload), object.get(reference, "key", "<unnamed>"),
				object.get(reference, "name", "<unnamed>"), object.get(variable, "name", "<unnamed>"),
			],
		),
	}
}

deny contains finding if {
	some workload in input.by_format.kubernetes
	some container in lib.pod_containers(workload)
	some index, source in k8s.list_or_empty(container.envFrom)
	reference := source.secretRef
	is_object(reference)
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.envFrom[%d].secretRef", [container.__path, index]),
		"msg": sprintf(
			"%s loads every key of Secret '%s' as env vars",
			[k8s.where(container, workload), object.get(reference, "name", "<unnamed>")],
		),
	}
}
