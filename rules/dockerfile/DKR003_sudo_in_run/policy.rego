# METADATA
# title: RUN uses sudo
# description: >-
#   A RUN instruction calls sudo. A build only gets past sudo when sudo is installed and lets the
#   build's user become root without a password, so the image ships a user that any process can
#   turn into root, which undoes the USER instruction. sudo also has no job in a build: each
#   instruction can switch USER itself. Severity HIGH: a process that takes over the container's
#   user is root one command later, the same exposure as running as root. Stages that only
#   provide files to `COPY --from` are not reported, since their layers never ship.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#user
#   - https://docs.docker.com/reference/dockerfile/#user
# custom:
#   id: DKR003
#   name: sudo-in-run
#   severity: HIGH
#   remediation: >-
#     Drop sudo: run the privileged steps before switching user (USER root, then RUN apt-get
#     install ..., then USER app), and do not install or configure sudo in the image.
#   aliases:
#     - CKV2_DOCKER_1
#     - AVD-DS-0010
#     - 8ada6e80-0ade-439e-b176-0b28f6bce35a
#     - DL3004
#   targets: [dockerfile]
package bastion.rules.dkr003

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.run_commands
import rego.v1

deny contains finding if {
	some command in run_commands
	"sudo" in command.programs
	docker.is_shipped(input.by_id[command.stage_id])
	finding := {
		"resource": command.stage_id,
		"attribute": command.attribute,
		"msg": sprintf("stage '%s' runs %s", [command.stage_name, _what(command)]),
	}
}

_what(command) := sprintf("'%s' through sudo", [command.program]) if command.program != ""

_what(command) := "sudo" if command.program == ""
