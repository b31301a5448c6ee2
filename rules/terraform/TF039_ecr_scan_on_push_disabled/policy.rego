# METADATA
# title: ECR repository does not scan images on push
# description: >-
#   Scanning on push reports known vulnerabilities in an image's operating system packages as
#   soon as it reaches the registry, before it is deployed. An aws_ecr_repository is reported
#   when image_scanning_configuration does not set scan_on_push = true (or is left out). Not
#   reported: repositories covered by an aws_ecr_registry_scanning_configuration in the same
#   root module whose rules scan on push or continuously for a repository filter matching the
#   repository's name (registry-level scanning replaces the repository setting). Severity
#   MEDIUM: vulnerable images are not stopped, only unreported. Settings that cannot be known
#   statically are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecr_repository#image_scanning_configuration
# custom:
#   id: TF039
#   name: ecr-scan-on-push-disabled
#   severity: MEDIUM
#   remediation: >-
#     Add image_scanning_configuration { scan_on_push = true } to the aws_ecr_repository, or
#     enable enhanced scanning for the registry with an aws_ecr_registry_scanning_configuration.
#   aliases:
#     - CKV_AWS_163
#     - AVD-AWS-0030
#   targets: [terraform]
package bastion.rules.tf039

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

scanning_frequencies := {"SCAN_ON_PUSH", "CONTINUOUS_SCAN"}

deny contains finding if {
	some repository in object.get(input.by_kind, "aws_ecr_repository", [])
	not lib.attribute_unknown(repository, "image_scanning_configuration")
	not _scans_on_push(repository)
	not _registry_scans(repository)
	finding := object.union(
		{
			"resource": repository.id,
			"msg": sprintf("ECR repository %s does not scan images on push", [repository.name]),
		},
		_attribute(repository),
	)
}

_scans_on_push(repository) if {
	some configuration in repository.attrs.image_scanning_configuration
	aws.is_true(configuration.scan_on_push)
}

_attribute(repository) := {"attribute": "image_scanning_configuration[0].scan_on_push"} if {
	"scan_on_push" in object.keys(repository.attrs.image_scanning_configuration[0])
}

_attribute(repository) := {"attribute": "image_scanning_configuration[0]"} if {
	count(object.get(repository.attrs, "image_scanning_configuration", [])) > 0
	not "scan_on_push" in object.keys(repository.attrs.image_scanning_configuration[0])
}

_attribute(repository) := {} if {
	count(object.get(repository.attrs, "image_scanning_configuration", [])) == 0
}

_registry_scans(repository) if {
	some registry in object.get(input.by_kind, "aws_ecr_registry_scanning_configuration", [])
	aws.same_root(registry, repository)
	not lib.known(registry.attrs)
}

_registry_scans(repository) if {
	some registry in object.get(input.by_kind, "aws_ecr_registry_scanning_configuration", [])
	aws.same_root(registry, repository)
	some rule in object.get(registry.attrs, "rule", [])
	rule.scan_frequency in scanning_frequencies
	some filter in object.get(rule, "repository_filter", [])
	_matches(filter.filter, object.get(repository.attrs, "name", null))
}

# An unknown name or filter may match.
_matches(pattern, name) if not lib.known([pattern, name])

_matches(pattern, name) if {
	is_string(pattern)
	is_string(name)
	parts := split(pattern, "*")
	count(parts) == 1
	pattern == name
}

_matches(pattern, name) if {
	is_string(pattern)
	is_string(name)
	parts := split(pattern, "*")
	count(parts) > 1
	startswith(name, parts[0])
	endswith(name, parts[count(parts) - 1])
	every part in array.slice(parts, 1, count(parts) - 1) {
		contains(name, part)
	}
}
