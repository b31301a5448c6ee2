# METADATA
# title: Secret in a RUN command or another build instruction
# description: >-
#   A token in a RUN command line (curl -H "Authorization: token ...", git clone
#   https://user:token@..., npm config set //registry/:_authToken ..., export DB_PASSWORD=...),
#   or in CMD, ENTRYPOINT, HEALTHCHECK or an ADD URL, is recorded in the image history (docker
#   history shows every RUN line) and in build logs, for everyone who can pull the image.
#   Commands are read as the shell would split them, heredoc scripts included. Reported for
#   every detector of bastion's secret scanning (AWS keys, private keys, GitHub, GitLab, Slack,
#   Stripe and Google keys, credentials in URLs and Authorization headers, curl -u user:password,
#   --password and --token style flags and secret-looking assignments with high-entropy
#   values). Not reported: $VARIABLE references, secret mounts and placeholders. The value is
#   never printed. Severity HIGH: the credential ships with every copy of the image.
# related_resources:
#   - https://docs.docker.com/build/building/secrets/
#   - https://docs.docker.com/reference/dockerfile/#run---mounttypesecret
# custom:
#   id: DKR091
#   name: secret-in-build-command
#   severity: HIGH
#   remediation: >-
#     Remove the value and rotate it; mount it for the one command that needs it, e.g.
#     RUN --mount=type=secret,id=gh_token GH_TOKEN="$(cat /run/secrets/gh_token)" ./fetch.sh,
#     built with docker build --secret id=gh_token,env=GH_TOKEN; give runtime secrets to the
#     container at start, never in CMD or ENTRYPOINT.
#   aliases:
#     - CKV_SECRET_4
#     - CKV_SECRET_6
#     - f996f3cb-00fc-480c-8973-8ab04d44a8cc
#   targets: [dockerfile]
package bastion.rules.dkr091

import data.bastion.lib.secrets
import rego.v1

deny contains finding if {
	some stage in object.get(input.by_kind, "dockerfile.stage", [])
	some entry in secrets.entries(stage)
	secrets.docker_instruction(entry)
	finding := {
		"resource": stage.id,
		"attribute": entry.attribute,
		"msg": sprintf("stage '%s' has a hard-coded %s in '%s'", [stage.name, secrets.label(entry), entry.attribute]),
	}
}
