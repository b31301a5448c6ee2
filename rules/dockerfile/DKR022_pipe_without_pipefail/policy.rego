# METADATA
# title: RUN pipes commands without pipefail
# description: >-
#   A RUN pipes one command into another (curl ... | tar x, wget -O- ... | sh) under a POSIX
#   shell that does not have pipefail set. A pipeline's status is that of its last command, so
#   when the first one fails (a download error, a 404 page piped into sh) the RUN still succeeds
#   and the image is built without what the step was meant to install. Severity LOW: it hides
#   build failures and can ship broken images; it does not weaken a correct image. Not reported
#   when the SHELL in effect (in the stage or inherited) has -o pipefail, when the RUN sets it
#   (set -o pipefail, bash -o pipefail -c) before the pipe, under a non-POSIX SHELL (PowerShell,
#   cmd) or in Windows images.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#using-pipes
#   - https://docs.docker.com/reference/dockerfile/#shell
# custom:
#   id: DKR022
#   name: pipe-without-pipefail
#   severity: LOW
#   remediation: >-
#     Set pipefail once for the stage with SHELL ["/bin/bash", "-o", "pipefail", "-c"] (on
#     Alpine SHELL ["/bin/ash", "-o", "pipefail", "-c"]; Debian's /bin/sh is dash, which may not
#     support it), or start the RUN with set -o pipefail &&.
#   aliases:
#     - AVD-DS-0032
#     - efbf148a-67e9-42d2-ac47-02fa1c0d0b22
#     - DL4006
#   targets: [dockerfile]
package bastion.rules.dkr022

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.runs
import data.bastion.lib.dockerfile.posix_shells
import rego.v1

deny contains finding if {
	some run in runs
	not _shell_has_pipefail(run)
	not _windows(run.stage)
	pipes := {command.position |
		some command in run.commands
		command.operator in {"|", "|&"}
		not _pipefail_before(run.commands, command)
	}
	count(pipes) > 0
	some pipe in run.commands
	pipe.position == min(pipes)
	finding := {
		"resource": pipe.stage_id,
		"attribute": pipe.attribute,
		"msg": sprintf("stage '%s' pipes '%s' into '%s' without pipefail, so the RUN succeeds even when '%s' fails", [pipe.stage_name, _name(pipe), _next(run.commands, pipe), _name(pipe)]),
	}
}

# Shell form runs under the SHELL in effect; exec form names its shell in its own words.
_shell_has_pipefail(run) if {
	run.instruction.json == false
	shell := docker.shell_at(run.stage, run.index)
	not _posix_without_pipefail(shell)
}

_posix_without_pipefail(shell) if {
	docker.is_posix_shell(shell)
	not docker.enables_pipefail(shell)
}

_pipefail_before(commands, pipe) if {
	some command in commands
	command.position <= pipe.position
	command.program in ({"set"} | posix_shells)
	docker.enables_pipefail(command.argv)
}

_windows(stage) if {
	some id in docker.lineage(stage)
	image := input.by_id[id].attrs.image.resolved
	is_string(image)
	regex.match(`(?i)(windows|servercore|nanoserver)`, image)
}

_name(command) := command.program if command.program != ""

_name(command) := command.argv[0] if command.program == ""

_next(commands, pipe) := _name(commands[pipe.position + 1]) if pipe.position + 1 < count(commands)

_next(commands, pipe) := "the next command" if pipe.position + 1 >= count(commands)
