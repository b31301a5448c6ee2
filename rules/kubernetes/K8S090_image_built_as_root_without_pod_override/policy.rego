# METADATA
# title: Workload runs an image built as root without forcing a non-root user
# description: >-
#   A container's image is built in this repository (a skaffold artifact or a docker-compose
#   service with build and image names its Dockerfile, or the Dockerfile's
#   org.opencontainers.image.source/title label names the image), that Dockerfile's final stage
#   runs as root (no USER, USER root or USER 0), and the pod spec does not override it:
#   neither runAsNonRoot true nor a runAsUser above 0, at container level or else pod level.
#   Unlike a check of the manifest alone, this is not a "may run as root": the image is known
#   to start as root, so the container does. Root in the container owns its files and volumes
#   and is one kernel or runtime escape away from root on the node. Severity HIGH: exploitable
#   in the default configuration. A USER still holding a variable is not decided; a final stage
#   built FROM a nonroot-tagged image without USER is not reported (as in DKR002); Windows
#   pods are exempt. The link between manifests and Dockerfiles is documented in
#   docs/graph/buildconfig.md.
# related_resources:
#   - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
#   - https://docs.docker.com/reference/dockerfile/#user
#   - https://skaffold.dev/docs/builders/
# custom:
#   id: K8S090
#   name: image-built-as-root-without-pod-override
#   severity: HIGH
#   remediation: >-
#     End the Dockerfile's final stage with a non-root USER (e.g. USER 10001), or set
#     securityContext.runAsNonRoot: true and a runAsUser above 0 on the pod or the container.
#   aliases: []
#   frameworks:
#     pod-security-standards: [restricted]
#     cis-docker-1.6: ["4.1"]
#   targets: [kubernetes, dockerfile]
package bastion.rules.k8s090

import data.bastion.lib
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	pod_spec := workload.attrs.__pod_spec
	not pod_spec.os.name == "windows"
	some container in lib.pod_containers(workload)
	some link in _links(container)
	stage := input.by_id[link.stage]
	why := _runs_as_root(stage)
	not _forces_non_root(pod_spec, container)
	finding := {
		"resource": workload.id,
		"attribute": container.__path,
		"msg": sprintf(
			"container '%s' of %s '%s' runs image '%s' built by %s, whose final stage %s, and the pod spec does not force a non-root user",
			[object.get(container, "name", "<unnamed>"), workload.kind, workload.name, container.image, stage.path, why],
		),
	}
}

# The Dockerfiles that build the container's image (set by the graph's cross-format linker).
_links(container) := links if {
	links := container.__built_from
	is_array(links)
} else := []

# Why the final stage runs as root, naming the line that decides.
_runs_as_root(stage) := sprintf("sets no USER (FROM on line %d)", [stage.start_line]) if {
	stage.attrs.user == null
	not _nonroot_base(stage.attrs.image)
}

_runs_as_root(stage) := sprintf("runs as USER %s (line %d)", [user, stage.attrs.user_line]) if {
	user := stage.attrs.user
	is_string(user)
	split(user, ":")[0] in {"root", "0"}
}

_nonroot_base(image) if {
	is_string(image.tag)
	contains(image.tag, "nonroot")
}

# The effective securityContext value: the container's wins over the pod's (null is unset).
_effective(pod_spec, container, key) := container.securityContext[key] if {
	container.securityContext[key] != null
} else := pod_spec.securityContext[key] if {
	pod_spec.securityContext[key] != null
}

_forces_non_root(pod_spec, container) if _effective(pod_spec, container, "runAsNonRoot") == true

_forces_non_root(pod_spec, container) if {
	user := _effective(pod_spec, container, "runAsUser")
	is_number(user)
	user > 0
}
