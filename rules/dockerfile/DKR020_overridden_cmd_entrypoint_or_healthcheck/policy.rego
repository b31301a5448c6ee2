# METADATA
# title: CMD, ENTRYPOINT or HEALTHCHECK set twice in a stage
# description: >-
#   A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK. Only the last one of each counts;
#   the earlier ones are dead code that readers (and reviewers) take for the container's real
#   command or health probe. Severity LOW: a correctness and clarity problem, not an exposure.
#   Every instruction that a later one of the same kind in the same stage overrides is
#   reported; overriding what an earlier stage set (FROM <stage>) is normal and is not.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#cmd
#   - https://docs.docker.com/reference/dockerfile/#entrypoint
#   - https://docs.docker.com/reference/dockerfile/#healthcheck
# custom:
#   id: DKR020
#   name: overridden-cmd-entrypoint-or-healthcheck
#   severity: LOW
#   remediation: >-
#     Keep one CMD, one ENTRYPOINT and one HEALTHCHECK per stage and delete the others, e.g.
#     ENTRYPOINT ["/app"] followed by a single CMD ["--port", "8080"].
#   aliases:
#     - AVD-DS-0016
#     - AVD-DS-0007
#     - AVD-DS-0023
#     - 41c195f4-fc31-4a5c-8a1b-90605538d49f
#     - 6938958b-3f1a-451c-909b-baeee14bdc97
#     - DL4003
#     - DL4004
#     - DL3012
#   targets: [dockerfile]
package bastion.rules.dkr020

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.stages
import rego.v1

deny contains finding if {
	some stage in stages
	some index, instruction in stage.attrs.instructions
	instruction.cmd in {"cmd", "entrypoint", "healthcheck"}
	later := [k |
		some k, other in stage.attrs.instructions
		k > index
		other.cmd == instruction.cmd
	]
	count(later) > 0
	finding := {
		"resource": stage.id,
		"attribute": sprintf("instructions[%d]", [index]),
		"msg": sprintf("%s on line %d of stage '%s' has no effect: the %s on line %d replaces it", [upper(instruction.cmd), instruction.line, stage.name, upper(instruction.cmd), stage.attrs.instructions[later[count(later) - 1]].line]),
	}
}
