# METADATA
# title: Instance metadata service allows IMDSv1
# description: >-
#   IMDSv1 answers any plain GET to 169.254.169.254, so a server-side request forgery or an
#   open proxy in the application hands out the instance role's temporary credentials (the
#   Capital One breach). IMDSv2 requires a session token obtained with a PUT, which such
#   requests cannot make. Reported: an aws_instance, aws_launch_template or
#   aws_launch_configuration whose metadata_options does not set http_tokens = "required",
#   or which has no metadata_options at all (the default accepts IMDSv1). Not reported: a
#   metadata endpoint that is disabled, an instance launched from a launch template (the
#   template decides), and a root module with aws_ec2_instance_metadata_defaults requiring
#   tokens for the account. Severity HIGH: it turns a common web bug into stolen AWS
#   credentials.
# related_resources:
#   - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance#metadata-options
# custom:
#   id: TF013
#   name: instance-metadata-v1-allowed
#   severity: HIGH
#   remediation: >-
#     Add metadata_options { http_endpoint = "enabled", http_tokens = "required",
#     http_put_response_hop_limit = 1 } (hop limit 2 for containers that need the metadata
#     service).
#   aliases:
#     - CKV_AWS_79
#     - AVD-AWS-0028
#     - AVD-AWS-0130
#   targets: [terraform]
package bastion.rules.tf013

import data.bastion.lib
import data.bastion.lib.aws
import rego.v1

metadata_kinds := ["aws_instance", "aws_launch_template", "aws_launch_configuration"]

deny contains finding if {
	some node in aws.resources(metadata_kinds)
	count(object.get(node.attrs, "metadata_options", [])) == 0
	not lib.attribute_unknown(node, "metadata_options")
	object.get(node.attrs, "launch_template", []) == []
	not _tokens_required_by_account(node)
	finding := {
		"resource": node.id,
		"msg": sprintf("%s has no metadata_options, so the instance metadata service accepts IMDSv1 requests", [node.name]),
	}
}

deny contains finding if {
	some node in aws.resources(metadata_kinds)
	some i, options in object.get(node.attrs, "metadata_options", [])
	path := sprintf("metadata_options[%d]", [i])
	not lib.attribute_unknown(node, path)
	object.get(options, "http_endpoint", "enabled") != "disabled"
	object.get(options, "http_tokens", "optional") != "required"
	not _tokens_required_by_account(node)
	finding := _tokens_finding(node, options, path)
}

_tokens_finding(node, options, path) := {
	"resource": node.id,
	"attribute": concat("", [path, ".http_tokens"]),
	"msg": sprintf("%s sets http_tokens = %v, so the instance metadata service accepts IMDSv1 requests", [node.name, options.http_tokens]),
} if "http_tokens" in object.keys(options)

_tokens_finding(node, options, path) := {
	"resource": node.id,
	"attribute": path,
	"msg": sprintf("%s does not set http_tokens = \"required\", so the instance metadata service accepts IMDSv1 requests", [node.name]),
} if not "http_tokens" in object.keys(options)

# Account-wide defaults requiring tokens (or whose setting cannot be known) decide instead.
_tokens_required_by_account(node) if {
	some defaults in object.get(input.by_kind, "aws_ec2_instance_metadata_defaults", [])
	aws.same_root(defaults, node)
	_required_or_unknown(object.get(defaults.attrs, "http_tokens", null))
}

_required_or_unknown(tokens) if tokens == "required"

_required_or_unknown(tokens) if not lib.known(tokens)
