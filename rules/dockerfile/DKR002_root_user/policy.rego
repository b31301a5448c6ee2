# METADATA
# title: Image runs as root
# description: >-
#   The final stage of a Dockerfile sets no USER, or sets USER root (or UID 0), so every
#   process of the container runs as root. A process that escapes the application (a
#   remote code execution, a path traversal) then holds root inside the container and is one
#   kernel or runtime bug away from root on the host. Severity HIGH: the image is exploitable
#   in its default configuration unless every orchestrator overrides the user. A USER whose
#   value is still a variable reference is not decided. Stages other than the final one are
#   build-only and not reported; a final stage without USER built FROM a `nonroot`-tagged
#   image (the distroless convention) is not reported either.
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#user
#   - https://docs.docker.com/build/building/best-practices/#user
# custom:
#   id: DKR002
#   name: root-user
#   severity: HIGH
#   remediation: >-
#     Create an unprivileged user and switch to it at the end of the final stage, e.g.
#     RUN useradd --uid 10001 --no-create-home app, then USER 10001.
#   aliases:
#     - CKV_DOCKER_3
#     - CKV_DOCKER_8
#     - AVD-DS-0002
#     - fd54f200-402c-4333-a5a4-36ef6709af2f
#     - 67fd0c4a-68cf-46d7-8c41-bc9fba7e40ae
#     - DL3002
#   frameworks:
#     cis-docker-1.6: ["4.1"]
#   targets: [dockerfile]
package bastion.rules.dkr002

import rego.v1

deny contains finding if {
	some stage in input.by_kind["dockerfile.stage"]
	stage.attrs.is_final == true
	stage.attrs.user == null
	not _nonroot_base(stage.attrs.image)
	finding := {
		"resource": stage.id,
		"msg": sprintf("the final stage '%s' sets no USER, so the container runs as root", [stage.name]),
	}
}

deny contains finding if {
	some stage in input.by_kind["dockerfile.stage"]
	stage.attrs.is_final == true
	user := stage.attrs.user
	is_string(user)
	_root(user)
	finding := {
		"resource": stage.id,
		"attribute": "user",
		"msg": sprintf("the final stage '%s' runs as root (USER %s)", [stage.name, user]),
	}
}

# USER root, USER 0, USER root:group, USER 0:0 (the part before ':' names the user).
_root(user) if {
	name := split(user, ":")[0]
	name in {"root", "0"}
}

_nonroot_base(image) if {
	is_string(image.tag)
	contains(image.tag, "nonroot")
}
