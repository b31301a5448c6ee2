# METADATA
# title: Secret in a Dockerfile ENV, ARG or LABEL
# description: >-
#   ENV values and LABELs are part of the image configuration, and ARG values used by a build
#   are recorded in the image history: anyone who can pull the image reads them with docker
#   inspect or docker history, long after the Dockerfile changed. Reported for every detector of
#   bastion's secret scanning (AWS keys, private keys, GitHub, GitLab, Slack, Stripe and Google
#   keys, credentials in URLs, and secret-looking names such as NPM_TOKEN or DB_PASSWORD with a
#   high-entropy value), where the value is written (an ENV that only expands $TOKEN is not
#   reported again). Not reported: ARGs without a default (the value comes from the build
#   command), placeholders and low-entropy values. The value is never printed. Severity HIGH:
#   every copy of the image leaks the credential.
# related_resources:
#   - https://docs.docker.com/build/building/secrets/
#   - https://docs.docker.com/reference/dockerfile/#arg
#   - https://github.com/hadolint/hadolint/wiki/DL3064
# custom:
#   id: DKR090
#   name: secret-in-env-arg-or-label
#   severity: HIGH
#   remediation: >-
#     Remove the value and rotate it; pass build-time secrets as secret mounts
#     (RUN --mount=type=secret,id=npm_token npm ci, with docker build --secret id=npm_token,env=NPM_TOKEN)
#     and runtime secrets from the orchestrator (Kubernetes Secrets, ECS secrets), never as ENV.
#   aliases:
#     - AVD-DS-0031
#     - c3e1b6ae-d92c-44b3-8ed5-1f5442bab6a4
#     - DL3064
#     - CKV_SECRET_6
#     - f996f3cb-00fc-480c-8973-8ab04d44a8cc
#   targets: [dockerfile]
package bastion.rules.dkr090

import data.bastion.lib.secrets
import rego.v1

deny contains finding if {
	some stage in object.get(input.by_kind, "dockerfile.stage", [])
	some entry in secrets.entries(stage)
	secrets.docker_image_metadata(entry)
	finding := {
		"resource": stage.id,
		"attribute": entry.attribute,
		"msg": sprintf("stage '%s' has a hard-coded %s in '%s'", [stage.name, secrets.label(entry), entry.attribute]),
	}
}
