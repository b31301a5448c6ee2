# METADATA
# title: Container image has no tag or uses latest
# description: >-
#   An image reference without a tag means :latest, and :latest moves whenever someone pushes:
#   two nodes can run different code under one manifest, a rollback does not roll back, and a
#   compromised registry push reaches the cluster on the next pull. A fixed tag (better, a
#   digest) pins what runs. Severity MEDIUM: it undermines change control and supply-chain
#   review rather than opening an attack path by itself. A reference with a digest (@sha256:)
#   always passes.
# related_resources:
#   - https://kubernetes.io/docs/concepts/containers/images/#image-names
#   - https://kubernetes.io/docs/concepts/configuration/overview/#container-images
# custom:
#   id: K8S023
#   name: mutable-image-tag
#   severity: MEDIUM
#   remediation: >-
#     Reference the image by an immutable version tag (nginx:1.27.0) or, better, by digest
#     (nginx@sha256:...), and update it through your release process.
#   aliases:
#     - CKV_K8S_14
#     - KSV013
#     - 583053b7-e632-46f0-b989-f81ff8045385
#     - latest-tag
#     - tagNotSpecified
#     - container-image-tag
#   targets: [kubernetes]
package bastion.rules.k8s023

import data.bastion.lib
import data.bastion.lib.kubernetes as k8s
import rego.v1

deny contains finding if {
	some workload in input.by_format.kubernetes
	some container in lib.pod_containers(workload)
	image := container.image
	is_string(image)
	trim_space(image) != ""
	not contains(image, "@")
	problem := _problem(image)
	finding := {
		"resource": workload.id,
		"attribute": sprintf("%s.image", [container.__path]),
		"msg": sprintf("%s uses image '%s' %s", [k8s.where(container, workload), image, problem]),
	}
}

# The last path segment holds the tag; a colon before it belongs to a registry port.
_problem(image) := "without a tag, so it runs whatever latest points to" if {
	segments := split(image, "/")
	not contains(segments[count(segments) - 1], ":")
}

_problem(image) := "with the mutable tag latest" if {
	segments := split(image, "/")
	parts := split(segments[count(segments) - 1], ":")
	parts[count(parts) - 1] == "latest"
}
