# METADATA
# title: WORKDIR is relative to an unknown directory
# description: >-
#   A stage sets a relative WORKDIR before any absolute one, so the directory depends on the
#   working directory of the base image: it moves when the base image changes its WORKDIR, and
#   files then land in, and commands run from, another place than the author meant. Severity
#   LOW: a reliability and clarity problem, not an exposure. A relative WORKDIR after an absolute
#   one (in the stage or in the stage it is built FROM) is well defined and is not reported;
#   nor is a WORKDIR that starts with a variable ($HOME), whose value is not known statically.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#workdir
#   - https://docs.docker.com/build/building/best-practices/#workdir
# custom:
#   id: DKR016
#   name: relative-workdir
#   severity: LOW
#   remediation: >-
#     Use an absolute path, e.g. WORKDIR /app instead of WORKDIR app.
#   aliases:
#     - CKV_DOCKER_10
#     - AVD-DS-0009
#     - 6b376af8-cfe8-49ab-a08d-f32de23661a4
#     - DL3000
#   targets: [dockerfile]
package bastion.rules.dkr016

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.stages
import rego.v1

deny contains finding if {
	some stage in stages
	some index, instruction in stage.attrs.instructions
	instruction.cmd == "workdir"
	count(instruction.value) > 0
	path := docker.unquote(instruction.value[0])
	not _anchors(path)
	not _anchored_before(stage, index)
	not _anchored_in_parent(stage)
	finding := {
		"resource": stage.id,
		"attribute": sprintf("instructions[%d]", [index]),
		"msg": sprintf("stage '%s' sets the relative WORKDIR '%s', which resolves against the base image's working directory", [stage.name, path]),
	}
}

# A WORKDIR that fixes the directory (absolute), or whose value is not known (a variable).
_anchors(path) if docker.is_absolute_path(path)

_anchors(path) if docker.has_variable(path)

_anchored_before(stage, index) if {
	some k, instruction in stage.attrs.instructions
	k < index
	_anchoring(instruction)
}

_anchored_in_parent(stage) if {
	some id in docker.lineage(stage)
	id != stage.id
	some instruction in input.by_id[id].attrs.instructions
	_anchoring(instruction)
}

_anchoring(instruction) if {
	instruction.cmd == "workdir"
	count(instruction.value) > 0
	_anchors(docker.unquote(instruction.value[0]))
}
