# METADATA
# title: MAINTAINER is deprecated
# description: >-
#   The stage uses MAINTAINER, deprecated since Docker 1.13: the value lands in an image field
#   that tools no longer read, while registries, scanners and SBOM tools look for the OCI label
#   org.opencontainers.image.authors. Severity INFO: a metadata convention, with no effect on
#   what the image runs.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#maintainer-deprecated
#   - https://github.com/opencontainers/image-spec/blob/main/annotations.md
# custom:
#   id: DKR021
#   name: deprecated-maintainer
#   severity: INFO
#   remediation: >-
#     Replace MAINTAINER with a label, e.g. LABEL org.opencontainers.image.authors="Team
#     <team@example.com>".
#   aliases:
#     - CKV_DOCKER_6
#     - AVD-DS-0022
#     - 99614418-f82b-4852-a9ae-5051402b741c
#     - DL4000
#   targets: [dockerfile]
package bastion.rules.dkr021

import data.bastion.lib.dockerfile as docker
import data.bastion.lib.dockerfile.stages
import rego.v1

deny contains finding if {
	some stage in stages
	some index, instruction in stage.attrs.instructions
	instruction.cmd == "maintainer"
	finding := {
		"resource": stage.id,
		"attribute": sprintf("instructions[%d]", [index]),
		"msg": sprintf("stage '%s' uses the deprecated MAINTAINER instruction instead of the org.opencontainers.image.authors label", [stage.name]),
	}
}
