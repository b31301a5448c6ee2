# METADATA
# title: RUN starts with cd instead of using WORKDIR
# description: >-
#   A RUN begins by changing directory (RUN cd /app && npm ci). The change lasts for that RUN
#   only, so the next instructions silently run somewhere else, and the directory the image works
#   in is spread over shell commands instead of being stated once. Severity LOW: a readability
#   and reliability problem, not an exposure. Only a cd that opens the RUN is reported (after
#   `set` and `sh -c` wrappers): a cd further down, into a scratch directory (/tmp, /var/tmp, a
#   mktemp result) or into a directory the same RUN deletes is a legitimate temporary move.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#workdir
#   - https://docs.docker.com/build/building/best-practices/#workdir
# custom:
#   id: DKR017
#   name: cd-in-run
#   severity: LOW
#   remediation: >-
#     Set the directory with WORKDIR before the RUN, e.g. WORKDIR /app then RUN npm ci, instead
#     of RUN cd /app && npm ci.
#   aliases:
#     - AVD-DS-0013
#     - f4a6bcd3-e231-4acf-993c-aa027be50d2e
#     - DL3003
#   targets: [dockerfile]
package bastion.rules.dkr017

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.runs
import data.bastion.lib.dockerfile.posix_shells
import rego.v1

deny contains finding if {
	some run in runs
	positions := {command.position | some command in run.commands; not _preamble(command)}
	count(positions) > 0
	some cd in run.commands
	cd.position == min(positions)
	cd.program == "cd"
	target := _target(cd)
	not _scratch(target)
	not _removed_later(run.commands, cd, target)
	finding := {
		"resource": cd.stage_id,
		"attribute": cd.attribute,
		"msg": sprintf("stage '%s' starts a RUN with 'cd %s', which lasts for that RUN only; WORKDIR sets it for the instructions that follow", [cd.stage_name, target]),
	}
}

# Commands that only prepare the shell: `set -eux`, and a shell running the script that follows.
_preamble(command) if command.program == "set"

_preamble(command) if {
	command.program in posix_shells
	some word in command.args
	regex.match(`^-[A-Za-z]*c[A-Za-z]*$`, word)
}

_target(cd) := target if {
	words := [word | some word in cd.args; not word in {"-P", "-L", "-e", "--"}]
	count(words) > 0
	target := words[0]
} else := "~"

_scratch(target) if regex.match(`^(/tmp|/var/tmp|/dev/shm)(/|$)`, target)

_scratch(target) if contains(target, "$(")

_scratch(target) if contains(target, "`")

_scratch(target) if regex.match(`^\$\{?(TMPDIR|TMP|TEMP|tmp|tmpdir|TEMP_DIR|TMP_DIR)\b`, target)

_scratch("-") := true

_removed_later(commands, cd, target) if {
	startswith(target, "/")
	some command in commands
	command.position > cd.position
	docker.removes_path(command, target)
}
