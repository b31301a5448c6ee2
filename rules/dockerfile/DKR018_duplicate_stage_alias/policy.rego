# METADATA
# title: Two build stages share a name
# description: >-
#   Two FROM ... AS <name> instructions of one Dockerfile use the same stage name (names are
#   case-insensitive), so FROM <name>, COPY --from=<name> and --target <name> no longer say which
#   stage they mean, and docker build (BuildKit and the legacy builder alike) refuses the file.
#   Severity LOW: the mistake breaks the build rather than weakening the image; reported here so
#   it is caught before a build runs. The later stage is reported.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#from
#   - https://docs.docker.com/reference/build-checks/duplicate-stage-name/
# custom:
#   id: DKR018
#   name: duplicate-stage-alias
#   severity: LOW
#   remediation: >-
#     Give every stage its own name, e.g. FROM node:22 AS build-frontend and FROM golang:1.22 AS
#     build-backend, and update the FROM and COPY --from references.
#   aliases:
#     - CKV_DOCKER_11
#     - AVD-DS-0012
#     - f2daed12-c802-49cd-afed-fe41d0b82fed
#     - DL3024
#   targets: [dockerfile]
package bastion.rules.dkr018

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.stages
import rego.v1

# The graph keeps the id docker:<path>#<name> for the first stage of a name; a later stage with
# the same name falls back to docker:<path>#stage<index> (graph contract), which finds the
# duplicates without comparing every pair of stages.
deny contains finding if {
	some stage in stages
	is_string(stage.attrs.alias)
	prefix := regex.replace(stage.id, `#[^#]*$`, "#")
	first_id := concat("", [prefix, stage.attrs.alias])
	stage.id != first_id
	first := input.by_id[first_id]
	first.attrs.index < stage.attrs.index
	finding := {
		"resource": stage.id,
		"msg": sprintf("stage %d reuses the name '%s' of stage %d (line %d)", [stage.attrs.index, stage.attrs.alias, first.attrs.index, first.start_line]),
	}
}
