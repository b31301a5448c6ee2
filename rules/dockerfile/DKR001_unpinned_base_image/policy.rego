# METADATA
# title: Base image is not pinned
# description: >-
#   A FROM without a version tag or digest, or with the moving tag `latest`, gets whatever the
#   registry serves on the day of the build, so two builds of the same commit can differ and a
#   compromised upstream tag flows straight into the image. Severity MEDIUM: it does not open a
#   hole by itself, but it makes builds unreproducible and widens the supply-chain attack surface.
#   FROM scratch, FROM <earlier stage> and images whose reference could not be resolved (an ARG
#   without a default) are not reported.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#from
#   - https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
# custom:
#   id: DKR001
#   name: unpinned-base-image
#   severity: MEDIUM
#   remediation: >-
#     Pin a version tag, ideally with its digest, e.g. FROM node:22.4-alpine@sha256:<digest>,
#     and let a bot (Dependabot, Renovate) propose updates.
#   aliases:
#     - CKV_DOCKER_7
#     - AVD-DS-0001
#     - f45ea400-6bbe-4501-9fc7-1c3d75c32067
#     - 9efb0b2d-89c9-41a3-91ca-dcc0aec911fd
#     - DL3006
#     - DL3007
#   targets: [dockerfile]
package bastion.rules.dkr001

import data.bastion.lib
import rego.v1

deny contains finding if {
	some stage in input.by_kind["dockerfile.stage"]
	image := stage.attrs.image
	lib.known(image)
	image.unresolved == false
	image.is_stage_alias == false
	image.is_scratch == false
	image.digest == null
	image.tag in {null, "latest"}
	finding := {
		"resource": stage.id,
		"attribute": "image",
		"msg": sprintf("base image '%s' is not pinned to a version tag or digest", [image.raw]),
	}
}
