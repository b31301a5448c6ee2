# METADATA
# title: COPY --from names the stage it is in
# description: >-
#   A COPY --from (or RUN --mount=...,from=) names the stage that contains it, by name or by
#   index. A stage cannot read files from itself before it exists: the build stops with a
#   circular dependency, or the author meant another stage (usually a copy-paste slip after
#   renaming stages). Severity LOW: the build fails rather than producing a weaker image.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#copy---from
#   - https://docs.docker.com/build/building/multi-stage/
# custom:
#   id: DKR019
#   name: copy-from-own-stage
#   severity: LOW
#   remediation: >-
#     Point --from at the stage that produces the files, e.g. COPY --from=build /out/app /app in
#     the final stage, or use a plain COPY for files of the build context.
#   aliases:
#     - AVD-DS-0006
#     - cdddb86f-95f6-4fc4-b5a1-483d9afceb2b
#     - DL3023
#   targets: [dockerfile]
package bastion.rules.dkr019

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.stages
import rego.v1

deny contains finding if {
	some stage in stages
	some index, instruction in stage.attrs.instructions
	some name in _from_names(instruction)
	_names_stage(name, stage)
	finding := {
		"resource": stage.id,
		"attribute": sprintf("instructions[%d]", [index]),
		"msg": sprintf("%s in stage '%s' takes files from '%s', the stage it is in", [upper(instruction.cmd), stage.name, name]),
	}
}

# _from_names(instruction) is the set of stage or image names a COPY --from or a RUN
# --mount=...,from= reads files from.
_from_names(instruction) := {substring(flag, 7, -1) |
	some flag in instruction.flags
	startswith(flag, "--from=")
} if instruction.cmd == "copy"

_from_names(instruction) := {substring(option, 5, -1) |
	some flag in instruction.flags
	startswith(flag, "--mount=")
	some option in split(substring(flag, 8, -1), ",")
	startswith(option, "from=")
} if instruction.cmd == "run"

_names_stage(name, stage) if lower(name) == stage.attrs.alias

_names_stage(name, stage) if name == sprintf("%d", [stage.attrs.index])
