# METADATA
# title: apk keeps its package index in the image
# description: >-
#   apk add runs without --no-cache, so the package index it downloads stays in
#   /var/cache/apk in that layer: a bigger image and a stale view of the repository baked in.
#   Severity LOW: image size and hygiene, no direct exposure. Only stages whose layers ship are
#   checked (not stages used only as COPY --from sources); a RUN that deletes /var/cache/apk
#   after adding, or keeps it in a cache or tmpfs mount, is not reported.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#run
#   - https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Local_Cache
# custom:
#   id: DKR011
#   name: apk-add-with-cache
#   severity: LOW
#   remediation: >-
#     Use apk add --no-cache <packages> (it also makes apk update unnecessary), or
#     RUN --mount=type=cache,target=/var/cache/apk apk add <packages>.
#   aliases:
#     - AVD-DS-0025
#     - ae9c56a6-3ed1-4ac0-9b54-31267f51151d
#     - DL3019
#   targets: [dockerfile]
package bastion.rules.dkr011

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.runs
import rego.v1

_cache := "/var/cache/apk"

deny contains finding if {
	some run in runs
	docker.is_shipped(run.stage)
	not _cache_mounted(run.instruction)
	some add in run.commands
	add.program == "apk"
	docker.first_word(add.args) == "add"
	not "--no-cache" in add.args
	not _removed_after(run.commands, add)
	finding := {
		"resource": add.stage_id,
		"attribute": add.attribute,
		"msg": sprintf("stage '%s' runs 'apk add' without --no-cache, which leaves the package index in %s", [add.stage_name, _cache]),
	}
}

_cache_mounted(instruction) if docker.mounts_cover(instruction, _cache)

_cache_mounted(instruction) if docker.mounts_cover(instruction, "/etc/apk/cache")

_removed_after(commands, add) if {
	some command in commands
	command.position > add.position
	docker.removes_path(command, _cache)
}
