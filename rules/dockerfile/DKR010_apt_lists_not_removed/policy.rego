# METADATA
# title: apt package lists left in the image
# description: >-
#   A RUN downloads apt's package lists (apt-get update) and does not delete
#   /var/lib/apt/lists in the same RUN, so tens of megabytes of index files stay in that layer
#   for good (deleting them in a later RUN does not shrink the image) and pin a stale view of the
#   archive into the image. Severity LOW: image size and hygiene, no direct exposure. Only stages
#   whose layers ship are checked (not stages used only as COPY --from sources); a RUN that keeps
#   the lists in a cache or tmpfs mount is not reported.
# related_resources:
#   - https://docs.docker.com/build/building/best-practices/#apt-get
#   - https://docs.docker.com/build/cache/optimize/#use-cache-mounts
# custom:
#   id: DKR010
#   name: apt-lists-not-removed
#   severity: LOW
#   remediation: >-
#     End the RUN that updates with && rm -rf /var/lib/apt/lists/*, e.g. RUN apt-get update &&
#     apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*, or use
#     RUN --mount=type=cache,target=/var/lib/apt/lists.
#   aliases:
#     - df746b39-6564-4fed-bf85-e9c44382303c
#     - DL3009
#   targets: [dockerfile]
package bastion.rules.dkr010

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.runs
import rego.v1

_lists := "/var/lib/apt/lists"

deny contains finding if {
	some run in runs
	docker.is_shipped(run.stage)
	not docker.mounts_cover(run.instruction, _lists)
	some update in run.commands
	update.program in {"apt-get", "apt", "aptitude"}
	docker.first_word(update.args) == "update"
	not _removed_after(run.commands, update)
	finding := {
		"resource": update.stage_id,
		"attribute": update.attribute,
		"msg": sprintf("stage '%s' runs '%s update' and keeps %s in the layer", [update.stage_name, update.program, _lists]),
	}
}

_removed_after(commands, update) if {
	some command in commands
	command.position > update.position
	_removes_lists(command)
}

_removes_lists(command) if docker.removes_path(command, _lists)

_removes_lists(command) if {
	command.program in {"apt-get", "apt"}
	docker.first_word(command.args) == "distclean"
}

_removes_lists(command) if {
	command.program == "find"
	"-delete" in command.args
	some word in command.args
	startswith(word, _lists)
}
